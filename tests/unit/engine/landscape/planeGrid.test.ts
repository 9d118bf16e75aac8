import { describe, expect, it } from 'vitest';
import { createPlaneEvaluator } from '../../../../native-workers/engine/landscape/createPlaneEvaluator';
import { LandscapeError } from '../../../../native-workers/engine/landscape/errors';
import { alphaAt, betaAt, gridAxes, type PlaneGridSpec } from '../../../../native-workers/engine/landscape/gridSpec';
import { planeGrid } from '../../../../native-workers/engine/landscape/planeGrid';
import { twoLayerArchitecture } from '../../../../native-workers/engine/core/layout';
import { createLossEvaluator } from '../../../../native-workers/engine/derivatives/loss';
import type { Architecture } from '../../../../native-workers/engine/core/types';
import { lcg, planeCase, pointOnPlane, type PlaneCase } from './fixtures';

const spec: PlaneGridSpec = { alphaRange: [-1.5, 1.2], betaRange: [-0.9, 1.4], resolution: 33 };

/** The engine's general (any-depth) loss, independent of the plane code. */
function referenceLoss(c: PlaneCase, alpha: number, beta: number): number {
  return createLossEvaluator(c.architecture, c.data, { kernel: 'general' }).loss(pointOnPlane(c, alpha, beta));
}

function expectMatchesReference(c: PlaneCase, grid: Float64Array, points: number, seed: number): void {
  const rand = lcg(seed);
  const R = spec.resolution;
  for (let t = 0; t < points; t++) {
    const i = Math.floor(rand() * R);
    const k = Math.floor(rand() * R);
    const expected = referenceLoss(c, alphaAt(spec, k), betaAt(spec, i));
    expect(Math.abs(grid[i * R + k] - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected));
  }
}

const cases: [string, Architecture, 'two-layer-piecewise' | 'two-layer' | 'general'][] = [
  ['relu d=2 m=7, one output', twoLayerArchitecture(2, 7, 1, 'relu'), 'two-layer-piecewise'],
  ['relu d=3 m=5, two outputs, no biases', twoLayerArchitecture(3, 5, 2, 'relu', { hiddenBias: false, outputBias: false }), 'two-layer-piecewise'],
  ['identity hidden layer', twoLayerArchitecture(2, 4, 1, 'identity'), 'two-layer-piecewise'],
  ['softplus d=2 m=4', twoLayerArchitecture(2, 4, 1, 'softplus'), 'two-layer'],
  ['tanh, two outputs', twoLayerArchitecture(2, 3, 2, 'tanh'), 'two-layer'],
  [
    'relu hidden with a sigmoid output',
    { layers: [{ inputs: 2, outputs: 4, bias: true, activation: 'relu' }, { inputs: 4, outputs: 1, bias: true, activation: 'sigmoid' }] },
    'two-layer',
  ],
  [
    'three layers (general path)',
    {
      layers: [
        { inputs: 2, outputs: 4, bias: true, activation: 'tanh' },
        { inputs: 4, outputs: 3, bias: false, activation: 'relu' },
        { inputs: 3, outputs: 1, bias: true, activation: 'identity' },
      ],
    },
    'general',
  ],
];

