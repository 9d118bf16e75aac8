import { layerOffsets } from '../../core/layout';
import { Rng } from '../../core/random';
import type { Architecture } from '../../core/types';
import type { PlaneDirections } from './types';
import { norm } from './vectors';

export interface FilterNormalizedOptions {
  /**
   * Bias entries: 'zero' (default; Li et al. 2018's `ignore='biasbn'`) leaves them out of the
   * direction, 'filter' treats a neuron's bias as one more incoming weight of its filter.
   */
  readonly bias?: 'zero' | 'filter';
}

/**
 * A random direction with filter normalization (Li, Xu, Taylor, Studer & Goldstein 2018,
 * "Visualizing the loss landscape of neural nets", §4): Gaussian entries, then each neuron's
 * incoming weights (its "filter") are rescaled to the norm of that neuron's weights in θ:
 * d_j ← d_j / ‖d_j‖ · ‖θ_j‖. A neuron whose weights are all zero gets a zero direction.
 */
export function filterNormalizedDirection(
  architecture: Architecture,
  theta: Float64Array,
  rng: Rng,
  options: FilterNormalizedOptions = {},
): Float64Array {
  const withBias = options.bias === 'filter';
  const d = new Float64Array(theta.length);
  const offsets = layerOffsets(architecture);
  architecture.layers.forEach((layer, l) => {
    const off = offsets[l];
    const fan = layer.inputs;
    const filter = new Float64Array(fan + (withBias && off.bias >= 0 ? 1 : 0));
    const weights = new Float64Array(filter.length);
    for (let j = 0; j < layer.outputs; j++) {
      for (let i = 0; i < fan; i++) {
        filter[i] = rng.normal();
        weights[i] = theta[off.weight + j * fan + i];
      }
      if (filter.length > fan) {
        filter[fan] = rng.normal();
        weights[fan] = theta[off.bias + j];
      }
      const dn = norm(filter);
      const c = dn > 0 ? norm(weights) / dn : 0;
      for (let i = 0; i < fan; i++) d[off.weight + j * fan + i] = c * filter[i];
      if (filter.length > fan) d[off.bias + j] = c * filter[fan];
    }
  });
  return d;
}

/** Two independent filter-normalized directions from streams 0 and 1 of Rng(seed). */
export function filterNormalizedPlane(
  architecture: Architecture,
  theta: Float64Array,
  seed: number,
  options: FilterNormalizedOptions = {},
): PlaneDirections {
  const root = new Rng(seed);
  const u = filterNormalizedDirection(architecture, theta, root.fork(0), options);
  const v = filterNormalizedDirection(architecture, theta, root.fork(1), options);
  return {
    origin: theta,
    u,
    v,
    uInfo: { kind: 'random-filter-normalized', seed, stream: 0, norm: norm(u) },
    vInfo: { kind: 'random-filter-normalized', seed, stream: 1, norm: norm(v) },
  };
}
