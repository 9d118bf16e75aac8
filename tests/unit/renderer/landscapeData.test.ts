import { describe, expect, it } from 'vitest';
import {
  contourLevels,
  contourSegments,
  heightField,
  HEIGHT,
  heightOf,
  insideSpans,
  logFloor,
  offPlaneRatio,
  overlayPoints,
  planeToScene,
  progressiveResolutions,
  surfaceGeometry,
  transformLoss,
  type LossGrid,
} from '../../../renderer/src/panels/landscapeData';
import { colormap } from '../../../renderer/src/panels/shared/colormap';

/** L(α, β) = c·(α² + β²) + L0 on [−1, 1]², β-major rows. */
function bowl(R: number, c = 1, L0 = 1e-3): LossGrid {
  const loss: number[] = [];
  for (let i = 0; i < R; i++)
    for (let k = 0; k < R; k++) {
      const a = -1 + (2 * k) / (R - 1);
      const b = -1 + (2 * i) / (R - 1);
      loss.push(c * (a * a + b * b) + L0);
    }
  return { resolution: R, alphaRange: [-1, 1], betaRange: [-1, 1], loss };
}

describe('landscape view data', () => {
  it('maps log10 and linear losses onto [0, HEIGHT]', () => {
    const grid = bowl(5);
    const log = heightField(grid, 'log10');
    expect(log.lo).toBeCloseTo(Math.log10(1e-3), 12);
    expect(log.hi).toBeCloseTo(Math.log10(2.001), 12);
    const lin = heightField(grid, 'linear');
    expect(heightOf(lin, lin.lo)).toBe(0);
    expect(heightOf(lin, lin.hi)).toBeCloseTo(HEIGHT, 12);
    // Zero losses on a log scale sit at the floor instead of −∞.
    const withZero = { ...grid, loss: grid.loss.map((x, i) => (i === 12 ? 0 : x)) };
    expect(logFloor(withZero.loss)).toBeCloseTo(1e-3 + 0.25, 12);
    expect(Number.isFinite(heightField(withZero, 'log10').lo)).toBe(true);
  });

  it('builds one vertex per grid point at its (α, β) with the colormap of its height, two triangles per cell', () => {
    const grid: LossGrid = { ...bowl(3), alphaRange: [2, 6], betaRange: [-1, 3] };
    const field = heightField(grid, 'linear');
    const g = surfaceGeometry(field);
    expect(g.positions.length).toBe(27);
    expect(g.indices.length).toBe(2 * 2 * 6);
    // Row 2 (β max), column 0 (α min) → x = −1, z = −1; the same as planeToScene(α=2, β=3).
    const p = 3 * (2 * 3 + 0);
    expect([g.positions[p], g.positions[p + 2]]).toEqual(planeToScene(grid, 2, 3));
    expect(planeToScene(grid, 2, 3)).toEqual([-1, -1]);
    const t = (field.values[6] - field.lo) / (field.hi - field.lo);
    expect(g.positions[p + 1]).toBeCloseTo(HEIGHT * t, 6);
    const [r, gg, b] = colormap(t);
    expect(Array.from(g.colors.subarray(p, p + 3)).map((x) => Number(x.toFixed(5)))).toEqual([r, gg, b].map((x) => Number(x.toFixed(5))));
  });

  it('draws contour lines where the loss equals the level (circles for a bowl)', () => {
    const grid = bowl(65);
    const field = heightField(grid, 'linear');
    const level = 0.5 + 1e-3; // the circle α² + β² = 0.5
    const segments = contourSegments(field, [level], 0);
    expect(segments.length).toBeGreaterThan(6 * 50);
    for (let s = 0; s < segments.length; s += 3) {
      const r = Math.hypot(segments[s], segments[s + 2]);
      expect(Math.abs(r - Math.sqrt(0.5))).toBeLessThan(2e-3);
      expect(segments[s + 1]).toBeCloseTo(heightOf(field, level), 6);
    }
    const levels = contourLevels(field, 4);
    expect(levels.length).toBe(4);
    expect(levels[0]).toBeGreaterThan(field.lo);
    expect(levels[3]).toBeLessThan(field.hi);
  });

  it('places trajectory points on the surface and at their own loss, flagging points outside the box', () => {
    const grid = bowl(9);
    const field = heightField(grid, 'log10');
    const pts = overlayPoints(grid, field, { alpha: [0.5, 3], beta: [0, 0], offPlane: [0.1, 0], planeLoss: [0.251, 0.251], loss: [0.3, 9.001] }, 0);
    expect(pts[0].inside).toBe(true);
    expect(pts[0].surface[0]).toBeCloseTo(0.5, 12);
    expect(pts[0].surface[1]).toBeCloseTo(heightOf(field, transformLoss(0.251, 'log10', field.floor)), 12);
    expect(pts[0].actual[1]).toBeGreaterThan(pts[0].surface[1]);
    expect(pts[1].inside).toBe(false);
    expect(pts[1].surface[0]).toBe(1);
    expect(offPlaneRatio(grid, 0.1, [1, 1])).toBeCloseTo(0.1, 12);
    const flags = [true, true, false, true, false, false, true].map((inside, i) => ({ inside, i }));
    expect(insideSpans(flags).map((s) => s.map((p) => p.i))).toEqual([[0, 1], [3], [6]]);
  });

  it('requests nested resolutions coarse to fine', () => {
    expect(progressiveResolutions(129)).toEqual([17, 33, 65, 129]);
    expect(progressiveResolutions(65, 9)).toEqual([9, 17, 33, 65]);
    expect(progressiveResolutions(50)).toEqual([50]);
  });
});
