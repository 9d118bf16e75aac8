import type { Rng } from './random';

/**
 * Input distributions of the paper's teacher–student tasks. Both have zero mean and unit variance
 * per coordinate: 'uniform_sqrt3' is uniform on [−√3, √3]^dim (Appendix F), 'normal' is N(0, I).
 */
export const INPUT_DISTRIBUTIONS = ['uniform_sqrt3', 'normal'] as const;
export type InputDistribution = (typeof INPUT_DISTRIBUTIONS)[number];

export class DistributionError extends Error {
  override name = 'DistributionError';
}

const SQRT3 = Math.sqrt(3);

/** `count` samples of dimension `dim`, row-major (count × dim), drawn in row order from `rng`. */
export function sampleInputs(kind: InputDistribution, count: number, dim: number, rng: Rng): Float64Array {
  if (!Number.isInteger(count) || count < 0) throw new DistributionError(`count must be a non-negative integer, got ${count}`);
  if (!Number.isInteger(dim) || dim < 1) throw new DistributionError(`dim must be a positive integer, got ${dim}`);
  const X = new Float64Array(count * dim);
  switch (kind) {
    case 'uniform_sqrt3':
      for (let i = 0; i < X.length; i++) X[i] = SQRT3 * (2 * rng.uniform() - 1);
      break;
    case 'normal':
      for (let i = 0; i < X.length; i++) X[i] = rng.normal();
      break;
    default:
      throw new DistributionError(`unknown input distribution '${String(kind)}'; valid: ${INPUT_DISTRIBUTIONS.join(', ')}`);
  }
  return X;
}
