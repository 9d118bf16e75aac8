import { describe, expect, it } from 'vitest';
import { filterNormalizedDirection, filterNormalizedPlane } from '../../../../native-workers/engine/landscape/directions/filterNormalized';
import { layerOffsets, twoLayerArchitecture } from '../../../../native-workers/engine/core/layout';
import { Rng } from '../../../../native-workers/engine/core/random';
import { lcg, randomVector } from './fixtures';

const arch = twoLayerArchitecture(3, 5, 2, 'relu');
const theta = randomVector(3 * 5 + 5 + 5 * 2 + 2, lcg(4));
theta.fill(0, 6, 9); // neuron 2's incoming weights are all zero

/** ‖row‖ of neuron j's incoming weights in layer l of a parameter vector. */
function rowNorm(vec: Float64Array, l: number, j: number, withBias: boolean): number {
  const layer = arch.layers[l];
  const off = layerOffsets(arch)[l];
  let s = 0;
  for (let i = 0; i < layer.inputs; i++) s += vec[off.weight + j * layer.inputs + i] ** 2;
  if (withBias) s += vec[off.bias + j] ** 2;
  return Math.sqrt(s);
}

describe('random filter-normalized directions (Li et al. 2018)', () => {
  it("scales every neuron's incoming weights to that neuron's norm in θ; biases zero by default", () => {
    const d = filterNormalizedDirection(arch, theta, new Rng(1));
    arch.layers.forEach((layer, l) => {
      for (let j = 0; j < layer.outputs; j++) expect(rowNorm(d, l, j, false)).toBeCloseTo(rowNorm(theta, l, j, false), 12);
      const off = layerOffsets(arch)[l];
      for (let j = 0; j < layer.outputs; j++) expect(d[off.bias + j]).toBe(0);
    });
    expect(rowNorm(d, 0, 2, false)).toBe(0);
  });

  it("with bias 'filter' the bias joins the neuron's filter", () => {
    const d = filterNormalizedDirection(arch, theta, new Rng(1), { bias: 'filter' });
    arch.layers.forEach((layer, l) => {
      for (let j = 0; j < layer.outputs; j++) expect(rowNorm(d, l, j, true)).toBeCloseTo(rowNorm(theta, l, j, true), 12);
    });
  });

  it('is reproducible from the seed, and its two axes differ', () => {
    const a = filterNormalizedPlane(arch, theta, 7);
    const b = filterNormalizedPlane(arch, theta, 7);
    const c = filterNormalizedPlane(arch, theta, 8);
    expect(Array.from(a.u)).toEqual(Array.from(b.u));
    expect(Array.from(a.v)).toEqual(Array.from(b.v));
    expect(Array.from(a.u)).not.toEqual(Array.from(a.v));
    expect(Array.from(a.u)).not.toEqual(Array.from(c.u));
    expect(a.uInfo).toMatchObject({ kind: 'random-filter-normalized', seed: 7, stream: 0 });
    const n = Math.sqrt(a.u.reduce((s, x) => s + x * x, 0));
    expect(a.uInfo.norm).toBeCloseTo(n, 12);
  });
});