describe('planeGrid', () => {
  it.each(cases)('%s: grid points equal the general loss to 1e-12 relative', (_name, arch, path) => {
    const c = planeCase(arch, 120, 7);
    expect(createPlaneEvaluator(c.architecture, c.theta0, c.u, c.v, c.data).path).toBe(path);
    const grid = planeGrid(c.architecture, c.theta0, c.u, c.v, c.data, spec);
    expect(grid.length).toBe(spec.resolution ** 2);
    expectMatchesReference(c, grid, 40, 11);
  });

  it('the piecewise path stays exact where many units switch inside one row', () => {
    // Large directions move every hyperplane across the data within the row.
    const c = planeCase(twoLayerArchitecture(2, 20, 1, 'relu'), 200, 3);
    c.u.forEach((x, i) => (c.u[i] = 4 * x));
    const grid = planeGrid(c.architecture, c.theta0, c.u, c.v, c.data, spec);
    expectMatchesReference(c, grid, 40, 5);
  });

  it('handles first-layer directions that are exactly zero (units that never switch along a row)', () => {
    const c = planeCase(twoLayerArchitecture(2, 5, 1, 'relu'), 80, 9);
    c.u.fill(0, 0, 15); // u moves only the output layer
    const grid = planeGrid(c.architecture, c.theta0, c.u, c.v, c.data, spec);
    expectMatchesReference(c, grid, 30, 2);
  });

  it('the fast paths agree with the forced general path over a whole grid', () => {
    for (const act of ['relu', 'softplus'] as const) {
      const c = planeCase(twoLayerArchitecture(2, 6, 1, act), 90, 4);
      const small = { ...spec, resolution: 9 };
      const fast = planeGrid(c.architecture, c.theta0, c.u, c.v, c.data, small);
      const general = planeGrid(c.architecture, c.theta0, c.u, c.v, c.data, { ...small, path: 'general' });
      for (let i = 0; i < fast.length; i++) expect(Math.abs(fast[i] - general[i])).toBeLessThanOrEqual(1e-12 * general[i]);
    }
  });

  it('is row-major and β-major: the grid at (row i, column k) is the loss at (α_k, β_i)', () => {
    const c = planeCase(twoLayerArchitecture(2, 3, 1, 'relu'), 50, 21);
    const small: PlaneGridSpec = { alphaRange: [-1, 1], betaRange: [0, 2], resolution: 5 };
    const grid = planeGrid(c.architecture, c.theta0, c.u, c.v, c.data, small);
    const { alphas, betas } = gridAxes(small);
    expect(Array.from(alphas)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(Array.from(betas)).toEqual([0, 0.5, 1, 1.5, 2]);
    const expected = referenceLoss(c, alphas[1], betas[3]);
    expect(grid[3 * 5 + 1]).toBeCloseTo(expected, 12);
    expect(grid[1 * 5 + 3]).not.toBeCloseTo(expected, 6);
  });

  it('computes a subset of rows, in the order asked, equal to the same rows of the full grid', () => {
    const c = planeCase(twoLayerArchitecture(2, 7, 1, 'relu'), 100, 8);
    const full = planeGrid(c.architecture, c.theta0, c.u, c.v, c.data, spec);
    const rows = [30, 2, 17];
    const part = planeGrid(c.architecture, c.theta0, c.u, c.v, c.data, { ...spec, rows });
    const R = spec.resolution;
    expect(part.length).toBe(rows.length * R);
    rows.forEach((i, t) => expect(Array.from(part.subarray(t * R, (t + 1) * R))).toEqual(Array.from(full.subarray(i * R, (i + 1) * R))));
  });

  it('reports bad input with a LandscapeError naming the field', () => {
    const c = planeCase(twoLayerArchitecture(2, 3, 1, 'relu'), 10, 1);
    const run = (over: Partial<PlaneCase>, grid: Partial<PlaneGridSpec> & { rows?: number[] } = {}) => () =>
      planeGrid(over.architecture ?? c.architecture, over.theta0 ?? c.theta0, over.u ?? c.u, over.v ?? c.v, over.data ?? c.data, {
        ...spec,
        ...grid,
      });
    expect(run({ u: new Float64Array(3) })).toThrow(/u has 3 entries, expected 13/);
    expect(run({}, { resolution: 1 })).toThrow(/resolution must be an integer ≥ 2/);
    expect(run({}, { alphaRange: [1, -1] })).toThrow(/alphaRange must be increasing/);
    expect(run({}, { rows: [0, 33] })).toThrow(/rows\[1\] is 33/);
    const nan = c.theta0.slice();
    nan[4] = Number.NaN;
    expect(run({ theta0: nan })).toThrow(LandscapeError);
    expect(run({ theta0: nan })).toThrow(/theta0\[4\] is NaN/);
    expect(run({ data: { ...c.data, inputDim: 3 } })).toThrow(/data.inputDim is 3/);
  });
});
