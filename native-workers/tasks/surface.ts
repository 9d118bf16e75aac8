/**
 * The `surface` task: L(θ₀ + αu + βv) on a grid, computed row block by row block so that it
 * reports progress and stops when cancelled. Directions: explicit, filter-normalized random,
 * Hessian eigenvectors, or the paper's escape × curvature plane.
 */
import { TASKS, type TaskPayload, type TaskResult } from '../../contract/tasks';
import {
  createPlaneEvaluator,
  escapeCurvaturePlane,
  eigenvectorPlane,
  evaluateGridRows,
  filterNormalizedPlane,
  gridAxes,
  hessianEigenpairs,
  validateGridSpec,
  type DirectionInfo,
} from '../engine';
import type { Dataset, Network } from '../engine';
import { TaskCancelledError, type TaskContext } from '../pool/runtime';
import { checkFits, InputError, toDataset, toNetwork } from './inputs';

const ROWS_PER_BLOCK = 8;

function describe(info: DirectionInfo | null, fallback: string): string {
  if (!info) return fallback;
  switch (info.kind) {
    case 'eigenvector':
      return `eigenvector ${info.index} (λ = ${info.eigenvalue.toExponential(3)})`;
    case 'random-filter-normalized':
      return `random filter-normalized (seed ${info.seed}, stream ${info.stream}, |d| = ${info.norm.toExponential(3)})`;
    case 'pca':
      return `PCA component ${info.component} (${(100 * info.explainedVariance).toFixed(1)}% variance)`;
    case 'three-point':
      return `three-point plane axis ${info.axis}`;
  }
}

function directions(
  spec: TaskPayload<'surface'>['directions'],
  network: Network,
  data: Dataset,
): { u: Float64Array; v: Float64Array; uLabel: string; vLabel: string } {
  const theta = network.theta;
  const P = theta.length;
  switch (spec.kind) {
    case 'explicit':
      if (spec.u.length !== P) throw new InputError(`directions.u: has ${spec.u.length} entries, expected ${P}`);
      if (spec.v.length !== P) throw new InputError(`directions.v: has ${spec.v.length} entries, expected ${P}`);
      return { u: spec.u, v: spec.v, uLabel: 'u (given)', vLabel: 'v (given)' };
    case 'random': {
      const plane = filterNormalizedPlane(network.architecture, theta, spec.seed, { bias: spec.bias });
      return { u: plane.u, v: plane.v, uLabel: describe(plane.uInfo, 'u'), vLabel: describe(plane.vInfo, 'v') };
    }
    case 'eigenvectors':
    case 'escape-curvature': {
      for (const [field, k] of spec.kind === 'eigenvectors' ? ([['i', spec.i], ['j', spec.j]] as const) : [])
        if (k >= P) throw new InputError(`directions.${field}: ${k} is out of range, the network has ${P} eigenvectors`);
      const eig = hessianEigenpairs(network.architecture, theta, data);
      const plane = spec.kind === 'eigenvectors' ? eigenvectorPlane(theta, eig, spec.i, spec.j) : escapeCurvaturePlane(theta, eig);
      return { u: plane.u, v: plane.v, uLabel: describe(plane.uInfo, 'u'), vLabel: describe(plane.vInfo, 'v') };
    }
  }
}

export function surfaceTask(raw: unknown, context: TaskContext): TaskResult<'surface'> {
  const payload = TASKS.surface.payload.parse(raw);
  const network = toNetwork(payload.network);
  const data = toDataset(payload.data);
  checkFits(network, data);
  const grid = { alphaRange: payload.alphaRange, betaRange: payload.betaRange, resolution: payload.resolution };
  validateGridSpec(grid);
  const plane = directions(payload.directions, network, data);
  const evaluator = createPlaneEvaluator(network.architecture, network.theta, plane.u, plane.v, data);
  const R = grid.resolution;
  const loss = new Float64Array(R * R);
  for (let start = 0; start < R; start += ROWS_PER_BLOCK) {
    if (context.shouldStop()) throw new TaskCancelledError('surface cancelled');
    const rows = Int32Array.from({ length: Math.min(ROWS_PER_BLOCK, R - start) }, (_, t) => start + t);
    loss.set(evaluateGridRows(evaluator, grid, rows), start * R);
    context.progress({ progress: Math.min(1, (start + rows.length) / R), step: start + rows.length, loss: null });
  }
  // Overflowing losses (far from θ₀) are clamped so that the grid stays finite JSON.
  for (let i = 0; i < loss.length; i++) if (!Number.isFinite(loss[i])) loss[i] = Number.MAX_VALUE;
  const { alphas, betas } = gridAxes(grid);
  return {
    loss,
    alpha: alphas,
    beta: betas,
    u: Float64Array.from(plane.u),
    v: Float64Array.from(plane.v),
    uLabel: plane.uLabel,
    vLabel: plane.vLabel,
  };
}
