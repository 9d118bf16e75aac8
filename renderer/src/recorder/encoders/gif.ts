/**
 * GIF through gifenc with one palette for the whole animation (quantized from frames sampled
 * evenly across the scene before encoding, so colours do not flicker between frames). GIF
 * delays are whole centiseconds: 30 fps is written as 3 cs (the frame count is exact).
 */
import { applyPalette, GIFEncoder, quantize, type Palette } from 'gifenc';
import type { EncoderOptions, FrameEncoder } from './types';

/** Frames used to build the palette. */
export function paletteSampleFrames(frames: number, samples = 6): number[] {
  const n = Math.min(frames, samples);
  return [...new Set(Array.from({ length: n }, (_, k) => Math.round((k * (frames - 1)) / Math.max(1, n - 1))))];
}

/** One palette from several frames' pixels (each subsampled to ≤ 64k pixels, then concatenated). */
export function animationPalette(images: readonly ImageData[]): Palette {
  const parts: Uint8Array[] = images.map((image) => {
    const pixels = image.width * image.height;
    const stride = Math.max(1, Math.floor(pixels / 65_536));
    const out = new Uint8Array(4 * Math.ceil(pixels / stride));
    let at = 0;
    for (let p = 0; p < pixels; p += stride) {
      out.set(image.data.subarray(4 * p, 4 * p + 4), at);
      at += 4;
    }
    return out.subarray(0, at);
  });
  const all = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return quantize(all, 256);
}

export function createGifEncoder(options: EncoderOptions, palette: Palette): FrameEncoder {
  const gif = GIFEncoder();
  const delay = 1000 / options.fps;
  return {
    async add(_canvas, image, k) {
      const index = applyPalette(image.data, palette);
      gif.writeFrame(index, image.width, image.height, k === 0 ? { palette, delay, repeat: 0 } : { delay });
    },
    bytesSoFar: () => gif.bytesView().length,
    async finish() {
      gif.finish();
      return gif.bytes();
    },
    close() {
      // Nothing to release: the bytes are dropped with the encoder.
    },
  };
}
