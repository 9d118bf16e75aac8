/** Euclidean norm and relative error, for comparing kernels against references in tests. */
export function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** ‖a − b‖ / ‖b‖ */
export function relativeError(a: Float64Array, b: Float64Array): number {
  return norm(a.map((x, i) => x - b[i])) / norm(b);
}
