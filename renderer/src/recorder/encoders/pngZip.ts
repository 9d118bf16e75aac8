/** PNG frame sequence in a zip (fflate; entries stored, PNG is already compressed): frame-00000.png … */
import { zipSync } from 'fflate';
import { canvasToPng } from '../../landscape3d/offscreen';
import type { EncoderOptions, FrameEncoder } from './types';

export function frameName(k: number): string {
  return `frame-${String(k).padStart(5, '0')}.png`;
}

export function createPngZipEncoder(_options: EncoderOptions): FrameEncoder {
  let files: Record<string, Uint8Array> = {};
  let bytes = 0;
  return {
    async add(canvas, _image, k) {
      const png = new Uint8Array(await (await canvasToPng(canvas)).arrayBuffer());
      files[frameName(k)] = png;
      bytes += png.length;
    },
    bytesSoFar: () => bytes,
    async finish() {
      const zip = zipSync(files, { level: 0 });
      files = {};
      return zip;
    },
    close() {
      files = {};
    },
  };
}
