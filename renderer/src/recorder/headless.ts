/**
 * The page-side entry of `escape-studio record`: `window.escapeStudioRecorder.record(scene,
 * format)` prepares and records a scene (a document or a stored sceneId) through this page's own
 * StudioApi connection and downloads the file; it resolves with the frame count, per-frame
 * hashes and size. Also what the end-to-end tests drive. Registered by main.tsx; the recorder
 * itself (three.js, encoders) loads on the first call.
 */
export interface HeadlessResult {
  readonly frames: number;
  readonly frameHashes: readonly string[];
  readonly bytes: number;
  readonly seconds: number;
  readonly fileName: string;
}

export interface HeadlessRecorder {
  record(scene: unknown, format: string, options?: { vp8?: boolean; cancelAfterFrames?: number }): Promise<HeadlessResult>;
}

declare global {
  interface Window {
    escapeStudioRecorder?: HeadlessRecorder;
  }
}

window.escapeStudioRecorder = {
  record: async (scene, format, options) => (await import('./headlessRecord')).recorder.record(scene, format, options),
};
