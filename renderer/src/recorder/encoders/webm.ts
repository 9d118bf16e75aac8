/**
 * WebM through WebCodecs: VideoEncoder (VP9, else VP8, software in Chromium) feeding
 * webm-muxer. Frame k gets timestamp k / fps exactly (microseconds), a key frame every two
 * seconds; quality latency mode so the encoder never drops frames.
 */
import { ArrayBufferTarget, Muxer } from 'webm-muxer';
import type { EncoderOptions, FrameEncoder } from './types';

const CODECS = [
  { webcodecs: 'vp09.00.10.08', matroska: 'V_VP9' },
  { webcodecs: 'vp8', matroska: 'V_VP8' },
] as const;

/** About 0.1 bits per pixel per frame: ~2.8 Mbit/s at 1280 × 720, 30 fps. */
export function webmBitrate(width: number, height: number, fps: number): number {
  return Math.round(Math.max(200_000, 0.1 * width * height * fps));
}

export async function createWebmEncoder(options: EncoderOptions, preferVp8 = false): Promise<FrameEncoder> {
  if (typeof VideoEncoder === 'undefined') throw new Error('this browser has no WebCodecs VideoEncoder: choose GIF or PNG frames');
  const { width, height, fps } = options;
  const bitrate = webmBitrate(width, height, fps);
  let chosen: (typeof CODECS)[number] | null = null;
  for (const codec of preferVp8 ? [...CODECS].reverse() : CODECS) {
    const support = await VideoEncoder.isConfigSupported({ codec: codec.webcodecs, width, height, bitrate, framerate: fps });
    if (support.supported) {
      chosen = codec;
      break;
    }
  }
  if (!chosen) throw new Error(`this browser cannot encode VP9 or VP8 video at ${width}×${height}: choose GIF or PNG frames`);
  const target = new ArrayBufferTarget();
  const muxer = new Muxer({ target, video: { codec: chosen.matroska, width, height, frameRate: fps }, firstTimestampBehavior: 'strict' });
  let failure: Error | null = null;
  let bytes = 0;
  const encoder = new VideoEncoder({
    output: (chunk, meta) => {
      bytes += chunk.byteLength;
      muxer.addVideoChunk(chunk, meta);
    },
    error: (e) => {
      failure = e instanceof Error ? e : new Error(String(e));
    },
  });
  encoder.configure({ codec: chosen.webcodecs, width, height, bitrate, framerate: fps, latencyMode: 'quality' });
  const keyEvery = Math.max(1, Math.round(2 * fps));
  return {
    async add(canvas, _image, k) {
      if (failure) throw failure;
      const frame = new VideoFrame(canvas, { timestamp: Math.round((k * 1e6) / fps), duration: Math.round(1e6 / fps) });
      encoder.encode(frame, { keyFrame: k % keyEvery === 0 });
      frame.close();
      // Back-pressure: never queue more than a few frames (memory stays bounded at 4K).
      while (encoder.encodeQueueSize > 4 && !failure) await new Promise((r) => setTimeout(r, 2));
    },
    bytesSoFar: () => bytes,
    async finish() {
      await encoder.flush();
      if (failure) throw failure;
      encoder.close();
      muxer.finalize();
      return new Uint8Array(target.buffer);
    },
    close() {
      if (encoder.state !== 'closed') encoder.close();
    },
  };
}
