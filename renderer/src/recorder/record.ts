/**
 * Deterministic recording: frame k is rendered at scene time k / fps — camera from the keyframes,
 * trajectory marker from the replay range — never against the wall clock, so two recordings of
 * one scene have identical frames (each frame's SHA-256 is returned to prove it). Cancel (an
 * AbortSignal, checked between frames, each a few tens of ms) stops without producing a file.
 */
import { sceneFrameCount, type Scene } from '../../../contract/scene';
import { frameTime, poseAt, replayIndexAt } from '../landscape3d/cameraPose';
import { OffscreenRenderer } from '../landscape3d/offscreen';
import { backgroundColor } from '../landscape3d/sceneGraph';
import { createGifEncoder, animationPalette, paletteSampleFrames } from './encoders/gif';
import { createPngZipEncoder } from './encoders/pngZip';
import { FORMAT_INFO, type FrameEncoder, type RecordingFormat } from './encoders/types';
import { createWebmEncoder, webmBitrate } from './encoders/webm';
import type { PreparedScene } from './prepare';

export interface RecordProgress {
  readonly done: number;
  readonly total: number;
  /** Projected file size in bytes from the frames so far. */
  readonly estimatedBytes: number;
}

export interface RecordOptions {
  readonly format: RecordingFormat;
  readonly signal?: AbortSignal;
  onProgress?(progress: RecordProgress): void;
  /** Called before frame k is drawn with the trajectory snapshot it shows (the studio moves its time slider). */
  onFrame?(k: number, snapshot: number | null): void;
  /** Force VP8 instead of VP9. */
  readonly vp8?: boolean;
  /** Multisampled frames (slow without a GPU); default off. */
  readonly antialias?: boolean;
}

export interface Recording {
  readonly bytes: Uint8Array;
  readonly mime: string;
  readonly extension: string;
  readonly frames: number;
  /** SHA-256 (hex) of each frame's RGBA pixels, in order. */
  readonly frameHashes: readonly string[];
  readonly seconds: number;
  /** Milliseconds spent per stage over all frames (render + labels, pixel read-back, hashing, encoding). */
  readonly stageMs: { readonly render: number; readonly read: number; readonly hash: number; readonly encode: number };
}

export class RecordingCancelled extends Error {
  override name = 'RecordingCancelled';
  constructor() {
    super('recording cancelled; no file was written');
  }
}

/** A size estimate before recording (bytes). */
export function estimateBytes(scene: Pick<Scene, 'width' | 'height' | 'fps' | 'duration'>, format: RecordingFormat): number {
  const frames = sceneFrameCount(scene);
  const pixels = scene.width * scene.height;
  switch (format) {
    case 'webm':
      return Math.round((webmBitrate(scene.width, scene.height, scene.fps) * scene.duration) / 8);
    case 'gif':
      return Math.round(frames * pixels * 0.35);
    case 'zip':
      return Math.round(frames * pixels * 0.6);
  }
}

async function sha256Hex(data: Uint8ClampedArray<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function recordScene(prepared: PreparedScene, options: RecordOptions): Promise<Recording> {
  const { scene } = prepared;
  const frames = sceneFrameCount(scene);
  const started = performance.now();
  const renderer = new OffscreenRenderer(scene.width, scene.height, options.antialias ?? false);
  const dark = scene.theme === 'dark';
  const frameOptions = { transparent: false, background: backgroundColor(dark), dark, annotations: scene.annotations ? prepared.data.layout : null };
  const check = () => {
    if (options.signal?.aborted) throw new RecordingCancelled();
  };
  const draw = (k: number) => {
    const t = frameTime(k, scene.fps);
    const snapshot = replayIndexAt(scene, t, prepared.snapshots);
    options.onFrame?.(k, snapshot);
    prepared.graph.setCurrent(snapshot === null ? null : (prepared.data.path[snapshot] ?? null));
    return renderer.render(prepared.three, poseAt(scene.keyframes, t), frameOptions);
  };
  let encoder: FrameEncoder | null = null;
  try {
    const encoderOptions = { width: scene.width, height: scene.height, fps: scene.fps, frames };
    if (options.format === 'gif') {
      const samples = [];
      for (const k of paletteSampleFrames(frames)) {
        check();
        draw(k);
        samples.push(renderer.pixels());
        await nextTask();
      }
      encoder = createGifEncoder(encoderOptions, animationPalette(samples));
    } else encoder = options.format === 'webm' ? await createWebmEncoder(encoderOptions, options.vp8) : createPngZipEncoder(encoderOptions);
    const hashes: string[] = [];
    const stageMs = { render: 0, read: 0, hash: 0, encode: 0 };
    for (let k = 0; k < frames; k++) {
      check();
      let t = performance.now();
      const lap = (stage: keyof typeof stageMs) => {
        const now = performance.now();
        stageMs[stage] += now - t;
        t = now;
      };
      const canvas = draw(k);
      lap('render');
      const image = renderer.pixels();
      lap('read');
      hashes.push(await sha256Hex(image.data as Uint8ClampedArray<ArrayBuffer>));
      lap('hash');
      await encoder.add(canvas, image, k);
      lap('encode');
      options.onProgress?.({ done: k + 1, total: frames, estimatedBytes: Math.round((encoder.bytesSoFar() / (k + 1)) * frames) });
      // Let the page breathe (cancel clicks, progress bar) between frames.
      await nextTask();
    }
    check();
    const bytes = await encoder.finish();
    encoder = null;
    const info = FORMAT_INFO[options.format];
    return { bytes, mime: info.mime, extension: info.extension, frames, frameHashes: hashes, seconds: (performance.now() - started) / 1000, stageMs };
  } finally {
    encoder?.close();
    renderer.dispose();
  }
}
