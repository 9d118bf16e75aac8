/** landscape / teacher: the visual panels' data, each one pool task (see contract/landscape.ts). */
import { ContractError } from '../../contract/errors';
import type { MethodRequest, MethodResult } from '../../contract/methods';
import type { TaskPayload, TaskResult } from '../../contract/tasks';
import { WorkerFaultError } from '../../native-workers/pool/errors';
import type { WorkerPool } from '../../native-workers/pool/pool';
import type { Workspace } from '../workspace/workspace';
import { resolvePoint, type ResolvedPoint } from './sources';
import { submitTask } from './taskClient';

function flat(points: readonly (readonly number[])[], field: string, context: string): Float64Array {
  const P = points[0]?.length ?? 0;
  const out = new Float64Array(points.length * P);
  points.forEach((p, t) => {
    if (p.length !== P) throw new ContractError(`${context}: ${field}[${t}]: has ${p.length} entries, expected ${P}`);
    out.set(p, t * P);
  });
  return out;
}

function planePayload(plane: MethodRequest<'landscape'>['plane'], context: string): TaskPayload<'landscape'>['plane'] {
  switch (plane.kind) {
    case 'pca':
      return { kind: 'pca', points: flat(plane.points, 'plane.points', context), count: plane.points.length };
    case 'three-point':
      return { kind: 'three-point', a: Float64Array.from(plane.points[0]), b: Float64Array.from(plane.points[1]) };
    case 'explicit':
      return { kind: 'explicit', u: Float64Array.from(plane.u), v: Float64Array.from(plane.v) };
    default:
      return plane;
  }
}

/** The resolved point and the landscape task's raw result (Float64Arrays, with the plane's u and v) for a `landscape`-shaped request. */
export async function computeLandscapeTask(
  pool: WorkerPool,
  workspace: Workspace,
  request: MethodRequest<'landscape'>,
  context: string,
): Promise<{ point: ResolvedPoint; result: TaskResult<'landscape'> }> {
  const point = await resolvePoint(workspace, request.source, context);
  const project = flat(request.project, 'project', context);
  const result = await submitTask(pool, 'landscape', {
    network: point.network,
    data: point.data,
    plane: planePayload(request.plane, context),
    alphaRange: request.alphaRange ?? null,
    betaRange: request.betaRange ?? null,
    resolution: request.resolution,
    coarse: request.coarse ? { resolution: request.coarse.resolution, loss: Float64Array.from(request.coarse.loss) } : null,
    project,
    projectCount: request.project.length,
  }).result;
  return { point, result };
}

export async function landscape(pool: WorkerPool, workspace: Workspace, request: MethodRequest<'landscape'>): Promise<MethodResult<'landscape'>> {
  const { result: r } = await computeLandscapeTask(pool, workspace, request, 'landscape');
  let minLoss = Infinity;
  let maxLoss = -Infinity;
  for (const value of r.loss) {
    if (value < minLoss) minLoss = value;
    if (value > maxLoss) maxLoss = value;
  }
  return {
    resolution: r.resolution,
    alphaRange: r.alphaRange,
    betaRange: r.betaRange,
    alpha: Array.from(r.alpha),
    beta: Array.from(r.beta),
    loss: Array.from(r.loss),
    minLoss,
    maxLoss,
    axes: r.axes,
    originLoss: r.originLoss,
    projection: {
      alpha: Array.from(r.projAlpha),
      beta: Array.from(r.projBeta),
      offPlane: Array.from(r.projOffPlane),
      planeLoss: Array.from(r.projPlaneLoss),
      loss: Array.from(r.projLoss),
    },
    reused: r.reused,
    parameterCount: r.parameterCount,
  };
}

export async function teacher(pool: WorkerPool, request: MethodRequest<'teacher'>): Promise<MethodResult<'teacher'>> {
  const r = await submitTask(pool, 'teacher', request).result;
  const [hidden, output] = r.architecture.layers;
  if (!hidden || !output || r.architecture.layers.length !== 2) throw new WorkerFaultError('teacher task: expected a two-layer teacher');
  const d = hidden.inputs;
  const m = hidden.outputs;
  const outputAt = m * d + (hidden.bias ? m : 0);
  return {
    teacher: request.teacher,
    description: r.description,
    inputDim: d,
    width: m,
    activation: hidden.activation,
    neurons: Array.from({ length: m }, (_, j) => ({
      weight: Array.from(r.theta.subarray(j * d, (j + 1) * d)),
      bias: hidden.bias ? r.theta[m * d + j] : 0,
      outgoing: Array.from({ length: output.outputs }, (_, o) => r.theta[outputAt + o * m + j]),
    })),
  };
}
