/** Parsing the `surface` command's loss-landscape flags: `--x=-1:1:51`, `--dirs escape-curvature|random-filter|pca|eig:i,j`. */
import { UsageError } from './args';

export const MAX_SURFACE_RESOLUTION = 1025;

export interface AxisSpec {
  readonly range: [number, number];
  readonly count: number;
}

/** `MIN:MAX:COUNT` (as in loss-landscape's `--x=-1:1:51`): COUNT points from MIN to MAX inclusive. */
export function parseAxis(flag: string, text: string): AxisSpec {
  const parts = text.split(':');
  const [lo, hi, n] = parts.map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  if (parts.length !== 3 || !Number.isFinite(lo) || !Number.isFinite(hi) || !Number.isFinite(n))
    throw new UsageError(`--${flag} must be MIN:MAX:COUNT, e.g. --${flag}=-1:1:51, got '${text}'`);
  if (!(hi! > lo!)) throw new UsageError(`--${flag}: MAX must be greater than MIN, got '${text}'`);
  if (!Number.isInteger(n) || n! < 2 || n! > MAX_SURFACE_RESOLUTION)
    throw new UsageError(`--${flag}: COUNT must be an integer in [2, ${MAX_SURFACE_RESOLUTION}], got '${text}'`);
  return { range: [lo!, hi!], count: n! };
}

export type DirsSpec =
  | { readonly kind: 'escape-curvature' }
  | { readonly kind: 'random-filter' }
  | { readonly kind: 'pca' }
  | { readonly kind: 'eigenvectors'; readonly i: number; readonly j: number };

export function parseDirs(text: string): DirsSpec {
  if (text === 'escape-curvature' || text === 'random-filter' || text === 'pca') return { kind: text };
  const eig = /^eig:(\d+),(\d+)$/.exec(text);
  if (eig) {
    const i = Number(eig[1]);
    const j = Number(eig[2]);
    if (i === j) throw new UsageError(`--dirs eig:i,j needs two different eigenvectors, got '${text}'`);
    return { kind: 'eigenvectors', i, j };
  }
  throw new UsageError(`--dirs must be escape-curvature, random-filter, pca or eig:i,j (eigenvector indices, eigenvalues ascending), got '${text}'`);
}
