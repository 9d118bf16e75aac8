/**
 * The `landscape` task: a thin adapter from the task payload to the engine's `computeLandscape`
 * (plane, default ranges, coarse-grid reuse, projections all live in engine/landscape/).
 */
import { TASKS, type TaskPayload, type TaskResult } from '../../contract/tasks';
import { computeLandscape, type LandscapePlaneSpec } from '../engine';
import { TaskCancelledError, type TaskContext } from '../pool/runtime';
import { checkFits, InputError, toDataset, toNetwork } from './inputs';

function rows(flat: Float64Array, count: number, P: number, field: string): Float64Array[] {
  if (flat.length !== count * P) throw new InputError(`${field}: has ${flat.length} values, expected ${count}×${P}`);
  return Array.from({ length: count }, (_, t) => flat.subarray(t * P, (t + 1) * P));
}

function planeSpec(plane: TaskPayload<'landscape'>['plane'], P: number): LandscapePlaneSpec {
  return plane.kind === 'pca' ? { kind: 'pca', points: rows(plane.points, plane.count, P, 'plane.points') } : plane;
}

export function landscapeTask(raw: unknown, context: TaskContext): TaskResult<'landscape'> {
  const payload = TASKS.landscape.payload.parse(raw);
  const network = toNetwork(payload.network);
  const data = toDataset(payload.data);
  checkFits(network, data);
  const P = network.theta.length;
  const r = computeLandscape(network, data, {
    plane: planeSpec(payload.plane, P),
    resolution: payload.resolution,
    alphaRange: payload.alphaRange,
    betaRange: payload.betaRange,
    coarse: payload.coarse,
    project: rows(payload.project, payload.projectCount, P, 'project'),
    shouldStop: context.shouldStop,
    onProgress: (done, total) => context.progress({ progress: total > 0 ? done / total : 1, step: done, loss: null }),
  });
  if (!r) throw new TaskCancelledError('landscape cancelled');
  return {
    resolution: r.resolution,
    alphaRange: r.alphaRange,
    betaRange: r.betaRange,
    alpha: r.alpha,
    beta: r.beta,
    loss: r.loss,
    u: r.u,
    v: r.v,
    axes: r.axes,
    originLoss: r.originLoss,
    projAlpha: r.projection.alpha,
    projBeta: r.projection.beta,
    projOffPlane: r.projection.offPlane,
    projPlaneLoss: r.projection.planeLoss,
    projLoss: r.projection.loss,
    reused: r.reused,
    parameterCount: r.parameterCount,
  };
}
