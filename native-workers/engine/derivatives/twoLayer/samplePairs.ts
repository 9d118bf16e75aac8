/**
 * The sample and unit layout shared by the two-layer SIMD kernels (twoLayerWasm.ts,
 * twoLayerSmoothWasm.ts): samples packed two per 128-byte pair, each field two f64 lanes —
 * x₀ @0, x₁ @16, y @32, mask @48 (0 pads an odd N or masks a lane outside a range) — and unit j's
 * [w₀, w₁, b, a] at float index 2 + 4j (after c and Σr).
 */
import type { TwoLayerShape } from './twoLayerShape';
import type { Dataset } from '../../core/types';

export const PAIR_BYTES = 128;

export interface SamplePairs {
  /** Writes the samples in the given order (null: data order). */
  reorder(order: ArrayLike<number> | null): void;
  /** Masks the lanes outside [s, e) in the pairs that hold it; returns [byte address of the first pair, pair count]. */
  enter(s: number, e: number): [number, number];
  /** Undoes `enter`. */
  leave(s: number, e: number): void;
}

export function packSamplePairs(F: Float64Array, baseBytes: number, data: Dataset): SamplePairs {
  const N = data.count;
  const d = data.inputDim;
  /** Index in F of sample position n's lane. */
  const lane = (n: number): number => baseBytes / 8 + (n >> 1) * (PAIR_BYTES / 8) + (n & 1);
  const setEdgeMasks = (s: number, e: number, value: number): void => {
    if (s & 1) F[lane(s - 1) + 6] = value;
    if (e & 1 && e < N) F[lane(e) + 6] = value;
  };
  const pairs: SamplePairs = {
    reorder(order) {
      for (let n = 0; n < N; n++) {
        const src = order ? order[n] : n;
        const at = lane(n);
        F[at] = data.X[src * d];
        F[at + 2] = d >= 2 ? data.X[src * d + 1] : 0;
        F[at + 4] = data.Y[src];
        F[at + 6] = 1;
      }
    },
    enter(s, e) {
      setEdgeMasks(s, e, 0);
      return [baseBytes + (s >> 1) * PAIR_BYTES, ((e + 1) >> 1) - (s >> 1)];
    },
    leave(s, e) {
      setEdgeMasks(s, e, 1);
    },
  };
  pairs.reorder(null);
  return pairs;
}

/** Writes c and every unit's [w₀, w₁, b, a] from θ (absent inputs and biases as 0). */
export function writeUnits(F: Float64Array, theta: Float64Array, shape: TwoLayerShape): void {
  const d = shape.inputDim;
  F[0] = shape.c >= 0 ? theta[shape.c] : 0;
  for (let j = 0; j < shape.width; j++) {
    const at = 2 + 4 * j;
    F[at] = theta[shape.w + j * d];
    F[at + 1] = d >= 2 ? theta[shape.w + j * d + 1] : 0;
    F[at + 2] = shape.b >= 0 ? theta[shape.b + j] : 0;
    F[at + 3] = theta[shape.a + j];
  }
}
