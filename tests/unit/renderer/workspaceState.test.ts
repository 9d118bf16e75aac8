/** The workspace reducer: each named action changes what it says and resets the same view fields everywhere. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE, workspaceReducer as reduce, type WorkspaceState } from '../../../renderer/src/state/workspaceState';

const viewed: WorkspaceState = {
  ...DEFAULT_WORKSPACE,
  primaryId: 'r1',
  compareIds: ['r2', 'r3'],
  timeIndex: 7,
  playing: true,
  theta0: 'current',
  frozenSnapshot: 5,
  plane: { kind: 'eigenvectors', i: 0, j: 8 },
  point: { source: { kind: 'run', runId: 'r9' }, label: 'node' },
};

describe('workspaceReducer', () => {
  it('selecting another run resets the view (θ₀, plane, time, play, point) and drops it from the compared runs', () => {
    const s = reduce(viewed, { type: 'selectRun', runId: 'r2' });
    expect(s).toMatchObject({ primaryId: 'r2', compareIds: ['r3'], timeIndex: 0, playing: false, theta0: 'auto', point: null, plane: { kind: 'escape-curvature' } });
    expect(reduce(viewed, { type: 'selectRun', runId: 'r1' })).toBe(viewed);
  });

  it('compareRuns makes the first the primary run and the rest its comparisons', () => {
    expect(reduce(DEFAULT_WORKSPACE, { type: 'compareRuns', runIds: ['a', 'b', 'a', 'c'] })).toMatchObject({ primaryId: 'a', compareIds: ['b', 'c'] });
    const s = reduce(viewed, { type: 'compareRuns', runIds: ['r1', 'x'] });
    expect(s).toMatchObject({ primaryId: 'r1', compareIds: ['x'], timeIndex: 7 });
  });

  it('pickEigenvector: α = the picked one, β the top one (the bottom one when the top is picked); freezes θ₀ at the slider when the spectrum follows time', () => {
    expect(reduce(DEFAULT_WORKSPACE, { type: 'pickEigenvector', index: 2, count: 9, snapshots: 0 }).plane).toEqual({ kind: 'eigenvectors', i: 2, j: 8 });
    expect(reduce(DEFAULT_WORKSPACE, { type: 'pickEigenvector', index: 8, count: 9, snapshots: 0 }).plane).toEqual({ kind: 'eigenvectors', i: 8, j: 0 });
    const atTime = { ...DEFAULT_WORKSPACE, spectrumAt: 'time' as const, timeIndex: 4 };
    expect(reduce(atTime, { type: 'pickEigenvector', index: 0, count: 9, snapshots: 10 })).toMatchObject({ theta0: 'current', frozenSnapshot: 4 });
    expect(reduce(DEFAULT_WORKSPACE, { type: 'pickEigenvector', index: 9, count: 9, snapshots: 0 })).toBe(DEFAULT_WORKSPACE);
  });

  it('setTheta0 clears a hierarchy point and freezes the snapshot for "current"', () => {
    expect(reduce(viewed, { type: 'setTheta0', theta0: 'current' })).toMatchObject({ theta0: 'current', frozenSnapshot: 7, point: null });
  });

  it('a pending split run opens next to its parent', () => {
    const s = reduce(reduce(viewed, { type: 'splitStarted', runId: 'split1', parentRunId: 'r1' }), { type: 'openPendingSplit' });
    expect(s).toMatchObject({ primaryId: 'split1', compareIds: ['r1'], pendingSplit: null, theta0: 'auto', timeIndex: 0 });
    expect(reduce(DEFAULT_WORKSPACE, { type: 'openPendingSplit' })).toBe(DEFAULT_WORKSPACE);
  });

  it('deleting runs drops them from the selection; reset keeps only the selected run and batch', () => {
    expect(reduce(viewed, { type: 'runsDeleted', runIds: ['r1', 'r3'] })).toMatchObject({ primaryId: null, compareIds: ['r2'], timeIndex: 0 });
    expect(reduce({ ...viewed, batchId: 'b' }, { type: 'reset' })).toEqual({ ...DEFAULT_WORKSPACE, primaryId: 'r1', batchId: 'b' });
  });

  it('play, pause and setTime', () => {
    expect(reduce(DEFAULT_WORKSPACE, { type: 'play' }).playing).toBe(true);
    expect(reduce(viewed, { type: 'pause' }).playing).toBe(false);
    expect(reduce(DEFAULT_WORKSPACE, { type: 'setTime', index: -3 }).timeIndex).toBe(0);
  });
});
