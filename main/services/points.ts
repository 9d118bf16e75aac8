/** analyze / split: one pool task each on a resolved point (landscapes: landscape.ts). */
import type { Checkpoint } from '../../contract/analysis';
import type { MethodRequest, MethodResult } from '../../contract/methods';
import type { TaskResult } from '../../contract/tasks';
import type { WorkerPool } from '../../native-workers/pool/pool';
import { newId } from '../workspace/ids';
import type { Workspace } from '../workspace/workspace';
import { resolvePoint } from './sources';
import { submitTask } from './taskClient';

function rows(flat: Float64Array, count: number): number[][] {
  if (count === 0) return [];
  const width = flat.length / count;
  return Array.from({ length: count }, (_, k) => Array.from(flat.subarray(k * width, (k + 1) * width)));
}

export async function analyze(pool: WorkerPool, workspace: Workspace, request: MethodRequest<'analyze'>): Promise<MethodResult<'analyze'>> {
  const point = await resolvePoint(workspace, request.source, 'analyze');
  const result = await submitTask(pool, 'analyze', {
    network: point.network,
    data: point.data,
    escapeDirections: request.escapeDirections,
    ...(request.spectrum ? { spectrum: request.spectrum } : {}),
  }).result;
  const analysisId = newId('an');
  await workspace.addAnalysis(
    {
      format: 'escape-studio/analysis@1',
      analysisId,
      createdAt: Date.now(),
      runId: point.runId,
      which: point.which,
      loss: result.loss,
      gradNorm: result.gradNorm,
      index: result.index,
      classification: result.classification,
      parameterCount: result.parameterCount,
      arrays: {
        eigenvalues: { file: 'eigenvalues.f64', shape: [result.eigenvalues.length] },
        escapeDirections: { file: 'escapeDirections.f64', shape: [result.escapeCount, result.parameterCount] },
      },
    },
    result.eigenvalues,
    result.escapeDirections,
  );
  return {
    analysisId,
    loss: result.loss,
    gradNorm: result.gradNorm,
    eigenvalues: Array.from(result.eigenvalues),
    index: result.index,
    classification: result.classification,
    ...(result.reason !== undefined ? { reason: result.reason } : {}),
    parameterCount: result.parameterCount,
    escapeDirections: rows(result.escapeDirections, result.escapeCount),
    spectrum: result.spectrum,
  };
}

/** θ + architecture → `escape-studio/mlp@1` checkpoint JSON (layout: weight row-major, then bias). */
export function toCheckpoint(result: Pick<TaskResult<'split'>, 'architecture' | 'theta'>): Checkpoint {
  let at = 0;
  const layers = result.architecture.layers.map((layer) => {
    const weight: number[][] = [];
    for (let o = 0; o < layer.outputs; o++) {
      weight.push(Array.from(result.theta.subarray(at, at + layer.inputs)));
      at += layer.inputs;
    }
    let bias: number[] | null = null;
    if (layer.bias) {
      bias = Array.from(result.theta.subarray(at, at + layer.outputs));
      at += layer.outputs;
    }
    return { weight, bias, activation: layer.activation };
  });
  return { format: 'escape-studio/mlp@1', layers };
}

export async function split(pool: WorkerPool, workspace: Workspace, request: MethodRequest<'split'>): Promise<MethodResult<'split'>> {
  const point = await resolvePoint(workspace, request.source, 'split');
  const result = await submitTask(pool, 'split', {
    network: point.network,
    data: point.data,
    layer: request.layer,
    neuron: request.neuron,
    gamma: request.gamma,
    perturb: request.perturb,
    perturbSeed: request.perturbSeed,
  }).result;
  return {
    checkpoint: toCheckpoint(result),
    theta: Array.from(result.theta),
    parameterCount: result.theta.length,
    loss: result.loss,
    gradNorm: result.gradNorm,
    maxFunctionChange: result.maxFunctionChange,
    exact: {
      checkpoint: toCheckpoint({ architecture: result.architecture, theta: result.exactTheta }),
      theta: Array.from(result.exactTheta),
      loss: result.exactLoss,
      gradNorm: result.exactGradNorm,
    },
  };
}
