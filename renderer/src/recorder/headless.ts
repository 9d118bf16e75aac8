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
  readonly stageMs: { readonly render: number; readonly read: number; readonly hash: number; readonly encode: number };
}

export interface HeadlessRecorder {
  /** Records a scene (document or stored sceneId); `download: false` keeps the file in the page, `reuse` keeps the last prepared landscape (benchmarks). */
  record(scene: unknown, format: string, options?: { vp8?: boolean; cancelAfterFrames?: number; download?: boolean; reuse?: boolean }): Promise<HeadlessResult>;
  /** Frame 0 of a scene as a PNG of the scene's size (the landscape PNG export without the studio's window). */
  still(scene: unknown, options?: { transparent?: boolean; download?: boolean; reuse?: boolean }): Promise<{ bytes: number; seconds: number; fileName: string; width: number; height: number }>;
}

declare global {
  interface Window {
    escapeStudioRecorder?: HeadlessRecorder;
  }
}

window.escapeStudioRecorder = {
  record: async (scene, format, options) => (await import('./headlessRecord')).recorder.record(scene, format, options),
  still: async (scene, options) => (await import('./headlessRecord')).recorder.still(scene, options),
};
