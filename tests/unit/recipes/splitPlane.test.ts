import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hessianVectorProduct, loss, teacherDataset, twoLayerArchitecture } from '../../../native-workers/engine';
import { runRecipe } from '../../../main/recipes/runner';
import { escapePlane } from '../../../main/recipes/splitAtInit';
import type { RunRecord } from '../../../main/recipes/types';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

describe('fig6-split-at-init: the escape × curvature plane panel (Fig. 6, right)', () => {
  it('centre node = L(θ*) = the width-3 minimum; axes are Hessian eigenvectors; the trajectory’s projected end points match θ', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'es-plane-')), 'f6');
    const result = await runRecipe({ name: 'fig6-split-at-init', params: {}, out: dir, png: false });
    expect(result.cancelled).toBe(false);
    const runs = result.manifest.runs as RunRecord[];
    const small = runs.find((r) => r.condition === 'small')!;
    const split = runs.find((r) => r.condition === 'split')!;
    const params = result.manifest.parameters;
    const plane = escapePlane(params, small, split);
    const data = teacherDataset('fig6', { samples: params.samples as number });
    const arch = twoLayerArchitecture(2, 4, 1, 'softplus');
    const R = plane.resolution;
    const c = (R - 1) / 2;
    expect(R % 2).toBe(1);
    expect(Math.abs(plane.alpha[c])).toBeLessThan(1e-15);
    expect(Math.abs(plane.beta[c])).toBeLessThan(1e-15);
    const direct = loss(arch, plane.centre, data);
    expect(Math.abs(plane.loss[c * R + c] - direct)).toBeLessThanOrEqual(1e-12 * direct);
    // θ* is the width-3 minimum split without compensation: the same loss
    expect(Math.abs(direct - small.loss)).toBeLessThanOrEqual(1e-12 * small.loss);
    // u: negative curvature (escape), v: positive (curvature); orthonormal eigenvectors (checked by exact HVPs)
    const Hu = new Float64Array(plane.u.length);
    const Hv = new Float64Array(plane.v.length);
    hessianVectorProduct(arch, plane.centre, data, plane.u, Hu);
    hessianVectorProduct(arch, plane.centre, data, plane.v, Hv);
    const lu = dot(plane.u, Hu);
    const lv = dot(plane.v, Hv);
    expect(lu).toBeLessThan(0);
    expect(lv).toBeGreaterThan(0);
    expect(Math.hypot(...Hu.map((x, i) => x - lu * plane.u[i]))).toBeLessThan(1e-9 * Math.abs(lv));
    expect(Math.abs(dot(plane.u, plane.v))).toBeLessThan(1e-12);
    // end points of the projected trajectory = the stored θ snapshots projected by hand; the last is the run's final θ
    const P = plane.centre.length;
    const flat = split.extra!.theta;
    const T = flat.length / P;
    expect(plane.trajectory.alpha).toHaveLength(T);
    for (const t of [0, T - 1]) {
      const d = Array.from({ length: P }, (_, p) => flat[t * P + p] - plane.centre[p]);
      expect(Math.abs(plane.trajectory.alpha[t] - dot(d, plane.u))).toBeLessThan(1e-12);
      expect(Math.abs(plane.trajectory.beta[t] - dot(d, plane.v))).toBeLessThan(1e-12);
    }
    expect(flat.slice((T - 1) * P)).toEqual(split.finalTheta);
    // the approach ends closest to θ*, the escape moves out along u
    expect(plane.boundary).toBeGreaterThan(0);
    expect(plane.boundary).toBeLessThan(T - 1);
    expect(Math.abs(plane.trajectory.alpha[T - 1])).toBeGreaterThan(10 * Math.abs(plane.trajectory.alpha[plane.boundary]));
    // the same numbers are in data.npz (numpy reads them) and the panel is in the figure
    const py = execFileSync('/usr/bin/python3', [
      '-c',
      `import numpy as np; d=np.load('${join(dir, 'data.npz')}'); L=d['plane_loss']; c=L.shape[0]//2; print(repr(L[c,c]), repr(d['plane_traj_alpha'][-1]), L.shape[0], L.shape[1], d['split_theta'].shape[0])`,
    ]).toString().trim().split(' ');
    expect(Number(py[0])).toBe(plane.loss[c * R + c]);
    expect(Number(py[1])).toBe(plane.trajectory.alpha[T - 1]);
    expect(py.slice(2).map(Number)).toEqual([R, R, T]);
    expect(readFileSync(join(dir, 'figure.svg'), 'utf8')).toMatch(/escape × curvature plane at the width-3 minimum/);
    expect((result.manifest.summary as { escapePlane: { centreLoss: number } }).escapePlane.centreLoss).toBe(plane.centreLoss);
  }, 120_000);
});
