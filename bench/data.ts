/**
 * Bench-only problem data (kept independent of the engine's Rng so the benches can time any
 * engine module): a 32-bit LCG and a random 4-unit relu teacher on N inputs uniform in [−√3, √3]².
 */
import type { Dataset } from '../native-workers/engine/core/types';

export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Draws the inputs, then the teacher, from `uniform` (callers keep drawing from it afterwards). */
export function randomTeacherData(uniform: (lo: number, hi: number) => number, count: number): Dataset {
  const s3 = Math.sqrt(3);
  const X = new Float64Array(2 * count);
  for (let i = 0; i < X.length; i++) X[i] = uniform(-s3, s3);
  const teacher = Array.from({ length: 4 }, () => [uniform(-1, 1), uniform(-1, 1), uniform(-0.5, 0.5), uniform(-1, 1)]);
  const Y = new Float64Array(count);
  for (let n = 0; n < count; n++) {
    let f = 0;
    for (const [w0, w1, b, a] of teacher) f += a! * Math.max(0, w0! * X[2 * n] + w1! * X[2 * n + 1] + b!);
    Y[n] = f;
  }
  return { count, inputDim: 2, outputDim: 1, X, Y };
}
