import { describe, expect, it } from 'vitest';
import { sampleInputs, DistributionError } from '../../../../native-workers/engine/core/distributions';
import { initialize, InitError } from '../../../../native-workers/engine/core/init';
import { twoLayerArchitecture, layerOffsets } from '../../../../native-workers/engine/core/layout';
import { Rng } from '../../../../native-workers/engine/core/random';
import type { Architecture } from '../../../../native-workers/engine/core/types';

function moments(xs: ArrayLike<number>): { mean: number; std: number; min: number; max: number } {
  let s = 0, s2 = 0, min = Infinity, max = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    s += xs[i];
    s2 += xs[i] ** 2;
    min = Math.min(min, xs[i]);
    max = Math.max(max, xs[i]);
  }
  const mean = s / xs.length;
  return { mean, std: Math.sqrt(s2 / xs.length - mean * mean), min, max };
}

const wide: Architecture = {
  layers: [
    { inputs: 300, outputs: 200, bias: true, activation: 'relu' },
    { inputs: 200, outputs: 50, bias: true, activation: 'identity' },
  ],
};

describe('initialize', () => {
  it('glorot_normal: weight k is sqrt(2/(fan_in+fan_out))·(k-th normal), biases zero', () => {
    const arch = twoLayerArchitecture(2, 4, 1, 'relu');
    const theta = initialize(arch, 'glorot_normal', new Rng(3));
    const rng = new Rng(3);
    const [l0, l1] = layerOffsets(arch) as [ReturnType<typeof layerOffsets>[0], ReturnType<typeof layerOffsets>[0]];
    for (let k = 0; k < 8; k++) expect(theta[l0.weight + k]).toBe(Math.sqrt(2 / 6) * rng.normal());
    for (let k = 0; k < 4; k++) expect(theta[l0.bias + k]).toBe(0);
    for (let k = 0; k < 4; k++) expect(theta[l1.weight + k]).toBe(Math.sqrt(2 / 5) * rng.normal());
    expect(theta[l1.bias]).toBe(0);
    expect(theta.length).toBe(17);
  });

  it.each([
    ['glorot_normal', Math.sqrt(2 / 500), Math.sqrt(2 / 250)],
    ['glorot_uniform', Math.sqrt(6 / 500) / Math.sqrt(3), Math.sqrt(6 / 250) / Math.sqrt(3)],
    ['he_normal', Math.sqrt(2 / 300), Math.sqrt(2 / 200)],
  ] as const)('%s has the documented scale per layer', (scheme, std0, std1) => {
    const theta = initialize(wide, scheme, new Rng(1));
    const [l0, l1] = layerOffsets(wide);
    const w0 = moments(theta.subarray(l0!.weight, l0!.weight + 60000));
    const w1 = moments(theta.subarray(l1!.weight, l1!.weight + 10000));
    expect(Math.abs(w0.mean)).toBeLessThan(0.02 * std0);
    expect(w0.std / std0).toBeCloseTo(1, 1);
    expect(w1.std / std1).toBeCloseTo(1, 1);
    expect(Array.from(theta.subarray(l0!.bias, l0!.bias + 200)).every((b) => b === 0)).toBe(true);
    if (scheme === 'glorot_uniform') {
      expect(w0.max).toBeLessThanOrEqual(Math.sqrt(6 / 500));
      expect(w0.min).toBeGreaterThanOrEqual(-Math.sqrt(6 / 500));
    }
  });

  it('is deterministic per seed and rejects unknown schemes', () => {
    expect(initialize(wide, 'he_normal', new Rng(5))).toEqual(initialize(wide, 'he_normal', new Rng(5)));
    expect(initialize(wide, 'he_normal', new Rng(5))).not.toEqual(initialize(wide, 'he_normal', new Rng(6)));
    expect(() => initialize(wide, 'lecun' as 'he_normal', new Rng(0))).toThrow(InitError);
    expect(() => initialize(wide, 'lecun' as 'he_normal', new Rng(0))).toThrow(/glorot_normal, glorot_uniform, he_normal/);
  });
});

describe('sampleInputs', () => {
  it('uniform_sqrt3 is √3·(2u − 1) per coordinate: in [−√3, √3], unit variance', () => {
    const X = sampleInputs('uniform_sqrt3', 50000, 2, new Rng(2));
    const rng = new Rng(2);
    for (let i = 0; i < 10; i++) expect(X[i]).toBe(Math.sqrt(3) * (2 * rng.uniform() - 1));
    const m = moments(X);
    expect(m.min).toBeGreaterThanOrEqual(-Math.sqrt(3));
    expect(m.max).toBeLessThanOrEqual(Math.sqrt(3));
    expect(Math.abs(m.mean)).toBeLessThan(0.01);
    expect(m.std).toBeCloseTo(1, 2);
  });

  it('normal draws rng.normal() in row order', () => {
    const X = sampleInputs('normal', 1000, 3, new Rng(4));
    const rng = new Rng(4);
    for (let i = 0; i < 3000; i++) expect(X[i]).toBe(rng.normal());
  });

  it('validates its arguments', () => {
    expect(sampleInputs('normal', 0, 2, new Rng(0)).length).toBe(0);
    expect(() => sampleInputs('normal', -1, 2, new Rng(0))).toThrow(DistributionError);
    expect(() => sampleInputs('normal', 3, 0, new Rng(0))).toThrow(/dim/);
    expect(() => sampleInputs('cauchy' as 'normal', 3, 2, new Rng(0))).toThrow(/uniform_sqrt3, normal/);
  });
});
