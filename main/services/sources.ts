/** Turning contract point sources (a stored run, or a checkpoint + data) into worker task inputs. */
import type { DataSource, PointSource } from '../../contract/analysis';
import { ContractError, StudioError } from '../../contract/errors';
import type { RunSpec } from '../../contract/experiment';
import type { TaskData, TaskNetwork } from '../../contract/tasks';
import type { RunOrigin } from '../../contract/origin';
import { splitNeuron } from '../../native-workers/engine';
import type { Workspace } from '../workspace/workspace';

export interface ResolvedPoint {
  readonly network: TaskNetwork;
  readonly data: TaskData;
  readonly runId: string | null;
  readonly which: 'final' | 'initial' | 'split' | null;
}

function flattenRows(rows: readonly (readonly number[])[], field: string): { values: Float64Array; width: number } {
  const width = rows[0].length;
  if (width === 0) throw new ContractError(`${field}[0]: expected at least one column`);
  const values = new Float64Array(rows.length * width);
  rows.forEach((row, n) => {
    if (row.length !== width) throw new ContractError(`${field}[${n}]: has ${row.length} entries, expected ${width}`);
    values.set(row, n * width);
  });
  return { values, width };
}

export function resolveData(data: DataSource, context: string): TaskData {
  if (data.kind === 'teacher') return data;
  const X = flattenRows(data.X, `${context}.X`);
  const Y = flattenRows(data.y, `${context}.y`);
  if (data.X.length !== data.y.length)
    throw new ContractError(`${context}.y: has ${data.y.length} rows, expected ${data.X.length} (one per row of X)`);
  return { kind: 'inline', count: data.X.length, X: X.values, Y: Y.values, inputDim: X.width, outputDim: Y.width };
}

export async function resolvePoint(workspace: Workspace, source: PointSource, method: string): Promise<ResolvedPoint> {
  if (source.kind === 'network') {
    return {
      network: { kind: 'checkpoint', checkpoint: source.checkpoint },
      data: resolveData(source.data, `${method}: source.data`),
      runId: null,
      which: null,
    };
  }
  if (source.kind === 'hierarchy') return resolveHierarchyNode(workspace, source.hierarchyId, source.node, method);
  const { record, arrays } = await workspace.loadRun(source.runId);
  const spec = record.summary.spec;
  let theta =
    source.which === 'split' && source.snapshot === undefined
      ? await exactSplitPoint(workspace, record.summary.origin, source.runId, record.summary.parameterCount, method)
      : source.which === 'final'
        ? arrays.finalTheta
        : arrays.initialTheta;
  if (source.snapshot !== undefined) {
    const P = record.summary.parameterCount;
    const count = arrays.trajectoryTime.length;
    if (source.snapshot >= count)
      throw new ContractError(`${method}: source.snapshot: ${source.snapshot} is out of range, the run has ${count} snapshots`);
    theta = arrays.trajectoryTheta.slice(source.snapshot * P, (source.snapshot + 1) * P);
  }
  return {
    network: {
      kind: 'theta',
      architecture: record.architecture,
      theta,
    },
    data: await runData(workspace, spec, method),
    runId: source.runId,
    which: source.which,
  };
}

/** The data a run was trained / evaluated on: its stored dataset's arrays, or its teacher's dataset. */
export async function runData(workspace: Workspace, spec: RunSpec, method: string): Promise<TaskData> {
  if (spec.dataset === undefined) return { kind: 'teacher', teacher: spec.teacher, dataSeed: spec.dataSeed, ...(spec.samples !== null ? { samples: spec.samples } : {}) };
  if (!workspace.datasets.has(spec.dataset))
    throw new StudioError('not-found', `${method}: source: the run's dataset '${spec.dataset}' is no longer in the workspace`);
  const { summary, X, Y } = await workspace.datasets.load(spec.dataset);
  return { kind: 'inline', count: summary.count, inputDim: summary.inputDim, outputDim: summary.outputDim, X, Y };
}

/**
 * The exact split point of a split run (ε = 0): its parent's final θ with the neuron split by γ,
 * recomputed (a copy, no training) rather than stored, since the run starts from the nudged point.
 */
async function exactSplitPoint(workspace: Workspace, origin: RunOrigin, runId: string, parameterCount: number, method: string): Promise<Float64Array> {
  if (origin.kind !== 'split') throw new ContractError(`${method}: source.which: run ${runId} is not a split run, so it has no split point`);
  let parent;
  try {
    parent = await workspace.loadRun(origin.parentRunId);
  } catch {
    throw new ContractError(`${method}: source.which: the split point needs the parent run ${origin.parentRunId}, which is no longer in the workspace`);
  }
  const split = splitNeuron(
    { architecture: parent.record.architecture, theta: parent.arrays.finalTheta },
    { layer: origin.layer, neuron: origin.neuron, gamma: origin.gamma },
  );
  if (split.network.theta.length !== parameterCount)
    throw new ContractError(`${method}: source.which: splitting the parent gives ${split.network.theta.length} parameters, run ${runId} has ${parameterCount}`);
  return Float64Array.from(split.network.theta);
}

/** A hierarchy node: the explorer's students are two-layer nets with both biases (engine/hierarchy/explore.ts). */
async function resolveHierarchyNode(workspace: Workspace, hierarchyId: string, nodeId: number, method: string): Promise<ResolvedPoint> {
  const { summary, width, theta } = await workspace.hierarchies.node(hierarchyId, nodeId);
  const { inputDim: d, outputDim: k, activation, request } = summary;
  const expected = width * d + width + k * width + k;
  if (theta.length !== expected)
    throw new ContractError(`${method}: source.node: node ${nodeId} has ${theta.length} parameters, expected ${expected} for width ${width}`);
  return {
    network: {
      kind: 'theta',
      architecture: {
        layers: [
          { inputs: d, outputs: width, bias: true, activation },
          { inputs: width, outputs: k, bias: true, activation: 'identity' },
        ],
      },
      theta,
    },
    data: {
      kind: 'teacher',
      teacher: request.teacher,
      dataSeed: request.dataSeed,
      ...(request.samples !== undefined ? { samples: request.samples } : {}),
    },
    runId: null,
    which: null,
  };
}
