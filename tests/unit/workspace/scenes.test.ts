/** Recorder scenes in the workspace (scenes/<sceneId>.json): save, replace, list, reopen, damaged files, through the API too. */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRequest } from '../../../contract/validate';
import { SceneSchema, sceneFrameCount, type SceneInput } from '../../../contract/scene';
import { Workspace } from '../../../main/workspace/workspace';
import { tempDir } from '../helpers/service';

const dirs: { path: string; remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

function folder(): string {
  const d = tempDir('scenes');
  dirs.push(d);
  return d.path;
}

const input: SceneInput = {
  format: 'escape-studio/scene@1',
  name: 'orbit and replay',
  source: { kind: 'run', runId: 'run-a' },
  runId: 'run-a',
  plane: { kind: 'pca' },
  keyframes: [
    { time: 0, pose: { azimuth: 40, elevation: 25, distance: 3, target: [0, 0.3, 0] } },
    { time: 2, pose: { azimuth: 400, elevation: 25, distance: 3, target: [0, 0.3, 0] }, easing: 'linear' },
  ],
  replay: { from: 0, to: 40 },
  duration: 2,
  fps: 30,
  width: 640,
  height: 360,
};
const scene = SceneSchema.parse(input);

describe('scene documents', () => {
  it('fill defaults and count frames as duration × fps', () => {
    expect(scene.grid).toBe(65);
    expect(scene.colormap).toBe('viridis');
    expect(scene.keyframes[0].easing).toBe('ease-in-out');
    expect(sceneFrameCount(scene)).toBe(60);
  });

  it('refuse bad documents with the field and the problem', () => {
    const problem = (patch: Record<string, unknown>) => {
      try {
        parseRequest('scenes.save', { scene: { ...input, ...patch } });
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(problem({ keyframes: [] })).toBe('scenes.save: scene.keyframes: expected at least one camera keyframe');
    expect(problem({ keyframes: [input.keyframes[1], input.keyframes[0]] })).toBe('scenes.save: scene.keyframes: expected keyframes in increasing time');
    expect(problem({ width: 641 })).toBe('scenes.save: scene.width: expected even width and height (video encoders need them)');
    expect(problem({ width: 4000 })).toBe('scenes.save: scene.width: expected positive integer ≤ 3840');
    expect(problem({ duration: 600, fps: 120 })).toBe('scenes.save: scene.duration: expected duration × fps ≤ 36000 frames');
    expect(problem({ format: 'escape-studio/scene@2' })).toBe("scenes.save: scene.format: expected 'escape-studio/scene@1'");
    expect(problem({ plane: { kind: 'sideways' } })).toMatch(/^scenes\.save: scene\.plane(\.kind)?: expected kind 'escape-curvature'/);
  });
});

describe('scene store', () => {
  it('saves a new scene under a fresh id, replaces it by id, and finds it again after reopening', async () => {
    const dir = folder();
    const ws = await Workspace.open(dir);
    const id = await ws.scenes.save(scene);
    expect(id).toMatch(/^scene-/);
    expect(ws.scenes.get(id)).toEqual({ ...scene, sceneId: id });
    const again = await ws.scenes.save({ ...scene, sceneId: id, name: 'renamed' });
    expect(again).toBe(id);
    // An unknown sceneId is not trusted as a file name: it gets a new id.
    const other = await ws.scenes.save({ ...scene, sceneId: 'made-up' });
    expect(other).not.toBe('made-up');
    const reopened = await Workspace.open(dir);
    expect(reopened.scenes.list().map((s) => [s.sceneId, s.name]).sort()).toEqual([[id, 'renamed'], [other, 'orbit and replay']].sort());
    expect(reopened.scenes.get(id).keyframes).toEqual(scene.keyframes);
    expect(readdirSync(join(dir, 'scenes')).sort()).toEqual([`${id}.json`, `${other}.json`].sort());
  });

  it('reports damaged scene files on open, keeps them on disk, and removes temp leftovers', async () => {
    const dir = folder();
    const ws = await Workspace.open(dir);
    const id = await ws.scenes.save(scene);
    writeFileSync(join(dir, 'scenes', 'scene-broken.json'), '{"format": "escape-studio/scene@1", "fps": -1');
    writeFileSync(join(dir, 'scenes', 'scene-wrong.json'), JSON.stringify({ ...scene, sceneId: 'scene-wrong', fps: 0 }));
    writeFileSync(join(dir, 'scenes', '.tmp-scene-x.json-abc'), 'partial');
    await ws.close(); // as after a crash: the next process opens the folder and removes leftovers
    const reopened = await Workspace.open(dir);
    expect(reopened.scenes.list().map((s) => s.sceneId)).toEqual([id]);
    const problems = reopened.problems.filter((p) => p.includes('scene-'));
    expect(problems.some((p) => p.includes('scene-broken.json: not JSON'))).toBe(true);
    expect(problems.some((p) => p.includes('scene-wrong.json: fps: expected positive integer'))).toBe(true);
    expect(readdirSync(join(dir, 'scenes')).sort()).toEqual([`${id}.json`, 'scene-broken.json', 'scene-wrong.json'].sort());
  });

  it('answers an unknown id with not-found naming it', async () => {
    const ws = await Workspace.open(folder());
    expect(() => ws.scenes.get('scene-nope')).toThrow("sceneId: no scene 'scene-nope' in the workspace");
  });
});
