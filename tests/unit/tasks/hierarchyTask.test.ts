import { describe, expect, it } from 'vitest';
import { TASKS } from '../../../contract/tasks';
import { createLossEvaluator } from '../../../native-workers/engine/derivatives/loss';
import { twoLayerArchitecture } from '../../../native-workers/engine/core/layout';
import { teacherDataset } from '../../../native-workers/engine/teachers/teachers';
import type { TaskContext } from '../../../native-workers/pool/runtime';
import { hierarchyTask } from '../../../native-workers/tasks/hierarchy';

function payload(over: Record<string, unknown> = {}) {
  return {
    data: { kind: 'teacher', teacher: 'fig6', samples: 30, dataSeed: 5 },
    activation: null,
    widths: [2, 3],
    seedsPerWidth: 1,
    firstSeed: 1,
    init: 'glorot_normal',
    gammas: [0.5],
    nudge: 1e-3,
    method: 'minimize',
    maxSteps: null,
    lossTarget: null,
    maxNodes: 100,
    ...over,
  };
}

describe('hierarchy task', () => {
  it('returns a graph that satisfies its contract, with the teacher’s activation and progress reports', () => {
    const updates: number[] = [];
    const context: TaskContext = { shouldStop: () => false, progress: (u) => updates.push(u.progress) };
    const result = hierarchyTask(payload(), context);
    expect(() => TASKS.hierarchy.result.parse(result)).not.toThrow();
    expect(result.activation).toBe('softplus');
    expect(result.widths).toEqual([2, 3]);
    expect(updates[0]).toBe(0);
    expect(updates[updates.length - 1]).toBe(1);
    const data = teacherDataset('fig6', { samples: 30, dataSeed: 5 });
    for (const n of result.nodes) {
      const arch = twoLayerArchitecture(2, n.width, 1, 'softplus');
      const L = createLossEvaluator(arch, data, { kernel: 'general' }).loss(n.theta);
      expect(Math.abs(L - n.loss) / L).toBeLessThan(1e-12);
    }
    for (const e of result.edges.filter((x) => x.kind === 'split')) expect(e.sign).toBeNull();
  });

  it('rejects inline data without an activation, and cancels when asked', () => {
    const inline = { kind: 'inline', count: 4, inputDim: 2, outputDim: 1, X: new Float64Array(8).fill(0.5), Y: new Float64Array(4) };
    const quiet: TaskContext = { shouldStop: () => false, progress: () => undefined };
    expect(() => hierarchyTask(payload({ data: inline }), quiet)).toThrow(/activation: required/);
    expect(() => hierarchyTask(payload({ widths: [] }), quiet)).toThrow(/at least one width/);
    const stopped: TaskContext = { shouldStop: () => true, progress: () => undefined };
    expect(() => hierarchyTask(payload(), stopped)).toThrow(/cancelled/);
  });
});
