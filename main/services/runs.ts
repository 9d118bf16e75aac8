/** runs.list / get / delete / export over the workspace. */
import { StudioError } from '../../contract/errors';
import type { MethodRequest, MethodResult } from '../../contract/methods';
import type { RunSummary } from '../../contract/runs';
import { exportRun } from '../workspace/export';
import type { Workspace } from '../workspace/workspace';

/** A page boundary: the last run returned, as `createdAt:runId` (runs are listed by that order). */
function cursorOf(run: RunSummary): string {
  return `${run.createdAt}:${run.runId}`;
}

function parseCursor(cursor: string): { createdAt: number; runId: string } {
  const at = cursor.indexOf(':');
  const createdAt = Number(cursor.slice(0, at));
  if (at < 1 || !Number.isFinite(createdAt)) throw new StudioError('invalid', `runs.list: cursor: expected a nextCursor from a previous page, got '${cursor}'`);
  return { createdAt, runId: cursor.slice(at + 1) };
}

/** Summaries only, oldest first; paged by `limit` + `cursor` when asked (the workspace keeps them in memory). */
export function listRuns(workspace: Workspace, request: MethodRequest<'runs.list'>): MethodResult<'runs.list'> {
  const all = workspace.listRuns(request.batchId);
  const batches = workspace.listBatches();
  if (request.limit === undefined && request.cursor === undefined) return { runs: all, batches, nextCursor: null, total: all.length };
  let start = 0;
  if (request.cursor !== undefined) {
    const c = parseCursor(request.cursor);
    // First run strictly after the cursor in (createdAt, runId) order; a deleted cursor run is no problem.
    start = all.findIndex((r) => r.createdAt > c.createdAt || (r.createdAt === c.createdAt && r.runId.localeCompare(c.runId) > 0));
    if (start < 0) start = all.length;
  }
  const limit = request.limit ?? all.length;
  const runs = all.slice(start, start + limit);
  const last = runs[runs.length - 1];
  const nextCursor = start + limit < all.length && last ? cursorOf(last) : null;
  return { runs, batches, nextCursor, total: all.length };
}

export async function getRun(workspace: Workspace, request: MethodRequest<'runs.get'>): Promise<MethodResult<'runs.get'>> {
  const { record, arrays } = await workspace.loadRun(request.runId);
  const P = record.summary.parameterCount;
  const count = arrays.trajectoryTime.length;
  const theta: number[][] = [];
  for (let k = 0; k < count; k++) theta.push(Array.from(arrays.trajectoryTheta.subarray(k * P, (k + 1) * P)));
  return {
    run: record.summary,
    architecture: record.architecture,
    initialTheta: Array.from(arrays.initialTheta),
    finalTheta: Array.from(arrays.finalTheta),
    curve: { time: Array.from(arrays.curveTime), loss: Array.from(arrays.curveLoss) },
    trajectory: { time: Array.from(arrays.trajectoryTime), loss: Array.from(arrays.trajectoryLoss), theta },
  };
}

export async function exportRunMethod(
  workspace: Workspace,
  request: MethodRequest<'runs.export'>,
  chosenFolders: readonly string[] = [],
): Promise<MethodResult<'runs.export'>> {
  return exportRun(workspace, request.runId, request.directory, chosenFolders);
}
