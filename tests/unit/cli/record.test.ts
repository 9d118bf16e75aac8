/** `escape-studio record`: refusals before any browser starts (output format, scene file, browser path). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findChromium } from '../../../main/cli/headlessStudio';
import { outputFormat } from '../../../main/cli/record';
import { tempDir } from '../helpers/service';
import { runCli } from './runCli';

const dirs: { path: string; remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

describe('escape-studio record', () => {
  it('picks the encoder from --out and explains MP4', () => {
    expect(outputFormat('talk.webm')).toBe('webm');
    expect(outputFormat('a/b/loop.GIF')).toBe('gif');
    expect(outputFormat('frames.zip')).toBe('zip');
    expect(() => outputFormat('talk.mp4')).toThrow(/MP4 needs an H\.264 WebCodecs encoder/);
    expect(() => outputFormat('talk.avi')).toThrow("--out must end in .webm, .gif or .zip (PNG frames), got 'talk.avi'");
  });

  it('refuses a bad scene file naming the file and the field, before starting a browser', async () => {
    const dir = tempDir('record-cli');
    dirs.push(dir);
    const scene = join(dir.path, 'scene.json');
    writeFileSync(scene, JSON.stringify({ format: 'escape-studio/scene@1', source: { kind: 'run', runId: 'r' }, plane: { kind: 'pca' }, keyframes: [], duration: 2, fps: 30, width: 640, height: 360 }));
    const run = await runCli(['record', '--scene', scene, '--out', join(dir.path, 'x.webm'), '--workspace', dir.path]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`${scene}: keyframes: expected at least one camera keyframe`);
    const missing = await runCli(['record', '--scene', 'no/such file.json', '--out', 'x.webm']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("is not a scene id");
    const noOut = await runCli(['record', '--scene', scene]);
    expect(noOut.stderr).toContain('--out is required');
  });

  it('says where it looked for a browser and how to get one', () => {
    expect(() => findChromium('/nonexistent/chromium')).toThrow('--chromium: no browser at /nonexistent/chromium');
    expect(findChromium('/usr/bin/chromium')).toBe('/usr/bin/chromium');
  });
});
