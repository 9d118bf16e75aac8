/**
 * The `landscape` task: a loss grid on a plane through θ₀ (escape × curvature, eigenvectors,
 * filter-normalized random, trajectory PCA, three points, explicit), refined from an earlier
 * coarser grid when one is given (only the new points are computed), plus given θ points
 * placed on the plane with their off-plane distance.
 */
import type { AxisInfo } from '../../contract/landscape';
import { LANDSCAPE_TASKS } from '../../contract/landscape';
import type { z } from 'zod';
import {
  createPlaneEvaluator,
  escapeCurvaturePlane,
  eigenvectorPlane,
  evaluateTasks,
  filterNormalizedPlane,
  gridAxes,
  hessianEigenpairs,
  progressiveSchedule,
  projectTrajectory,
  scatterTasks,
  threePointPlane,
  trajectoryPca,
  validateGridSpec,
  type DirectionInfo,
  type GridTask,
  type PlaneGridSpec,
} from '../engine';
import { createLossEvaluator } from '../engine';
import type { Dataset, Network } from '../engine';
import { TaskCancelledError, type TaskContext } from '../pool/runtime';
import { checkFits, InputError, toDataset, toNetwork } from './inputs';

type Payload = z.output<(typeof LANDSCAPE_TASKS)['landscape']['payload']>;
type Result = z.output<(typeof LANDSCAPE_TASKS)['landscape']['result']>;

interface Plane {
  u: Float64Array;
  v: Float64Array;
  axes: [AxisInfo, AxisInfo];
}

function axis(info: DirectionInfo, role: string | null): AxisInfo {
  const prefix = role ? `${role}: ` : '';
  switch (info.kind) {
    case 'eigenvector':
      return {
        kind: 'eigenvector',
        label: `${prefix}eigenvector ${info.index} (λ = ${info.eigenvalue.toExponential(3)})`,
        eigenvalue: info.eigenvalue,
        eigenIndex: info.index,
        explainedVariance: null,
        norm: info.norm,
      };
    case 'random-filter-normalized':
      return {
        kind: 'random-filter-normalized',
        label: `random filter-normalized (seed ${info.seed}, stream ${info.stream}, ‖d‖ = ${info.norm.toExponential(3)})`,
        eigenvalue: null,
        eigenIndex: null,
        explainedVariance: null,
        norm: info.norm,
      };
    case 'pca':
      return {
        kind: 'pca',
        label: `PC${info.component + 1} of the trajectory (${(100 * info.explainedVariance).toFixed(1)}% of its variance)`,
        eigenvalue: null,
        eigenIndex: null,
        explainedVariance: info.explainedVariance,
        norm: info.norm,
      };
    case 'three-point':
      return {
        kind: 'three-point',
        label: info.axis === 0 ? 'towards the first point' : 'towards the second point (orthogonalized)',
        eigenvalue: null,
        eigenIndex: null,
        explainedVariance: null,
        norm: info.norm,
      };
  }
}

function rows(flat: Float64Array, count: number, P: number, field: string): Float64Array[] {
  if (flat.length !== count * P) throw new InputError(`${field}: has ${flat.length} values, expected ${count}×${P}`);
  return Array.from({ length: count }, (_, t) => flat.subarray(t * P, (t + 1) * P));
}

function euclidean(x: Float64Array): number {
  let s = 0;
  for (const value of x) s += value * value;
  return Math.sqrt(s);
}

function plane(spec: Payload['plane'], network: Network, data: Dataset): Plane {
  const theta = network.theta;
  const P = theta.length;
  switch (spec.kind) {
    case 'escape-curvature': {
      const p = escapeCurvaturePlane(theta, hessianEigenpairs(network.architecture, theta, data));
      return { u: p.u, v: p.v, axes: [axis(p.uInfo, 'escape'), axis(p.vInfo, 'curvature')] };
    }
    case 'eigenvectors': {
      for (const [field, k] of [['i', spec.i], ['j', spec.j]] as const)
        if (k >= P) throw new InputError(`plane.${field}: ${k} is out of range, the network has ${P} eigenvectors`);
      if (spec.i === spec.j) throw new InputError(`plane.j: must differ from plane.i (${spec.i})`);
      const p = eigenvectorPlane(theta, hessianEigenpairs(network.architecture, theta, data), spec.i, spec.j);
      return { u: p.u, v: p.v, axes: [axis(p.uInfo, null), axis(p.vInfo, null)] };
    }
    case 'random': {
      const p = filterNormalizedPlane(network.architecture, theta, spec.seed, { bias: spec.bias });
      return { u: p.u, v: p.v, axes: [axis(p.uInfo, null), axis(p.vInfo, null)] };
    }
    case 'pca': {
      const p = trajectoryPca(rows(spec.points, spec.count, P, 'plane.points'));
      return { u: p.u, v: p.v, axes: [axis(p.uInfo, null), axis(p.vInfo, null)] };
    }
    case 'three-point': {
      for (const [field, x] of [['points[0]', spec.a], ['points[1]', spec.b]] as const)
        if (x.length !== P) throw new InputError(`plane.${field}: has ${x.length} entries, expected ${P}`);
      const p = threePointPlane([theta, spec.a, spec.b], 0);
      return { u: p.u, v: p.v, axes: [axis(p.uInfo, null), axis(p.vInfo, null)] };
    }
    case 'explicit': {
      for (const [field, x] of [['u', spec.u], ['v', spec.v]] as const)
        if (x.length !== P) throw new InputError(`plane.${field}: has ${x.length} entries, expected ${P}`);
      const info = (x: Float64Array, name: string): AxisInfo => ({
        kind: 'explicit',
        label: `${name} (given)`,
        eigenvalue: null,
        eigenIndex: null,
        explainedVariance: null,
        norm: euclidean(x),
      });
      return { u: spec.u, v: spec.v, axes: [info(spec.u, 'u'), info(spec.v, 'v')] };
    }
  }
}

