/**
 * Landscape export and recording (issue 11): in the system Chromium (headless, playwright-core)
 * against an internal web host on a temporary workspace holding one fig6 width-3 flow run
 * (seed 4), scene = its final point on the trajectory-PCA plane at 65², annotations on.
 * - `recording.png.3840x2160`: render the landscape offscreen at 3840×2160 + labels + PNG encode.
 * - `recording.webm.1280x720`: a 2 s, 30 fps orbit + replay encoded to WebM (VP9); `extra.fps`
 *   is frames / second encoded (goal ≥ 30, i.e. faster than real time), with VP8 in the same run
 *   for comparison (`recording.webm.1280x720.vp8`).
 * The landscape is computed once per case (warm-up) and reused, so the cases time frames, not the loss grid.
 * Rendering here is Chromium's software WebGL (SwiftShader) when the machine has no GPU.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SceneInput } from '../../contract/scene';
import { localStudioApi } from '../../main/services/localApi';
import { openHeadlessStudio, type HeadlessStudio } from '../../main/cli/headlessStudio';
import type { BenchCase } from '../harness';

interface State {
  studio: HeadlessStudio;
  dir: string;
  scene: (width: number, height: number) => SceneInput;
}

async function open(): Promise<State> {
  const dir = mkdtempSync(join(tmpdir(), 'escape-bench-recording-'));
  const studio = await openHeadlessStudio({ workspaceDir: dir });
  const api = localStudioApi(studio.service);
  const done = new Promise<void>((resolve, reject) =>
    api.subscribe((e) => {
      if (e.type === 'job.done') resolve();
      if (e.type === 'job.failed') reject(new Error('bench training failed'));
    }),
  );
  const started = await api.call('experiments.start', { teacher: 'fig6', width: 3, seeds: [4], method: 'flow' });
  await done;
  const runId = started.jobs[0]!.runId;
  const pose = { azimuth: 40, elevation: 28, distance: 3, target: [0, 0.3, 0] as [number, number, number] };
  return {
    studio,
    dir,
    scene: (width, height) => ({
      format: 'escape-studio/scene@1',
      name: 'bench',
      source: { kind: 'run', runId, which: 'final' },
      runId,
      plane: { kind: 'pca' },
      grid: 65,
      keyframes: [
        { time: 0, pose, easing: 'linear' },
        { time: 2, pose: { ...pose, azimuth: 400 } },
      ],
      replay: { from: 0, to: 60 },
      duration: 2,
      fps: 30,
      width,
      height,
    }),
  };
}

/** Each case opens its own headless studio (a case filter may select any one of them). */
async function close(s: unknown): Promise<void> {
  const state = s as State;
  await state.studio.close();
  rmSync(state.dir, { recursive: true, force: true });
}

type PageCall = (args: readonly [SceneInput, string, boolean]) => Promise<{ seconds: number; frames?: number; bytes: number; stageMs?: Record<string, number> }>;

function inPage(s: State, what: 'still' | 'record', scene: SceneInput, format: string, vp8: boolean) {
  return s.studio.page.evaluate(
    (([doc, f, v]) => {
      const r = (globalThis as unknown as { escapeStudioRecorder: Record<string, (...a: unknown[]) => Promise<unknown>> }).escapeStudioRecorder;
      return (f === 'png' ? r.still!(doc, { download: false, reuse: true }) : r.record!(doc, f, { download: false, reuse: true, vp8: v })) as Promise<{ seconds: number; frames?: number; bytes: number; stageMs?: Record<string, number> }>;
    }) as PageCall,
    [scene, what === 'still' ? 'png' : format, vp8] as const,
  );
}

function pngCase(): BenchCase {
  return {
    name: 'recording.png.3840x2160',
    warmup: 1,
    repetitions: 5,
    maxSeconds: 60,
    setup: open,
    run: async (s) => {
      const r = await inPage(s as State, 'still', (s as State).scene(3840, 2160), 'png', false);
      return { benchExtra: { pngBytes: r.bytes, inPageMs: Math.round(r.seconds * 1000) } };
    },
    teardown: close,
  };
}

function webmCase(vp8: boolean): BenchCase {
  return {
    name: `recording.webm.1280x720${vp8 ? '.vp8' : ''}`,
    // 60 frames at 30 fps in ≤ 2 s is real time.
    targetMs: 2000,
    warmup: 1,
    repetitions: 3,
    maxSeconds: 60,
    setup: open,
    run: async (s) => {
      const r = await inPage(s as State, 'record', (s as State).scene(1280, 720), 'webm', vp8);
      return { benchExtra: { fps: Math.round((10 * (r.frames ?? 0)) / r.seconds) / 10, bytes: r.bytes, stageMs: Object.fromEntries(Object.entries(r.stageMs ?? {}).map(([k, v]) => [k, Math.round(v)])) } };
    },
    teardown: close,
  };
}

export default [pngCase(), webmCase(false), webmCase(true)];
