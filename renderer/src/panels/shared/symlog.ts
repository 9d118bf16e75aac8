/**
 * Symmetric log scale (as matplotlib's 'symlog'): s(x) = sign(x)·log10(1 + |x|/c). Linear near
 * zero (|x| ≪ c), logarithmic in |x| beyond; negative and positive eigenvalues stay on their sides.
 */
export function symlog(x: number, c: number): number {
  return Math.sign(x) * Math.log10(1 + Math.abs(x) / c);
}

export function symlogInverse(s: number, c: number): number {
  return Math.sign(s) * c * (10 ** Math.abs(s) - 1);
}

/** A linear threshold showing `decades` decades below the largest magnitude (never 0). */
export function symlogThreshold(values: ArrayLike<number>, decades = 8): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]));
  return max > 0 ? max * 10 ** -decades : 1;
}

/** Ticks at 0 and ±10ᵏ for the decades from c to the largest |value|. */
export function symlogTicks(values: ArrayLike<number>, c: number, maxPerSide = 5): number[] {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  const first = Math.ceil(Math.log10(c));
  const side = (limit: number): number[] => {
    if (!(limit > c)) return [];
    const last = Math.floor(Math.log10(limit));
    const every = Math.max(1, Math.ceil((last - first + 1) / maxPerSide));
    const out: number[] = [];
    for (let k = last; k >= first; k -= every) out.push(10 ** k);
    return out.reverse();
  };
  return [...side(-lo).map((x) => -x).reverse(), 0, ...side(hi)];
}
