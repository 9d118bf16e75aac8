/**
 * The inspector's eigenvalue summary: counts of negative, flat and positive eigenvalues with the
 * spectrum panel's tolerance (|λ| ≤ 1e-10·max|λ| is flat, spectrumData.ts), and the extremes.
 */
export const FLAT_TOLERANCE = 1e-10;

export interface EigenSummary {
  readonly count: number;
  readonly negative: number;
  readonly flat: number;
  readonly positive: number;
  readonly min: number | null;
  readonly max: number | null;
  /** Absolute flat band |λ| ≤ tol. */
  readonly tol: number;
}

export function eigenSummary(eigenvalues: readonly number[], relative = FLAT_TOLERANCE): EigenSummary {
  let max = 0;
  for (const x of eigenvalues) max = Math.max(max, Math.abs(x));
  const tol = relative * max;
  let negative = 0;
  let flat = 0;
  for (const x of eigenvalues) {
    if (Math.abs(x) <= tol) flat++;
    else if (x < 0) negative++;
  }
  const sorted = [...eigenvalues].sort((a, b) => a - b);
  return { count: eigenvalues.length, negative, flat, positive: eigenvalues.length - negative - flat, min: sorted[0] ?? null, max: sorted[sorted.length - 1] ?? null, tol };
}
