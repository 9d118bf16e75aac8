/** computeLandscape: the one landscape path (studio task and CLI) — grid vs the reference loss, coarse reuse, stop, labels. */
import { describe, expect, it } from 'vitest';
import { twoLayerArchitecture } from '../../../../native-workers/engine/core/layout';
import { loss } from '../../../../native-workers/engine/derivatives/loss';
import { LandscapeError } from '../../../../native-workers/engine/landscape/errors';
import { computeLandscape } from '../../../../native-workers/engine/landscape/landscape';
import { refinementTasks } from '../../../../native-workers/engine/landscape/refinement';
import { planeCase } from './fixtures';

const c = planeCase(twoLayerArchitecture(2, 3, 1, 'softplus'), 40, 5);
const network = { architecture: c.architecture, theta: c.theta0 };
const explicit = { kind: 'explicit', u: c.u, v: c.v } as const;

describe('computeLandscape', () => {
  it('evaluates L(θ₀ + αu + βv) on the β-major grid', () => {
    const r = computeLandscape(network, c.data, { plane: explicit, resolution: 5, alphaRange: [-1, 1], betaRange: [-2, 2] })!;
    const at = (i: number, k: number) => loss(c.architecture, c.theta0.map((x, n) => x + r.alpha[k]! * c.u[n]! + r.beta[i]! * c.v[n]!), c.data);
    expect(Array.from(r.beta)).toEqual([-2, -1, 0, 1, 2]);
    expect(r.loss[1 * 5 + 3]! / at(1, 3)).toBeCloseTo(1, 12);
    expect(r.loss[12]).toBeCloseTo(r.originLoss, 13);
    expect(r.u).toEqual(c.u);
  });

  it('reuses a coarse grid of the same resolution completely and one that nests partly', () => {
    const full = computeLandscape(network, c.data, { plane: explicit, resolution: 9, alphaRange: [-1, 1], betaRange: [-1, 1] })!;
    const same = computeLandscape(network, c.data, { plane: explicit, resolution: 9, alphaRange: [-1, 1], betaRange: [-1, 1], coarse: { resolution: 9, loss: full.loss } })!;
    expect(same.reused).toBe(81);
    expect(same.loss).toEqual(full.loss);
    expect(refinementTasks(9, 5)!.reduce((s, t) => s + t.count, 0)).toBe(81 - 25);
    expect(refinementTasks(9, 4)).toBeNull();
    expect(refinementTasks(9, 17)).toBeNull();
  });

  it('stops between blocks when asked (null result) and reports progress up to the total', () => {
    const seen: number[] = [];
    let polls = 0;
    const stopped = computeLandscape(network, c.data, { plane: explicit, resolution: 33, alphaRange: [-1, 1], betaRange: [-1, 1], shouldStop: () => ++polls > 2 });
    expect(stopped).toBeNull();
    computeLandscape(network, c.data, { plane: explicit, resolution: 17, alphaRange: [-1, 1], betaRange: [-1, 1], onProgress: (done, total) => seen.push(done / total) });
    expect(seen.at(-1)).toBe(1);
  });

  it('labels axes with one vocabulary (‖d‖, PC1) and refuses bad eigenvector indices', () => {
    const random = computeLandscape(network, c.data, { plane: { kind: 'random', seed: 4, bias: 'zero' }, resolution: 3 })!;
    expect(random.axes[0].label).toMatch(/^random filter-normalized \(seed 4, stream 0, ‖d‖ = /);
    const trajectory = [0, 1, 2, 3].map((t) => c.theta0.map((x, n) => x + t * c.u[n]! + t * t * 0.1 * c.v[n]!));
    const pca = computeLandscape(network, c.data, { plane: { kind: 'pca', points: trajectory }, resolution: 3 })!;
    expect(pca.axes[0].label).toMatch(/^PC1 of the trajectory/);
    expect(pca.axes[1].label).toMatch(/^PC2 of the trajectory/);
    const P = c.theta0.length;
    expect(() => computeLandscape(network, c.data, { plane: { kind: 'eigenvectors', i: 0, j: P }, resolution: 3 })).toThrow(
      new LandscapeError(`plane.j: ${P} is out of range, the network has ${P} eigenvectors`),
    );
    expect(() => computeLandscape(network, c.data, { plane: { kind: 'eigenvectors', i: 1, j: 1 }, resolution: 3 })).toThrow(/plane\.j: must differ from plane\.i/);
    const wide = { ...c.data, inputDim: 4, X: new Float64Array(c.data.count * 4) };
    expect(() => computeLandscape(network, wide, { plane: explicit, resolution: 3 })).toThrow(new LandscapeError('data: inputs have 4 dimensions, the network expects 2'));
  });
});
