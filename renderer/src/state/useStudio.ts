/**
 * Live studio state for the shell: jobs with progress and the run list, kept current by events.
 * The run list arrives in pages of summaries (`runs.list` with a cursor), so a workspace with
 * hundreds of runs shows its first runs at once; run details load lazily per panel.
 */
import { useEffect, useReducer } from 'react';
import type { StudioApi } from '../../../contract/api';
import type { StudioEvent } from '../../../contract/events';
import { queuedJob, type JobInfo, type JobRef } from '../../../contract/jobs';
import type { BatchSummary, RunSummary } from '../../../contract/runs';

export interface StudioState {
  readonly jobs: ReadonlyMap<string, JobInfo>;
  readonly runs: readonly RunSummary[];
  readonly batches: readonly BatchSummary[];
  readonly error: string | null;
  /** Every page of the run list has arrived. */
  readonly complete: boolean;
}

type Action =
  | { type: 'loaded'; jobs: JobInfo[]; runs: RunSummary[]; batches: BatchSummary[]; complete: boolean }
  | { type: 'event'; event: StudioEvent }
  | { type: 'more-runs'; runs: RunSummary[]; complete: boolean }
  | { type: 'batches'; batches: BatchSummary[] }
  | { type: 'runs-deleted'; runIds: string[]; batchId: string | null }
  | { type: 'jobs-started'; jobs: JobInfo[] }
  | { type: 'error'; message: string };

const initial: StudioState = { jobs: new Map(), runs: [], batches: [], error: null, complete: false };


/** Applies `update` to the job, creating it from the event's reference when it is not known yet. */
function withJob(jobs: ReadonlyMap<string, JobInfo>, ref: JobRef, update: (job: JobInfo) => JobInfo): ReadonlyMap<string, JobInfo> {
  const job: JobInfo = jobs.get(ref.jobId) ?? queuedJob(ref);
  const next = new Map(jobs);
  next.set(ref.jobId, update(job));
  return next;
}

export function reduce(state: StudioState, action: Action): StudioState {
  switch (action.type) {
    case 'loaded':
      return { jobs: new Map(action.jobs.map((j) => [j.jobId, j])), runs: action.runs, batches: action.batches, error: null, complete: action.complete };
    case 'more-runs': {
      const known = new Set(state.runs.map((r) => r.runId));
      return { ...state, runs: [...state.runs, ...action.runs.filter((r) => !known.has(r.runId))], complete: action.complete };
    }
    case 'batches':
      return { ...state, batches: action.batches };
    case 'runs-deleted': {
      const gone = new Set(action.runIds);
      return {
        ...state,
        runs: state.runs.filter((r) => !gone.has(r.runId) && (action.batchId === null || r.batchId !== action.batchId)),
        batches: action.batchId === null ? state.batches : state.batches.filter((b) => b.batchId !== action.batchId),
      };
    }
    case 'jobs-started': {
      const jobs = new Map(state.jobs);
      for (const j of action.jobs) if (!jobs.has(j.jobId)) jobs.set(j.jobId, j);
      return { ...state, jobs };
    }
    case 'error':
      return { ...state, error: action.message };
    case 'event': {
      const { event } = action;
      switch (event.type) {
        case 'job.progress':
          return {
            ...state,
            jobs: withJob(state.jobs, event.payload, (j) => ({
              ...j,
              state: 'running',
              progress: event.payload.progress,
              step: event.payload.step,
              loss: event.payload.loss,
            })),
          };
        case 'job.done':
          return {
            ...state,
            jobs: withJob(state.jobs, event.payload, (j) => ({
              ...j,
              state: 'done',
              progress: 1,
              loss: event.payload.run?.result.finalLoss ?? j.loss,
            })),
          };
        case 'job.failed':
          return {
            ...state,
            jobs: withJob(state.jobs, event.payload, (j) => ({
              ...j,
              state: event.payload.cancelled ? 'cancelled' : 'failed',
              message: event.payload.reason,
            })),
          };
        case 'run.added': {
          if (state.runs.some((r) => r.runId === event.payload.run.runId)) return state;
          const run = event.payload.run;
          const batches = state.batches.map((b) =>
            b.batchId === run.batchId
              ? {
                  ...b,
                  finished: b.finished + 1,
                  successes: b.successes + (run.result.success ? 1 : 0),
                  bestLoss: b.bestLoss === null ? run.result.finalLoss : Math.min(b.bestLoss, run.result.finalLoss),
                }
              : b,
          );
          return { ...state, runs: [...state.runs, run], batches };
        }
      }
    }
  }
  return state;
}

export interface StudioHandle {
  readonly state: StudioState;
  /** Reloads jobs, runs and batches from the host. */
  refresh(): Promise<void>;
  /** Adds jobs the UI just started (before their first event arrives). */
  noteStarted(jobs: JobInfo[]): void;
  /** Re-reads the batch list (a new batch was started). */
  refreshBatches(): Promise<void>;
  /** Drops deleted runs (and a deleted batch) from the lists. */
  noteDeleted(runIds: string[], batchId: string | null): void;
}

/** Runs per `runs.list` page. */
const PAGE = 200;

export function useStudio(api: StudioApi): StudioHandle {
  const [state, dispatch] = useReducer(reduce, initial);

  const refresh = async (): Promise<void> => {
    try {
      const [{ jobs }, first] = await Promise.all([api.call('jobs.list', {}), api.call('runs.list', { limit: PAGE })]);
      let cursor = first.nextCursor ?? null;
      dispatch({ type: 'loaded', jobs, runs: first.runs, batches: first.batches, complete: cursor === null });
      while (cursor !== null) {
        const page = await api.call('runs.list', { limit: PAGE, cursor });
        cursor = page.nextCursor ?? null;
        dispatch({ type: 'more-runs', runs: page.runs, complete: cursor === null });
      }
    } catch (error) {
      dispatch({ type: 'error', message: (error as Error).message });
    }
  };

  const refreshBatches = async (): Promise<void> => {
    try {
      const { batches } = await api.call('runs.list', { limit: 1 });
      dispatch({ type: 'batches', batches });
    } catch (error) {
      dispatch({ type: 'error', message: (error as Error).message });
    }
  };

  useEffect(() => {
    // Subscribe first so no event between the snapshot and the subscription is lost.
    const unsubscribe = api.subscribe((event) => dispatch({ type: 'event', event }));
    void refresh();
    return unsubscribe;
  }, [api]);

  return {
    state,
    refresh,
    refreshBatches,
    noteStarted: (jobs) => dispatch({ type: 'jobs-started', jobs }),
    noteDeleted: (runIds, batchId) => dispatch({ type: 'runs-deleted', runIds, batchId }),
  };
}
