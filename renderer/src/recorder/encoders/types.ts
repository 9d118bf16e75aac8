/** What every recording encoder does: take frames in order, then hand back the file. */
export type RecordingFormat = 'webm' | 'gif' | 'zip';

export const FORMAT_INFO: Record<RecordingFormat, { label: string; extension: string; mime: string }> = {
  webm: { label: 'WebM video (VP9/VP8)', extension: 'webm', mime: 'video/webm' },
  gif: { label: 'GIF (one palette for the animation)', extension: 'gif', mime: 'image/gif' },
  zip: { label: 'PNG frames (zip)', extension: 'zip', mime: 'application/zip' },
};

export interface FrameEncoder {
  /** Frame k (0-based), drawn on `canvas`, its pixels in `image`. */
  add(canvas: HTMLCanvasElement, image: ImageData, k: number): Promise<void>;
  /** Bytes produced so far (for the size estimate). */
  bytesSoFar(): number;
  finish(): Promise<Uint8Array>;
  /** Releases the encoder without producing a file (cancel, error). */
  close(): void;
}

export interface EncoderOptions {
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly frames: number;
}

export function isRecordingFormat(x: string): x is RecordingFormat {
  return x === 'webm' || x === 'gif' || x === 'zip';
}
