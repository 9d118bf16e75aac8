/**
 * The studio's state passed by React context: the host API, live jobs/runs/batches, the one
 * workspace state with its dispatch, the derived view, and the shell's commands (start, cancel,
 * delete, open a panel). Every panel reads what it needs from here instead of long prop chains.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, type Dispatch, type ReactNode } from 'react';
import type { StudioApi } from '../../../contract/api';
import type { ExperimentSpecInput } from '../../../contract/experiment';
import type { MethodResult } from '../../../contract/methods';
import { useLayout } from '../panels/hooks/useLayout';
import type { Theme } from '../panels/layoutStore';
import type { StudioState } from './useStudio';
import { useStudio } from './useStudio';
import { useWorkspaceView, type WorkspaceView } from './useWorkspaceView';
import { DEFAULT_WORKSPACE, workspaceReducer, type WorkspaceAction, type WorkspaceState } from './workspaceState';

/** What the dock can do for the rest of the shell (set by the dock once it is ready). */
export interface DockControl {
  open(panelId: string): void;
  resetLayout(): void;
}

export interface StudioContextValue {
  readonly api: StudioApi;
  readonly studio: StudioState;
  readonly ws: WorkspaceState;
  readonly dispatch: Dispatch<WorkspaceAction>;
  readonly view: WorkspaceView;
  startExperiment(spec: ExperimentSpecInput): Promise<MethodResult<'experiments.start'>>;
  cancel(target: { jobId: string } | { batchId: string }): void;
  deleteRuns(target: { runIds: readonly string[] } | { batchId: string }): Promise<number>;
  /** Queues the seeds of an interrupted batch that have no run yet (`batches.resume`). */
  resumeBatch(batchId: string): Promise<number>;
  /** Opens (or focuses) a dock panel by id. */
  openPanel(panelId: string): void;
  readonly dock: { current: DockControl | null };
  readonly theme: Theme;
  toggleTheme(): void;
}

const Context = createContext<StudioContextValue | null>(null);

export function useStudioContext(): StudioContextValue {
  const value = useContext(Context);
  if (!value) throw new Error('useStudioContext: no StudioProvider above this component');
  return value;
}

export function StudioProvider({ api, children }: { api: StudioApi; children: ReactNode }) {
  const { state: studio, noteStarted, noteDeleted, refreshBatches } = useStudio(api);
  const [ws, dispatch] = useReducer(workspaceReducer, DEFAULT_WORKSPACE);
  const view = useWorkspaceView(api, studio.runs, ws);
  const dock = useRef<DockControl | null>(null);
  const [layout, updateLayout] = useLayout();
  const toggleTheme = useCallback(() => updateLayout((l) => ({ ...l, theme: l.theme === 'dark' ? 'light' : 'dark' })), []);

  // With nothing selected, show the newest run.
  useEffect(() => {
    if (ws.primaryId !== null || !studio.complete || studio.runs.length === 0) return;
    const newest = studio.runs.reduce((a, b) => (b.createdAt > a.createdAt ? b : a));
    dispatch({ type: 'selectRun', runId: newest.runId });
  }, [ws.primaryId, studio.runs, studio.complete]);
  // A run of a batch this page does not know (started elsewhere): read the batch list again, once per such batch.
  const askedFor = useRef(new Set<string>());
  useEffect(() => {
    const known = new Set(studio.batches.map((b) => b.batchId));
    const missing = [...new Set(studio.runs.map((r) => r.batchId).filter((b): b is string => b !== null && !known.has(b) && !askedFor.current.has(b)))];
    if (missing.length === 0) return;
    for (const b of missing) askedFor.current.add(b);
    void refreshBatches();
  }, [studio.runs, studio.batches]);
  // A split run started from the split panel opens next to its parent once it is stored.
  useEffect(() => {
    if (ws.pendingSplit && studio.runs.some((r) => r.runId === ws.pendingSplit?.runId)) dispatch({ type: 'openPendingSplit' });
  }, [ws.pendingSplit, studio.runs]);

  const startExperiment = useCallback(
    async (spec: ExperimentSpecInput) => {
      const started = await api.call('experiments.start', spec);
      noteStarted(
        started.jobs.map((j) => ({
          jobId: j.jobId,
          kind: 'train',
          runId: j.runId,
          batchId: started.batchId,
          seed: j.seed,
          state: 'queued',
          progress: 0,
          loss: null,
          step: 0,
          message: null,
          queuedAt: Date.now(),
        })),
      );
      if (started.batchId !== null) await refreshBatches();
      return started;
    },
    [api],
  );

  const cancel = useCallback((target: { jobId: string } | { batchId: string }) => void api.call('jobs.cancel', target).catch(() => undefined), [api]);

  const resumeBatch = useCallback(
    async (batchId: string): Promise<number> => {
      const resumed = await api.call('batches.resume', { batchId });
      noteStarted(resumed.jobs.map((j) => ({ jobId: j.jobId, kind: 'train', runId: j.runId, batchId, seed: j.seed, state: 'queued', progress: 0, loss: null, step: 0, message: null, queuedAt: Date.now() })));
      await refreshBatches();
      return resumed.jobs.length;
    },
    [api],
  );

  const deleteRuns = useCallback(
    async (target: { runIds: readonly string[] } | { batchId: string }): Promise<number> => {
      if ('batchId' in target) {
        const ids = studio.runs.filter((r) => r.batchId === target.batchId).map((r) => r.runId);
        const { deleted } = await api.call('runs.delete', { batchId: target.batchId });
        noteDeleted(ids, target.batchId);
        dispatch({ type: 'runsDeleted', runIds: ids });
        if (ws.batchId === target.batchId) dispatch({ type: 'selectBatch', batchId: null });
        return deleted;
      }
      let deleted = 0;
      const done: string[] = [];
      try {
        for (const runId of target.runIds) {
          deleted += (await api.call('runs.delete', { runId })).deleted;
          done.push(runId);
        }
      } finally {
        noteDeleted(done, null);
        dispatch({ type: 'runsDeleted', runIds: done });
      }
      return deleted;
    },
    [api, studio.runs, ws.batchId],
  );

  const openPanel = useCallback((panelId: string) => dock.current?.open(panelId), []);

  const value = useMemo<StudioContextValue>(
    () => ({ api, studio, ws, dispatch, view, startExperiment, cancel, deleteRuns, resumeBatch, openPanel, dock, theme: layout.theme, toggleTheme }),
    [api, studio, ws, view, startExperiment, cancel, deleteRuns, resumeBatch, openPanel, layout.theme, toggleTheme],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}
