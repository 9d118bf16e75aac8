/** runs.list / get / delete / export over the workspace. */
import type { MethodRequest, MethodResult } from '../../contract/methods';
import { exportRun } from '../workspace/export';
import type { Workspace } from '../workspace/workspace';

export function listRuns(workspace: Workspace, request: MethodRequest<'runs.list'>): MethodResult<'runs.list'> {
  return { runs: workspace.listRuns(request.batchId), batches: workspace.listBatches() };
}

export async function getRun(workspace: Workspace, request: MethodRequest<'runs.get'>): Promise<MethodResult<'runs.get'>> {
  const { record, arrays } = await workspace.loadRun(request.runId);
  const P = record.summary.parameterCount;
  const count = arrays.trajectoryTime.length;
  const theta: number[][] = [];
  for (let k = 0; k < count; k++) theta.push(Array.from(arrays.trajectoryTheta.subarray(k * P, (k + 1) * P)));
  return {
    run: record.summary,
    initialTheta: Array.from(arrays.initialTheta),
    finalTheta: Array.from(arrays.finalTheta),
    curve: { time: Array.from(arrays.curveTime), loss: Array.from(arrays.curveLoss) },
    trajectory: { time: Array.from(arrays.trajectoryTime), loss: Array.from(arrays.trajectoryLoss), theta },
  };
}

export async function exportRunMethod(workspace: Workspace, request: MethodRequest<'runs.export'>): Promise<MethodResult<'runs.export'>> {
  return exportRun(workspace, request.runId, request.directory);
}
