/**
 * Pure data for SpectrumView: all Hessian eigenvalues on a symmetric-log axis (negative ones
 * highlighted), laid out as a strip: index → x, symlog(λ) → y.
 */
import type { Analysis } from '../../../contract/analysis';
import { symlog, symlogThreshold, symlogTicks } from './shared/symlog';
import { formatNumber } from './shared/ticks';

export interface SpectrumMark {
  readonly index: number;
  readonly value: number;
  readonly negative: boolean;
  /** |λ| below the zero tolerance: a flat direction. */
  readonly flat: boolean;
  readonly x: number;
  readonly y: number;
}

export interface SpectrumLayout {
  readonly marks: SpectrumMark[];
  readonly threshold: number;
  readonly ticks: { value: number; y: number; label: string }[];
  readonly zeroY: number;
  readonly negativeCount: number;
  readonly flatCount: number;
}

/**
 * `zeroTolerance` (relative to max|λ|) separates flat directions from curved ones; defaults to
 * 1e-10, well above the eigensolver's ~1e-15 relative rounding.
 */
export function spectrumLayout(
  eigenvalues: readonly number[],
  box: { width: number; height: number },
  options: { decades?: number; zeroTolerance?: number } = {},
): SpectrumLayout {
  const c = symlogThreshold(eigenvalues, options.decades ?? 8);
  let max = 0;
  for (const x of eigenvalues) max = Math.max(max, Math.abs(x));
  const tol = (options.zeroTolerance ?? 1e-10) * max;
  const sMax = Math.max(symlog(max, c), 1e-12);
  const yOf = (value: number) => box.height / 2 - (symlog(value, c) / sMax) * (box.height / 2) * 0.92;
  const n = eigenvalues.length;
  const marks = eigenvalues.map((value, index) => ({
    index,
    value,
    negative: value < -tol,
    flat: Math.abs(value) <= tol,
    x: n > 1 ? 8 + (index / (n - 1)) * (box.width - 16) : box.width / 2,
    y: yOf(value),
  }));
  const ticks = symlogTicks(eigenvalues, c, 4).map((value) => ({ value, y: yOf(value), label: formatNumber(value, 2) }));
  return {
    marks,
    threshold: c,
    ticks,
    zeroY: yOf(0),
    negativeCount: marks.filter((m) => m.negative).length,
    flatCount: marks.filter((m) => m.flat).length,
  };
}

/** Which eigenvalues an extremal (partial) spectrum holds; null for a full one. */
export function partialOf(a: Pick<Analysis, 'spectrum' | 'parameterCount'>): { smallestCount: number; parameterCount: number } | null {
  return a.spectrum?.kind === 'partial' ? { smallestCount: a.spectrum.smallestCount, parameterCount: a.parameterCount } : null;
}

/** "2403 eigenvalues", or for an extremal spectrum which of them are known: "15 of 2403 eigenvalues (lowest 10, highest 5)". */
export function knownEigenvalues(a: Pick<Analysis, 'spectrum' | 'parameterCount' | 'eigenvalues'>): string {
  const partial = partialOf(a);
  if (!partial) return `${a.parameterCount} eigenvalues`;
  const n = a.eigenvalues.length;
  return `${n} of ${a.parameterCount} eigenvalues (lowest ${partial.smallestCount}, highest ${n - partial.smallestCount})`;
}
