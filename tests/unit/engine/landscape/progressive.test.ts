import { describe, expect, it } from 'vitest';
import { createPlaneEvaluator } from '../../../../native-workers/engine/landscape/createPlaneEvaluator';
import type { PlaneGridSpec } from '../../../../native-workers/engine/landscape/gridSpec';
import { planeGrid } from '../../../../native-workers/engine/landscape/planeGrid';
import {
  evaluateTasks,
  levelGrid,
  progressiveLevels,
  progressiveSchedule,
  scatterTasks,
  splitTasks,
  taskPointCount,
} from '../../../../native-workers/engine/landscape/progressive';
import { twoLayerArchitecture } from '../../../../native-workers/engine/core/layout';
import { planeCase } from './fixtures';

describe('progressive refinement', () => {
  it('halves the spacing per level down to the coarsest allowed', () => {
    expect(progressiveLevels(129)).toEqual([17, 33, 65, 129]);
    expect(progressiveLevels(65, 9)).toEqual([9, 17, 33, 65]);
    expect(progressiveLevels(100)).toEqual([100]);
    expect(progressiveLevels(17)).toEqual([17]);
  });

  it('visits every grid point exactly once, and each level completes its own grid', () => {
    const R = 129;
    const schedule = progressiveSchedule(R);
    const seen = new Uint8Array(R * R);
    for (const level of schedule) {
      for (const t of level.tasks) for (let k = 0; k < t.count; k++) seen[t.row * R + t.colStart + k * t.colStep] += 1;
      for (let i = 0; i < R; i += level.stride) for (let k = 0; k < R; k += level.stride) expect(seen[i * R + k]).toBe(1);
    }
    expect(Array.from(seen).every((x) => x === 1)).toBe(true);
    expect(schedule.map((l) => taskPointCount(l.tasks))).toEqual([17 * 17, 33 * 33 - 17 * 17, 65 * 65 - 33 * 33, 129 * 129 - 65 * 65]);
  });

  it('assembles, level by level, the same grid as one planeGrid call', () => {
    const c = planeCase(twoLayerArchitecture(2, 7, 1, 'relu'), 150, 5);
    const spec: PlaneGridSpec = { alphaRange: [-1, 1.5], betaRange: [-2, 0.5], resolution: 33 };
    const evaluator = createPlaneEvaluator(c.architecture, c.theta0, c.u, c.v, c.data);
    const full = planeGrid(c.architecture, c.theta0, c.u, c.v, c.data, spec);
    const grid = new Float64Array(33 * 33).fill(Number.NaN);
    for (const level of progressiveSchedule(33, 5)) {
      // Two "workers" per level.
      for (const part of splitTasks(level.tasks, 2)) scatterTasks(grid, 33, part, evaluateTasks(evaluator, spec, part));
      const coarse = levelGrid(grid, 33, level.resolution);
      const expected = levelGrid(full, 33, level.resolution);
      for (let i = 0; i < coarse.length; i++) expect(Math.abs(coarse[i] - expected[i])).toBeLessThanOrEqual(1e-13 * expected[i]);
    }
  });

  it('splits tasks into parts of near-equal size that together cover all of them', () => {
    const tasks = progressiveSchedule(65)[2].tasks;
    const parts = splitTasks(tasks, 3);
    const sizes = parts.map(taskPointCount);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(taskPointCount(tasks));
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(33);
    const key = (t: { row: number; colStart: number }) => `${t.row}:${t.colStart}`;
    expect(parts.flat().map(key).sort()).toEqual(tasks.map(key).sort());
  });

  it('rejects tasks and grids that do not fit', () => {
    const c = planeCase(twoLayerArchitecture(2, 2, 1, 'relu'), 5, 1);
    const evaluator = createPlaneEvaluator(c.architecture, c.theta0, c.u, c.v, c.data);
    const spec: PlaneGridSpec = { alphaRange: [0, 1], betaRange: [0, 1], resolution: 9 };
    expect(() => evaluateTasks(evaluator, spec, [{ row: 0, colStart: 1, colStep: 2, count: 5 }])).toThrow(/does not fit a 9×9 grid/);
    expect(() => scatterTasks(new Float64Array(10), 9, [], new Float64Array(0))).toThrow(/grid has 10 entries/);
    expect(() => levelGrid(new Float64Array(81), 9, 4)).toThrow(/does not divide/);
  });
});
