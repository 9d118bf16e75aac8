/**
 * `escape-studio record --scene S.json|SCENE_ID --out talk.webm|.gif|.zip [--workspace DIR]`:
 * renders a saved scene without a visible window — the system Chromium (playwright-core) against
 * an internal `serve` on the workspace, the same recorder as the studio's Record button, so the
 * file equals what the studio records. The output appears atomically (temp file + rename) only
 * once complete.
 */
import { existsSync } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { tempName } from '../workspace/atomic';
import { defaultWorkspaceDir } from '../workspace/location';
import { parseScene } from '../workspace/scenes';
import { parseFlags, UsageError } from './args';
import type { CliCommand, CliIo } from './command';
import { openHeadlessStudio } from './headlessStudio';

const FLAGS = { scene: 'string', out: 'string', workspace: 'string', chromium: 'string', vp8: 'boolean', json: 'boolean' } as const;

const FORMATS: Record<string, 'webm' | 'gif' | 'zip'> = { '.webm': 'webm', '.gif': 'gif', '.zip': 'zip' };

interface PageResult {
  frames: number;
  frameHashes: string[];
  bytes: number;
  seconds: number;
  fileName: string;
}

export function outputFormat(out: string): 'webm' | 'gif' | 'zip' {
  const ext = extname(out).toLowerCase();
  const format = FORMATS[ext];
  if (format) return format;
  if (ext === '.mp4')
    throw new UsageError('--out: MP4 needs an H.264 WebCodecs encoder, which Debian’s Chromium does not ship; record .webm (VP9/VP8) and convert with ffmpeg if needed');
  throw new UsageError(`--out must end in .webm, .gif or .zip (PNG frames), got '${out}'`);
}

export async function record(argv: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags(argv, FLAGS);
  if (flags.scene === undefined) throw new UsageError('--scene is required (a scene .json file or the id of a scene saved in the workspace)');
  if (flags.out === undefined) throw new UsageError('--out is required (.webm, .gif or .zip)');
  const format = outputFormat(flags.out);
  const out = resolve(io.cwd, flags.out);
  const scenePath = resolve(io.cwd, flags.scene);
  // A file is read and validated here (errors name the field); otherwise the page fetches the stored scene by id.
  const scene: unknown = existsSync(scenePath) ? parseScene(scenePath, await readFile(scenePath, 'utf8')) : flags.scene;
  if (typeof scene === 'string' && !/^[A-Za-z0-9_-]{1,64}$/.test(scene)) throw new UsageError(`--scene: no file ${scenePath}, and '${flags.scene}' is not a scene id`);
  const workspaceDir = flags.workspace !== undefined ? resolve(io.cwd, flags.workspace) : defaultWorkspaceDir();
  const studio = await openHeadlessStudio({ workspaceDir, ...(flags.chromium !== undefined ? { chromium: flags.chromium } : {}) });
  const temp = tempName(out);
  try {
    io.stderr(`recording ${typeof scene === 'string' ? `scene ${scene}` : scenePath} as ${format} in headless Chromium…\n`);
    const download = studio.page.waitForEvent('download', { timeout: 0 });
    const result = (await studio.page.evaluate(
      ([s, f, vp8]) =>
        (globalThis as unknown as { escapeStudioRecorder: { record(s: unknown, f: string, o: { vp8: boolean }): Promise<unknown> } }).escapeStudioRecorder.record(s, f, { vp8 }),
      [scene, format, flags.vp8 ?? false] as const,
    )) as PageResult;
    await (await download).saveAs(temp);
    await rename(temp, out);
    if (flags.json) io.stdout(JSON.stringify({ out, format, frames: result.frames, bytes: result.bytes, seconds: result.seconds, frameHashes: result.frameHashes }) + '\n');
    else io.stdout(`${out}: ${result.frames} frames, ${result.bytes} bytes, ${result.seconds.toFixed(1)} s (${(result.frames / result.seconds).toFixed(1)} frames/s)\n`);
    return 0;
  } catch (error) {
    await rm(temp, { force: true });
    const message = (error as Error).message.replace(/^page\.evaluate: (Error: )?/, '').split('\n')[0];
    throw new Error(`record: ${message}`, { cause: error });
  } finally {
    await studio.close();
  }
}

export const recordCommand: CliCommand = {
  name: 'record',
  usage: 'record --scene S.json|SCENE_ID --out talk.webm|talk.gif|frames.zip [--workspace DIR] [--chromium PATH] [--vp8] [--json]',
  run: record,
};
