/**
 * The pruned kink-crossing scan (FlowOptions.prunedCrossings) against the reference full scan,
 * KinkManifold.crossings: the same crossings, fractions and order, on random walks over fig3c's data
 * and on a 3-input dataset (the general-d loop), with samples placed exactly on hyperplanes.
 */
import { describe, expect, it } from 'vitest';
import { initialize } from '../../../../native-workers/engine/core/init';
import { layerOffsets, twoLayerArchitecture } from '../../../../native-workers/engine/core/layout';
import { Rng } from '../../../../native-workers/engine/core/random';
import type { Dataset } from '../../../../native-workers/engine/core/types';
import { teacherDataset } from '../../../../native-workers/engine/teachers/teachers';
import { PrunedCrossingScan } from '../../../../native-workers/engine/train/crossingScan';
import { KinkManifold } from '../../../../native-workers/engine/train/kinks';

function walk(data: Dataset, width: number, seed: number, steps: number): { tested: number; full: number; rebuilds: number; crossings: number } {
  const arch = twoLayerArchitecture(data.inputDim, width, data.outputDim, 'relu');
  const rng = new Rng(seed);
  const theta = initialize(arch, 'glorot_normal', rng);
  const manifold = new KinkManifold(arch, data);
  const scan = new PrunedCrossingScan(arch, data);
  const { weight, bias } = layerOffsets(arch)[0];
  const hiddenEnd = bias + width;
  const delta = new Float64Array(theta.length);
  let crossings = 0;
  for (let s = 0; s < steps; s++) {
    // Step sizes over four decades, as along a flow (long early steps, tiny ones while sliding).
    const size = 10 ** (-1 - 3 * rng.uniform());
    for (let p = 0; p < theta.length; p++) delta[p] = p >= weight && p < hiddenEnd ? size * rng.normal() : 0;
    if (s % 7 === 3) {
      // Put a sample exactly on unit j's hyperplane (z = 0): the sign test's edge.
      const j = s % width;
      const n = (s * 37) % data.count;
      let z = 0;
      for (let i = 0; i < data.inputDim; i++) z += theta[weight + j * data.inputDim + i] * data.X[n * data.inputDim + i];
      theta[bias + j] = -z;
    }
    if (s % 11 === 5) manifold.add({ unit: s % width, sample: (s * 13) % data.count });
    const want = manifold.crossings(theta, delta);
    const got = scan.crossings(theta, delta, (c) => manifold.has(c));
    expect(got).toEqual(want);
    crossings += want.length;
    for (let p = 0; p < theta.length; p++) theta[p] += delta[p];
  }
  return { tested: scan.tested, full: steps * width * data.count, rebuilds: scan.rebuilds, crossings };
}

function randomData(count: number, inputDim: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const X = new Float64Array(count * inputDim);
  for (let i = 0; i < X.length; i++) X[i] = 2 * rng.uniform() - 1;
  return { X, Y: new Float64Array(count), count, inputDim, outputDim: 1 };
}

describe('pruned kink-crossing scan', () => {
  it('finds exactly the full scan’s crossings on fig3c’s data (d = 2), while testing far fewer samples', () => {
    const r = walk(teacherDataset('fig3c'), 5, 7, 400);
    expect(r.crossings).toBeGreaterThan(100); // the walk does cross kinks: the comparison is not vacuous
    expect(r.rebuilds).toBeGreaterThan(5);
    expect(r.tested).toBeLessThan(0.5 * r.full);
  });

  it('finds exactly the full scan’s crossings with three inputs (the general loop)', () => {
    const r = walk(randomData(500, 3, 3), 4, 11, 300);
    expect(r.crossings).toBeGreaterThan(50);
  });
});
