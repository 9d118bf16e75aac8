/**
 * √(Σ vᵢ²) of an array of any length, without `Math.hypot(...v)`: spreading a large array into
 * call arguments overflows the stack (from ~10⁵ entries). Same algorithm as V8's Math.hypot
 * (scale by max|vᵢ|, Kahan-compensated sum of squares), so small arrays give bit-identical
 * results — tests/unit/engine/core/hypot.test.ts checks that against Math.hypot.
 */
export function hypot(values: ArrayLike<number>): number {
  let max = 0;
  let nan = false;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a === Infinity) return Infinity;
    if (a !== a) nan = true;
    else if (a > max) max = a;
  }
  if (nan) return NaN;
  if (max === 0) return 0;
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const n = Math.abs(values[i]) / max;
    const summand = n * n - compensation;
    const preliminary = sum + summand;
    compensation = preliminary - sum - summand;
    sum = preliminary;
  }
  return Math.sqrt(sum) * max;
}

/** Appends every entry of `items` to `target` (a `push(...items)` that cannot overflow the stack). */
export function pushAll<T>(target: T[], items: ArrayLike<T> | Iterable<T>): void {
  if ('length' in items) for (let i = 0; i < items.length; i++) target.push(items[i]);
  else for (const item of items) target.push(item);
}
