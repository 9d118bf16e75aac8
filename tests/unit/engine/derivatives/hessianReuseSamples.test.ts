/**
 * HessianOptions.reuseSamples (TrainOptions.fast): the relu-moments kernel keeps the sample block it
 * wrote for a dataset instead of rewriting it. The Hessian must be bit for bit the one computed
 * without it, also when calls alternate between datasets of the same size (same memory offsets:
 * only the dataset's identity tells them apart) and widths (other offsets), and when the block was
 * overwritten by a call without the option.
 */
import { describe, expect, it } from 'vitest';
import { initialize } from '../../../../native-workers/engine/core/init';
import { twoLayerArchitecture } from '../../../../native-workers/engine/core/layout';
import { Rng } from '../../../../native-workers/engine/core/random';
import type { Dataset } from '../../../../native-workers/engine/core/types';
import { hessian } from '../../../../native-workers/engine/derivatives/hessian';
import { teacherDataset } from '../../../../native-workers/engine/teachers/teachers';

function shifted(data: Dataset, by: number): Dataset {
  return { ...data, X: data.X.map((x) => x + by), Y: data.Y.map((y) => 2 * y) };
}

describe('relu-moments Hessian with reuseSamples', () => {
  it('equals the Hessian without it, bit for bit, across alternating datasets and widths', () => {
    const a = teacherDataset('fig3c');
    const b = shifted(a, 0.25); // same N: the sample block sits at the same offset as a's
    const cases: [Dataset, number, number][] = [
      [a, 4, 1],
      [a, 4, 2],
      [b, 4, 3],
      [a, 4, 4],
      [a, 6, 5],
      [a, 6, 6],
      [b, 6, 7],
      [a, 4, 8],
    ];
    for (const [k, [data, width, seed]] of cases.entries()) {
      const arch = twoLayerArchitecture(2, width, 1, 'relu');
      const theta = initialize(arch, 'glorot_normal', new Rng(seed));
      const fast = hessian(arch, theta, data, { reuseSamples: true });
      const reference = hessian(arch, theta, data);
      expect(Array.from(fast)).toEqual(Array.from(reference));
      // The reference call rewrote the block; the next reuse on another dataset must notice it too.
      if (k % 3 === 2) hessian(arch, theta, data === a ? b : a);
    }
  });

  it('differs between the two datasets (the comparison above can see a stale block)', () => {
    const a = teacherDataset('fig3c');
    const b = shifted(a, 0.25);
    const arch = twoLayerArchitecture(2, 4, 1, 'relu');
    const theta = initialize(arch, 'glorot_normal', new Rng(1));
    expect(Array.from(hessian(arch, theta, a))).not.toEqual(Array.from(hessian(arch, theta, b)));
  });
});
