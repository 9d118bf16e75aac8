/** runs.list's integrity view (batch states, damaged entries) and the stored analyses' summaries. */
import type { MethodResult } from '../../contract/methods';
import type { AnalysisSummary } from '../../contract/workspaceAdmin';
import { elementCount, type AnalysisRecord } from '../workspace/records';
import type { Workspace } from '../workspace/workspace';

type RunsList = MethodResult<'runs.list'>;

/**
 * Adds each batch's state — running (runs queued or running now), finished (a run for every seed),
 * cancelled (the user's cancel, saved in batch.json), interrupted (none of these: a crash or a
 * shutdown; resume either with batches.resume), rebuilt (batch.json was damaged) — and the entries
 * found damaged on open, so none is shown as finished.
 */
export function listWithIntegrity(workspace: Workspace, list: RunsList, active: (batchId: string) => boolean): RunsList {
  const batches = list.batches.map((b) => ({
    ...b,
    state: workspace.rebuiltBatches.has(b.batchId)
      ? ('rebuilt' as const)
      : active(b.batchId)
        ? ('running' as const)
        : b.finished >= b.seedCount
          ? ('finished' as const)
          : workspace.getBatchRecord(b.batchId).cancelledAt !== undefined
            ? ('cancelled' as const)
            : ('interrupted' as const),
  }));
  const damaged = workspace.listDamaged().map((d) => ({ kind: d.kind, id: d.id, batchId: d.batchId, reason: d.reason }));
  return { ...list, batches, damaged };
}

export function listAnalyses(workspace: Workspace): AnalysisSummary[] {
  return workspace
    .listAnalyses()
    .map((a) => ({
      analysisId: a.analysisId,
      createdAt: a.createdAt,
      runId: a.runId,
      which: a.which,
      loss: a.loss,
      gradNorm: a.gradNorm,
      index: a.index,
      classification: a.classification,
      parameterCount: a.parameterCount,
      bytes: analysisBytes(a),
    }))
    .sort((x, y) => x.createdAt - y.createdAt || x.analysisId.localeCompare(y.analysisId));
}

/** An analysis folder's size: the record as written (addAnalysis) plus its arrays, whose sizes were checked on open. */
function analysisBytes(a: AnalysisRecord): number {
  const json = new TextEncoder().encode(JSON.stringify(a, null, 2) + '\n').length;
  return json + 8 * (elementCount(a.arrays.eigenvalues.shape) + elementCount(a.arrays.escapeDirections.shape));
}
