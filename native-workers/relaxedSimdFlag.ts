/**
 * Turns WebAssembly relaxed SIMD on in this process where the runtime lacks it, so the large
 * networks' GEMM gets its FMA kernel (engine/wasm/gemmDot.ts, GemmArena `{ fused: true }`).
 * Node 20 (V8 11.3) has relaxed SIMD only behind --experimental-wasm-relaxed-simd; Node ≥ 22 and
 * Electron (Chromium ≥ 114) ship it, and there this does nothing (an unknown flag would only print
 * an error, so it is set only when the probe fails).
 *
 * Checked on Node 20.20: `v8.setFlagsFromString` takes effect at once for the main thread and for
 * every worker_thread, started before or after (V8 flags are per process; set in a worker, the flag
 * holds in the whole process too); NODE_OPTIONS refuses it ("not allowed in NODE_OPTIONS"), so the
 * hosts set it at run time by importing this module first: the CLI and web host (main/cli/index.ts),
 * the compute workers (compute.worker.ts), the benchmarks (bench/run.ts). The engine never keeps a
 * "no relaxed SIMD" answer, so a WebAssembly module compiled before this ran does not matter.
 * ESCAPE_STUDIO_RELAXED_SIMD=0 leaves the runtime as it is (on Node 20: the mul + add kernel, the
 * results of before this switch, bit for bit).
 */
import { setFlagsFromString } from 'node:v8';
import { relaxedSimdAvailable } from './engine';

export const RELAXED_SIMD_FLAG = '--experimental-wasm-relaxed-simd';

/** Sets the flag unless relaxed SIMD is already on or `env` opts out; returns whether it is on now. */
export function enableRelaxedSimd(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.ESCAPE_STUDIO_RELAXED_SIMD !== '0' && !relaxedSimdAvailable()) setFlagsFromString(RELAXED_SIMD_FLAG);
  return relaxedSimdAvailable();
}

enableRelaxedSimd();
