/**
 * The Analyses & exports panel: loads `analyses.list` and `exports.list` (on mount, on Refresh,
 * when runs are added or deleted, after a delete), shows them through WorkspaceFilesView; Open
 * selects the run (an analysis also brings up the Hessian spectrum panel), Delete asks first.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AnalysisSummary, ExportSummary } from '../../../contract/workspaceAdmin';
import { useStudioContext } from '../state/StudioContext';
import { deleteFile, fileRows, type FileRow } from './workspaceFilesData';
import { WorkspaceFilesView } from './WorkspaceFilesView';

export function WorkspaceFilesPanel() {
  const { api, studio, dispatch, openPanel } = useStudioContext();
  const [lists, setLists] = useState<{ analyses: AnalysisSummary[]; exports: ExportSummary[] } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [page, setPage] = useState(0);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );

  const refresh = useCallback(async () => {
    try {
      const [a, e] = await Promise.all([api.call('analyses.list', {}), api.call('exports.list', {})]);
      if (!live.current) return;
      setLists({ analyses: a.analyses, exports: e.exports });
      setProblem(null);
    } catch (error) {
      if (live.current) setProblem(`Could not list the workspace's analyses and exports: ${(error as Error).message}`);
    }
  }, [api]);

  const runCount = studio.runs.length;
  useEffect(() => void refresh(), [refresh, runCount]);

  const rows = useMemo(() => (lists ? fileRows(lists.analyses, lists.exports, studio.runs) : null), [lists, studio.runs]);

  const onOpen = (row: FileRow) => {
    if (row.runId === null) return;
    dispatch({ type: 'selectRun', runId: row.runId });
    openPanel(row.kind === 'analysis' ? 'spectrum' : 'curves');
  };

  const onDelete = (row: FileRow) => {
    setBusy((b) => new Set(b).add(row.id));
    deleteFile(api, row, (q) => window.confirm(q))
      .then(async (deleted) => {
        if (deleted) await refresh();
      })
      .catch((error: unknown) => live.current && setProblem(`Delete ${row.id}: ${(error as Error).message}`))
      .finally(() => {
        if (!live.current) return;
        setBusy((b) => {
          const next = new Set(b);
          next.delete(row.id);
          return next;
        });
      });
  };

  return <WorkspaceFilesView rows={rows} page={page} problem={problem} busy={busy} onPage={setPage} onOpen={onOpen} onDelete={onDelete} onRefresh={() => void refresh()} />;
}
