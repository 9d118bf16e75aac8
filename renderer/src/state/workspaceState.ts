/**
 * The studio workspace's one state record and its named, pure actions (excalidraw-style: one
 * typed app state with defaults). What is selected (run, compared runs, batch, point), how the
 * panels look at it (θ₀, plane, spectrum position) and the time slider live here, so every reset
 * site resets the same fields.
 */
import type { MethodParams } from '../../../contract/methods';
import type { PlaneChoice } from '../panels/LandscapeView';

/** `split`: the exact split point of a split run (ε = 0); `initial`: where its training started (the nudged start when ε > 0). */
export type Theta0 = 'auto' | 'final' | 'initial' | 'split' | 'current';
export type PointSource = MethodParams<'analyze'>['source'];

export interface WorkspaceState {
  /** The run every panel shows. */
  readonly primaryId: string | null;
  /** Runs drawn next to it (loss curves). */
  readonly compareIds: readonly string[];
  /** The batch shown by the batch view. */
  readonly batchId: string | null;
  /** A point that is not a run (a hierarchy node): landscape and spectrum show it instead of the run's θ₀. */
  readonly point: { readonly source: PointSource; readonly label: string } | null;
  readonly timeIndex: number;
  readonly playing: boolean;
  readonly plane: PlaneChoice;
  readonly theta0: Theta0;
  /** The trajectory snapshot θ₀ is frozen at when theta0 = 'current'. */
  readonly frozenSnapshot: number;
  readonly spectrumAt: 'time' | 'theta0';
  /** A split run started from the split panel, opened next to its parent once it is stored. */
  readonly pendingSplit: { readonly runId: string; readonly parentRunId: string } | null;
  readonly shiftSplit: boolean;
  /** A preset asked for from outside the form (the run browser's recipes); `seq` makes repeats count. */
  readonly presetRequest: { readonly presetId: string; readonly seq: number } | null;
}

export const DEFAULT_WORKSPACE: WorkspaceState = {
  primaryId: null,
  compareIds: [],
  batchId: null,
  point: null,
  timeIndex: 0,
  playing: false,
  plane: { kind: 'escape-curvature' },
  theta0: 'auto',
  frozenSnapshot: 0,
  spectrumAt: 'theta0',
  pendingSplit: null,
  shiftSplit: true,
  presetRequest: null,
};

export type WorkspaceAction =
  | { type: 'selectRun'; runId: string | null }
  | { type: 'selectBatch'; batchId: string | null }
  | { type: 'setCompare'; runIds: readonly string[] }
  | { type: 'toggleCompare'; runId: string }
  /** Compare a set of runs: the first becomes the primary run, the rest are drawn next to it. */
  | { type: 'compareRuns'; runIds: readonly string[] }
  | { type: 'selectPoint'; source: PointSource; label: string }
  /** Eigenvector i of `count` becomes α; β the largest-curvature one (or the smallest if i is it). */
  | { type: 'pickEigenvector'; index: number; count: number; snapshots: number }
  | { type: 'setPlane'; plane: PlaneChoice }
  | { type: 'setTheta0'; theta0: Theta0 }
  | { type: 'setSpectrumAt'; at: 'time' | 'theta0' }
  | { type: 'setShiftSplit'; on: boolean }
  | { type: 'setTime'; index: number }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'splitStarted'; runId: string; parentRunId: string }
  /** The pending split run is stored: show it (θ₀ = its split point) next to its parent. */
  | { type: 'openPendingSplit' }
  | { type: 'runsDeleted'; runIds: readonly string[] }
  | { type: 'usePreset'; presetId: string }
  /** Back to the defaults for the selected run (keeps which run and batch are selected). */
  | { type: 'reset' };

/** What every "show another run" resets: the view goes back to that run's defaults. */
function freshView(state: WorkspaceState): WorkspaceState {
  return { ...state, theta0: 'auto', point: null, timeIndex: 0, playing: false, frozenSnapshot: 0, plane: { kind: 'escape-curvature' } };
}

export function workspaceReducer(state: WorkspaceState, action: WorkspaceAction): WorkspaceState {
  switch (action.type) {
    case 'selectRun':
      if (action.runId === state.primaryId) return state;
      return { ...freshView(state), primaryId: action.runId, compareIds: state.compareIds.filter((id) => id !== action.runId) };
    case 'selectBatch':
      return { ...state, batchId: action.batchId };
    case 'setCompare':
      return { ...state, compareIds: [...new Set(action.runIds)].filter((id) => id !== state.primaryId) };
    case 'toggleCompare':
      if (action.runId === state.primaryId) return state;
      return {
        ...state,
        compareIds: state.compareIds.includes(action.runId) ? state.compareIds.filter((id) => id !== action.runId) : [...state.compareIds, action.runId],
      };
    case 'compareRuns': {
      const ids = [...new Set(action.runIds)];
      if (ids.length === 0) return state;
      const [first, ...rest] = ids;
      const base = first === state.primaryId ? state : freshView(state);
      return { ...base, primaryId: first, compareIds: rest };
    }
    case 'selectPoint':
      return { ...state, point: { source: action.source, label: action.label }, plane: { kind: 'escape-curvature' }, spectrumAt: 'theta0', playing: false };
    case 'pickEigenvector': {
      if (action.count < 1 || action.index < 0 || action.index >= action.count) return state;
      const j = action.index === action.count - 1 ? 0 : action.count - 1;
      const freeze = state.spectrumAt === 'time' && action.snapshots > 0;
      return {
        ...state,
        plane: { kind: 'eigenvectors', i: action.index, j },
        ...(freeze ? { theta0: 'current' as const, frozenSnapshot: state.timeIndex } : {}),
      };
    }
    case 'setPlane':
      return { ...state, plane: action.plane };
    case 'setTheta0':
      return { ...state, theta0: action.theta0, point: null, ...(action.theta0 === 'current' ? { frozenSnapshot: state.timeIndex } : {}) };
    case 'setSpectrumAt':
      return { ...state, spectrumAt: action.at };
    case 'setShiftSplit':
      return { ...state, shiftSplit: action.on };
    case 'setTime':
      return { ...state, timeIndex: Math.max(0, Math.floor(action.index)) };
    case 'play':
      return { ...state, playing: true };
    case 'pause':
      return { ...state, playing: false };
    case 'splitStarted':
      return { ...state, pendingSplit: { runId: action.runId, parentRunId: action.parentRunId } };
    case 'openPendingSplit': {
      const pending = state.pendingSplit;
      if (!pending) return state;
      return { ...freshView(state), primaryId: pending.runId, compareIds: [pending.parentRunId], pendingSplit: null };
    }
    case 'runsDeleted': {
      const gone = new Set(action.runIds);
      const primaryGone = state.primaryId !== null && gone.has(state.primaryId);
      const base = primaryGone ? { ...freshView(state), primaryId: null } : state;
      return { ...base, compareIds: state.compareIds.filter((id) => !gone.has(id)) };
    }
    case 'usePreset':
      return { ...state, presetRequest: { presetId: action.presetId, seq: (state.presetRequest?.seq ?? 0) + 1 } };
    case 'reset':
      return { ...DEFAULT_WORKSPACE, primaryId: state.primaryId, batchId: state.batchId };
  }
}
