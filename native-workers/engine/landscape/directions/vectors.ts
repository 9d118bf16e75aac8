/** Small dense-vector helpers shared by the direction constructors. */

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function norm(a: Float64Array): number {
  // Scaled to avoid overflow/underflow of the squares.
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] / scale;
    s += x * x;
  }
  return scale * Math.sqrt(s);
}

export function difference(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] - b[i];
  return out;
}

/** a ← a − c·b */
export function subtractScaled(a: Float64Array, c: number, b: Float64Array): void {
  for (let i = 0; i < a.length; i++) a[i] = a[i] - c * b[i];
}

export function scale(a: Float64Array, c: number): void {
  for (let i = 0; i < a.length; i++) a[i] = a[i] * c;
}

/**
 * Flips a's sign in place so that its largest-magnitude entry (the first such) is positive —
 * a reproducible orientation for eigenvectors, whose sign is arbitrary.
 */
export function canonicalSign(a: Float64Array): Float64Array {
  let at = 0;
  for (let i = 1; i < a.length; i++) if (Math.abs(a[i]) > Math.abs(a[at])) at = i;
  if (a[at] < 0) scale(a, -1);
  return a;
}
