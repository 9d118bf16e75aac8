import { describe, expect, it } from 'vitest';
import { curveAxes, curveTicks, decimate, pathOf, toPixels, type Curve } from '../../../renderer/src/panels/lossCurvesData';
import { hierarchy, nodeKind, placeHierarchy, type HierarchyRun } from '../../../renderer/src/panels/hierarchyData';
import { DEFAULT_LAYOUT, movePanel, parseLayout, serializeLayout } from '../../../renderer/src/panels/layoutStore';
import { spectrumLayout } from '../../../renderer/src/panels/spectrumData';
import { splitOriginOf, splitRunName } from '../../../renderer/src/panels/splitProvenance';
import { symlog, symlogInverse, symlogTicks } from '../../../renderer/src/panels/shared/symlog';
import { decadeTicks, formatNumber, niceTicks } from '../../../renderer/src/panels/shared/ticks';
import { advance, snapshotIndexAt, timeLabel } from '../../../renderer/src/panels/timelineData';
import { principalPlane, weightSpace } from '../../../renderer/src/panels/weightSpaceData';

describe('loss curves', () => {
  const box = { width: 100, height: 50 };
  it('puts loss on a log10 axis spanning whole decades', () => {
    const curves: Curve[] = [{ id: 'a', label: 'a', time: [0, 10], loss: [0.5, 2e-4] }];
    const axes = curveAxes(curves, 'linear');
    expect(axes.y).toEqual([-4, 0]);
    expect(toPixels(axes, box, 0, 1)).toEqual([0, 0]);
    expect(toPixels(axes, box, 10, 1e-4)).toEqual([100, 50]);
    expect(toPixels(axes, box, 5, 1e-2)[1]).toBeCloseTo(25, 12);
    const ticks = curveTicks(axes, box);
    expect(ticks.y.map((t) => t.label)).toEqual(['1e-4', '1e-3', '1e-2', '1e-1', '1']);
  });

  it('decimates long curves per pixel column keeping each column’s extremes in order', () => {
    const n = 100_000;
    const time = Array.from({ length: n }, (_, i) => i);
    const loss = time.map((t) => (t === 54_321 ? 1e3 : 10 ** (-t / 20_000)));
    const c: Curve = { id: 'x', label: 'x', time, loss };
    const axes = curveAxes([c], 'linear');
    const pts = decimate(c, axes, box);
    expect(pts.length).toBeLessThanOrEqual(4 * 101);
    const top = Math.min(...pts.map((p) => p[1]));
    expect(top).toBeCloseTo(toPixels(axes, box, 54_321, 1e3)[1], 9);
    for (let i = 1; i < pts.length; i++) expect(pts[i][0]).toBeGreaterThanOrEqual(pts[i - 1][0]);
    expect(pathOf([[0, 1], [2.25, 3]])).toBe('M0.0,1.0L2.3,3.0');
  });
});

describe('spectrum', () => {
  it('symlog is odd, monotone and invertible', () => {
    for (const x of [-3e4, -1, -1e-9, 0, 2e-7, 5]) expect(symlogInverse(symlog(x, 1e-6), 1e-6)).toBeCloseTo(x, 6);
    expect(symlog(-2, 1e-3)).toBe(-symlog(2, 1e-3));
    expect(symlog(1e-3, 1e-6)).toBeLessThan(symlog(1e-2, 1e-6));
    expect(symlogTicks([-0.1, 10], 1e-3)).toEqual([-0.1, -0.01, -0.001, 0, 0.001, 0.01, 0.1, 1, 10]);
  });

  it('marks negative eigenvalues below the zero line and flat ones on it', () => {
    const layout = spectrumLayout([-3e-5, 0, 1e-18, 0.2, 40], { width: 200, height: 100 });
    expect(layout.negativeCount).toBe(1);
    expect(layout.flatCount).toBe(2);
    expect(layout.marks[0].negative).toBe(true);
    expect(layout.marks[0].y).toBeGreaterThan(layout.zeroY);
    expect(layout.marks[4].y).toBeLessThan(layout.marks[3].y);
    expect(layout.marks[1].y).toBeCloseTo(layout.zeroY, 9);
    expect(layout.marks.map((m) => m.x)).toEqual([...layout.marks.map((m) => m.x)].sort((a, b) => a - b));
  });
});

describe('weight space', () => {
  it('draws 2-input neurons directly, one path per neuron, split copies flagged', () => {
    // θ layout: W (m × d) first.
    const snaps = [
      [1, 2, 3, 4, 0, 0],
      [1.5, 2, 3, 3, 0, 0],
    ];
    const ws = weightSpace(snaps, 2, 2, [[0, 1]], [1]);
    expect(ws.series[0].path).toEqual([[1, 2], [1.5, 2]]);
    expect(ws.series[1].path).toEqual([[3, 4], [3, 3]]);
    expect(ws.series.map((s) => s.splitCopy)).toEqual([false, true]);
    expect(ws.teachers).toEqual([[0, 1]]);
    expect(ws.axisLabels).toEqual(['w1', 'w2']);
  });

  it('projects higher-dimensional weights on their principal plane, preserving in-plane distances', () => {
    // Vectors in the plane spanned by e1 + e3 and e2 (3 inputs).
    const s = Math.SQRT1_2;
    const vectors = [
      [0, 0, 0],
      [2 * s, 0, 2 * s],
      [0, 1, 0],
      [s, 0.5, s],
      [-s, 0.2, -s],
    ];
    const project = principalPlane(vectors, 3);
    const d = (a: number[], b: number[]) => Math.hypot(...a.map((x, i) => x - b[i]));
    for (const a of vectors)
      for (const b of vectors) expect(d(project(a), project(b))).toBeCloseTo(d(a, b), 6);
  });
});

