/** The heavy half of headless.ts (three.js, encoders), loaded on the first call. */
import { SceneSchema, type Scene } from '../../../contract/scene';
import { connectToHost, type Connection } from '../api';
import { isRecordingFormat } from './encoders/types';
import type { HeadlessRecorder } from './headless';
import { prepareScene } from './prepare';
import { recordScene } from './record';
import { safeFileName, saveBytes } from './saveFile';

let connection: Promise<Connection> | null = null;

async function sceneFrom(input: unknown, connect: () => Promise<Connection>): Promise<Scene> {
  if (typeof input === 'string') return (await connect()).api.call('scenes.get', { sceneId: input });
  const parsed = SceneSchema.safeParse(input);
  if (!parsed.success) throw new Error(`scene: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export const recorder: HeadlessRecorder = {
  async record(input, format, options = {}) {
    if (!isRecordingFormat(format)) throw new Error(`format: expected webm, gif or zip (got '${format}')`);
    const connect = () => (connection ??= connectToHost());
    const scene = await sceneFrom(input, connect);
    const prepared = await prepareScene((await connect()).api, scene);
    const controller = new AbortController();
    try {
      const recording = await recordScene(prepared, {
        format,
        signal: controller.signal,
        vp8: options.vp8 ?? false,
        onProgress: (p) => {
          if (options.cancelAfterFrames !== undefined && p.done >= options.cancelAfterFrames) controller.abort();
        },
      });
      const fileName = safeFileName(scene.name, recording.extension);
      saveBytes(recording.bytes, recording.mime, fileName);
      return { frames: recording.frames, frameHashes: recording.frameHashes, bytes: recording.bytes.length, seconds: recording.seconds, fileName };
    } finally {
      prepared.dispose();
    }
  },
};
