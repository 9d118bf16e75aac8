/**
 * Wilson score interval for k successes in n trials: the p with |k/n − p| = z·√(p(1−p)/n),
 * i.e. the roots of (1 + z²/n)p² − (2p̂ + z²/n)p + p̂² = 0. z = 1.959964 gives ~95 %.
 */
export function wilsonInterval(k: number, n: number, z = 1.959964): { low: number; high: number } {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(k) || k < 0 || k > n)
    throw new RangeError(`wilson interval needs integers 0 ≤ k ≤ n, got k = ${k}, n = ${n}`);
  if (n === 0) return { low: 0, high: 1 };
  const p = k / n;
  const z2n = (z * z) / n;
  const denom = 1 + z2n;
  const center = (p + z2n / 2) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return { low: Math.max(0, center - half), high: Math.min(1, center + half) };
}
