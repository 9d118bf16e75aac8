/**
 * The perturbations of the fig3c noise floor (scripts/fig3cNoiseFloor.ts), kept apart so tests can
 * check them: θ₀ moved one ulp, and a dataset with its samples in another order.
 */
import { Rng, type Dataset } from '../native-workers/engine';

/** |x| one ulp larger, same sign (0 → the smallest subnormal): the IEEE bit pattern + 1 on the magnitude. */
export function ulpAway(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) + 1n);
  return view.getFloat64(0);
}

/** A seeded Fisher–Yates permutation of 0..n−1: result[to] = the sample that moves there. */
export function seededPermutation(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  const rng = new Rng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** The same samples (rows of X and Y) in the given order. */
export function permuteSamples(d: Dataset, order: readonly number[]): Dataset {
  const X = new Float64Array(d.X.length);
  const Y = new Float64Array(d.Y.length);
  order.forEach((from, to) => {
    X.set(d.X.subarray(from * d.inputDim, (from + 1) * d.inputDim), to * d.inputDim);
    Y.set(d.Y.subarray(from * d.outputDim, (from + 1) * d.outputDim), to * d.outputDim);
  });
  return { count: d.count, inputDim: d.inputDim, outputDim: d.outputDim, X, Y };
}