describe('timeline', () => {
  it('finds the snapshot at a time and plays forward to the end', () => {
    const times = [0, 1, 10, 100];
    expect(snapshotIndexAt(times, 50)).toBe(2);
    expect(snapshotIndexAt(times, 100)).toBe(3);
    expect(snapshotIndexAt(times, -1)).toBe(0);
    let s = { index: 0, playing: true, carry: 0 };
    s = advance(s, 4, 0.25, 6);
    expect(s.index).toBe(1);
    expect(s.carry).toBeCloseTo(0.5, 12);
    s = advance(s, 4, 1, 6);
    expect(s).toEqual({ index: 3, playing: false, carry: 0 });
    expect(timeLabel(times, 2)).toBe('t = 10 (snapshot 3 of 4)');
  });
});

describe('critical-point hierarchy', () => {
  const runs: HierarchyRun[] = [
    { runId: 'a', name: null, origin: { kind: 'train' }, width: 3, finalLoss: 1.2e-4, success: false, classification: 'strict minimum' },
    // Named like a split of 'b': the name must not matter, only the origin does.
    { runId: 'b', name: 'split c n1 γ0.5', origin: { kind: 'train' }, width: 3, finalLoss: 1.20001e-4, success: false, classification: 'strict minimum' },
    {
      runId: 'c',
      name: 'my escape',
      origin: { kind: 'split', parentRunId: 'a', layer: 0, neuron: 2, gamma: 0.51, nudge: 0 },
      width: 4,
      finalLoss: 1e-30,
      success: true,
      classification: 'global minimum',
    },
  ];

  it('merges equal-loss end points of one width and links a split point to where its escape went', () => {
    const { nodes, edges } = hierarchy(runs);
    const w3 = nodes.filter((n) => n.width === 3);
    expect(w3.length).toBe(1);
    expect(w3[0].runIds).toEqual(['a', 'b']);
    const split = nodes.find((n) => n.split)!;
    expect(split).toMatchObject({ width: 4, kind: 'saddle', loss: 1.2e-4 });
    const global = nodes.find((n) => n.kind === 'global')!;
    expect(edges).toEqual([
      { from: w3[0].id, to: split.id, kind: 'embed' },
      { from: split.id, to: global.id, kind: 'escape' },
    ]);
    expect(nodeKind({ success: false, classification: 'strict-saddle' })).toBe('saddle');
  });

  it('lays out columns by width and log-loss vertically (lower loss lower)', () => {
    const { nodes } = hierarchy(runs);
    const { placed, widths } = placeHierarchy(nodes, { width: 200, height: 300 });
    expect(widths).toEqual([3, 4]);
    const min3 = placed.find((n) => n.width === 3)!;
    const global = placed.find((n) => n.kind === 'global')!;
    expect(global.x).toBeGreaterThan(min3.x);
    expect(global.y).toBeGreaterThan(min3.y);
  });

  it('takes split provenance from the structured origin, never from the name', () => {
    const o = { kind: 'split' as const, parentRunId: 'run-12_x', layer: 0, neuron: 3, gamma: 0.5001, nudge: 1e-6 };
    expect(splitOriginOf({ origin: o })).toEqual(o);
    expect(splitOriginOf({ origin: { kind: 'train' } })).toBeNull();
    expect(splitOriginOf({ origin: { kind: 'import', file: 'net.pt', format: 'pytorch' } })).toBeNull();
    expect(splitRunName(o)).toBe('split run-12_x n4 γ0.5001 ε0.000001');
  });
});

describe('layout store', () => {
  it('round-trips and falls back to defaults on garbage', () => {
    const l = movePanel({ ...DEFAULT_LAYOUT, collapsed: ['hierarchy'], theme: 'light', heights: { landscape: 500 } }, 'curves', -1);
    expect(parseLayout(serializeLayout(l))).toEqual(l);
    expect(parseLayout('{not json')).toEqual(DEFAULT_LAYOUT);
    const partial = parseLayout(JSON.stringify({ order: ['split', 'bogus'], heights: { landscape: 1e9, nope: 3 }, theme: 'purple' }));
    expect(partial.order[0]).toBe('split');
    expect(partial.order.length).toBe(DEFAULT_LAYOUT.order.length);
    expect(partial.heights).toEqual({ landscape: 2000 });
    expect(partial.theme).toBe('dark');
  });
});

describe('ticks', () => {
  it('nice ticks, decades and compact labels', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6000000000000001, 0.8, 1]);
    expect(decadeTicks(-4.5, 0.2)).toEqual([-4, -3, -2, -1, 0]);
    expect(formatNumber(-3.14159e-5)).toBe('-3.14e-5');
    expect(formatNumber(0.25)).toBe('0.25');
  });
});