/** Default ranges of non-eigenvector axes: around θ₀ (0, 0) and every projected point, 25% margin; [−1, 1] without points. */
export function fittedRange(values: Float64Array): [number, number] {
  if (values.length === 0) return [-1, 1];
  let lo = 0;
  let hi = 0;
  for (const x of values) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  const half = Math.max(((hi - lo) / 2) * 1.25, 1e-3);
  const mid = (lo + hi) / 2;
  return [mid - half, mid + half];
}

/**
 * Default range along a unit eigenvector with eigenvalue λ: ±h with ½|λ|h² = L(θ₀), the distance
 * at which the quadratic model changes the loss by as much as the loss itself — the scale on which
 * a saddle's escape (λ < 0) and the steep walls (λ_max) both show. Clamped to [10⁻³, 10].
 */
export function curvatureRange(eigenvalue: number, originLoss: number): [number, number] {
  const h = Math.abs(eigenvalue) > 0 ? Math.sqrt((2 * originLoss) / Math.abs(eigenvalue)) : Infinity;
  const half = Math.min(10, Math.max(1e-3, Number.isFinite(h) ? h : 10));
  return [-half, half];
}

/** Tasks that complete the grid from a coarse level, or null when its resolution does not nest. */
function refinementTasks(resolution: number, coarse: number): GridTask[] | null {
  if (coarse >= resolution || (resolution - 1) % (coarse - 1) !== 0) return null;
  const schedule = progressiveSchedule(resolution, coarse);
  if (schedule[0].resolution !== coarse) return null;
  return schedule.slice(1).flatMap((level) => level.tasks);
}

export function landscapeTask(raw: unknown, context: TaskContext): Result {
  const payload = LANDSCAPE_TASKS.landscape.payload.parse(raw);
  const network = toNetwork(payload.network);
  const data = toDataset(payload.data);
  checkFits(network, data);
  const P = network.theta.length;
  const { u, v, axes } = plane(payload.plane, network, data);
  const evaluator = createPlaneEvaluator(network.architecture, network.theta, u, v, data);

  const points = rows(payload.project, payload.projectCount, P, 'project');
  const projected = projectTrajectory(network.theta, u, v, points);
  const lossOf = createLossEvaluator(network.architecture, data);
  const originLoss = finite(lossOf.loss(network.theta));
  const defaultRange = (info: AxisInfo, coordinates: Float64Array): [number, number] =>
    info.eigenvalue !== null ? curvatureRange(info.eigenvalue, originLoss) : fittedRange(coordinates);
  const spec: PlaneGridSpec = {
    alphaRange: payload.alphaRange ?? defaultRange(axes[0], projected.alpha),
    betaRange: payload.betaRange ?? defaultRange(axes[1], projected.beta),
    resolution: payload.resolution,
  };
  validateGridSpec(spec);
  const R = spec.resolution;

  let tasks: GridTask[] = [];
  const loss = new Float64Array(R * R);
  let reused = 0;
  const coarse = payload.coarse;
  const refine = coarse ? refinementTasks(R, coarse.resolution) : null;
  if (coarse && refine) {
    const r = coarse.resolution;
    if (coarse.loss.length !== r * r) throw new InputError(`coarse.loss: has ${coarse.loss.length} values, expected ${r}×${r}`);
    const stride = (R - 1) / (r - 1);
    for (let i = 0; i < r; i++) for (let k = 0; k < r; k++) loss[i * stride * R + k * stride] = coarse.loss[i * r + k];
    reused = r * r;
    tasks = refine;
  } else {
    for (let i = 0; i < R; i++) tasks.push({ row: i, colStart: 0, colStep: 1, count: R });
  }
  const total = tasks.reduce((s, t) => s + t.count, 0);
  let done = 0;
  const BLOCK = 8;
  for (let start = 0; start < tasks.length; start += BLOCK) {
    if (context.shouldStop()) throw new TaskCancelledError('landscape cancelled');
    const block = tasks.slice(start, start + BLOCK);
    scatterTasks(loss, R, block, evaluateTasks(evaluator, spec, block));
    done += block.reduce((s, t) => s + t.count, 0);
    context.progress({ progress: total > 0 ? done / total : 1, step: done, loss: null });
  }
  // Overflowing losses (far from θ₀) are clamped so that the grid stays finite JSON.
  for (let i = 0; i < loss.length; i++) if (!Number.isFinite(loss[i])) loss[i] = Number.MAX_VALUE;

  const planeLoss = new Float64Array(points.length);
  const pointLoss = new Float64Array(points.length);
  const one = new Float64Array(1);
  points.forEach((p, t) => {
    evaluator.row(projected.beta[t], projected.alpha[t], 1, 1, one, 0);
    planeLoss[t] = finite(one[0]);
    pointLoss[t] = finite(lossOf.loss(Float64Array.from(p)));
  });
  const { alphas, betas } = gridAxes(spec);
  return {
    resolution: R,
    alphaRange: [spec.alphaRange[0], spec.alphaRange[1]],
    betaRange: [spec.betaRange[0], spec.betaRange[1]],
    alpha: alphas,
    beta: betas,
    loss,
    axes,
    originLoss,
    projAlpha: projected.alpha,
    projBeta: projected.beta,
    projOffPlane: projected.offPlane,
    projPlaneLoss: planeLoss,
    projLoss: pointLoss,
    reused,
    parameterCount: P,
  };
}

function finite(x: number): number {
  return Number.isFinite(x) ? x : Number.MAX_VALUE;
}
