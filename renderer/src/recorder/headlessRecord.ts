/** The heavy half of headless.ts (three.js, encoders), loaded on the first call. */
import { SceneSchema, type Scene } from '../../../contract/scene';
import { connectToHost, type Connection } from '../api';
import { poseAt } from '../landscape3d/cameraPose';
import { canvasToPng, OffscreenRenderer } from '../landscape3d/offscreen';
import { backgroundColor } from '../landscape3d/sceneGraph';
import { isRecordingFormat } from './encoders/types';
import type { HeadlessRecorder } from './headless';
import { prepareScene, type PreparedScene } from './prepare';
import { recordScene } from './record';
import { safeFileName, saveBytes } from './saveFile';

let connection: Promise<Connection> | null = null;
const connect = () => (connection ??= connectToHost());

async function sceneFrom(input: unknown): Promise<Scene> {
  if (typeof input === 'string') return (await connect()).api.call('scenes.get', { sceneId: input });
  const parsed = SceneSchema.safeParse(input);
  if (!parsed.success) throw new Error(`scene: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** The last prepared scene, reused on request (`reuse`: benchmarks time the frames, not the landscape computation). */
let cached: { key: string; prepared: PreparedScene } | null = null;

async function prepared(scene: Scene, reuse: boolean): Promise<PreparedScene> {
  const { width: _w, height: _h, duration: _d, fps: _f, keyframes: _k, replay: _r, name: _n, ...content } = scene;
  const key = JSON.stringify(content);
  if (reuse && cached?.key === key) return cached.prepared;
  cached?.prepared.dispose();
  cached = null;
  const p = await prepareScene((await connect()).api, scene);
  cached = { key, prepared: p };
  return p;
}

export const recorder: HeadlessRecorder = {
  async record(input, format, options = {}) {
    if (!isRecordingFormat(format)) throw new Error(`format: expected webm, gif or zip (got '${format}')`);
    const scene = await sceneFrom(input);
    const p = await prepared(scene, options.reuse ?? false);
    const controller = new AbortController();
    const recording = await recordScene(
      { ...p, scene },
      {
        format,
        signal: controller.signal,
        vp8: options.vp8 ?? false,
        onProgress: (progress) => {
          if (options.cancelAfterFrames !== undefined && progress.done >= options.cancelAfterFrames) controller.abort();
        },
      },
    );
    const fileName = safeFileName(scene.name, recording.extension);
    if (options.download !== false) saveBytes(recording.bytes, recording.mime, fileName);
    return { frames: recording.frames, frameHashes: recording.frameHashes, bytes: recording.bytes.length, seconds: recording.seconds, fileName, stageMs: recording.stageMs };
  },

  async still(input, options = {}) {
    const scene = await sceneFrom(input);
    const p = await prepared(scene, options.reuse ?? false);
    const started = performance.now();
    const renderer = new OffscreenRenderer(scene.width, scene.height);
    try {
      const dark = scene.theme === 'dark';
      p.graph.setCurrent(null);
      const canvas = renderer.render(p.three, poseAt(scene.keyframes, 0), {
        transparent: options.transparent ?? false,
        background: backgroundColor(dark),
        dark,
        annotations: scene.annotations ? p.data.layout : null,
      });
      const png = new Uint8Array(await (await canvasToPng(canvas)).arrayBuffer());
      const seconds = (performance.now() - started) / 1000;
      const fileName = safeFileName(scene.name, 'png');
      if (options.download !== false) saveBytes(png, 'image/png', fileName);
      return { bytes: png.length, seconds, fileName, width: scene.width, height: scene.height };
    } finally {
      renderer.dispose();
    }
  },
};
