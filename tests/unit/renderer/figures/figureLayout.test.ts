import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layoutHierarchy, lossBands, type HierarchyFigureNode } from '../../../../renderer/src/figures/hierarchyLayout';
import { hierarchy } from '../../../../renderer/src/panels/hierarchyData';
import { numberLabel, powerLabel } from '../../../../renderer/src/figures/labels';
import { thinTicks } from '../../../../renderer/src/figures/layout';
import { crc32, pngSize, setPngDpi } from '../../../../renderer/src/figures/pngDpi';

describe('tick thinning', () => {
  it('keeps labels at least the gap apart, the highest priority first (0 survives next to −10⁻⁷)', () => {
    const ticks = [
      { at: 100, label: '−10⁻⁷', priority: 7 },
      { at: 103, label: '0', priority: 1e9 },
      { at: 106, label: '10⁻⁷', priority: 7 },
      { at: 40, label: '10', priority: 1 },
      { at: 200, label: '−1', priority: 0 },
    ];
    const kept = thinTicks(ticks, 14);
    expect(kept.map((t) => t.label)).toEqual(['10', '0', '−1']);
    for (let i = 1; i < kept.length; i++) expect(kept[i].at - kept[i - 1].at).toBeGreaterThanOrEqual(14);
  });
});

describe('labels', () => {
  it('typesets powers of ten with superscripts and a true minus', () => {
    expect(powerLabel(-29)).toBe('10⁻²⁹');
    expect(numberLabel(-1e-7)).toBe('−10⁻⁷');
    expect(numberLabel(0.25)).toBe('0.25');
    expect(numberLabel(-2.5e-5)).toBe('−2.5×10⁻⁵');
    expect(numberLabel(0)).toBe('0');
  });
});

describe('hierarchy layout (Fig. 5)', () => {
  const area = { left: 0, top: 0, width: 600, height: 400 };
  const node = (id: string, width: number, loss: number, kind: HierarchyFigureNode['kind'], split = false): HierarchyFigureNode => ({ id, width, loss, kind, split, hits: 1 });

  it('breaks the loss axis at empty gaps so 1e-29 minima do not squeeze 3e-3…1.6e-4', () => {
    const nodes = [node('a', 2, 3e-3, 'minimum'), node('b', 3, 1.6e-4, 'minimum'), node('c', 3, 1e-29, 'global'), node('d', 4, 3e-30, 'global')];
    expect(lossBands(nodes.map((n) => Math.log10(n.loss)), 3)).toHaveLength(2);
    const layout = layoutHierarchy(nodes, area);
    expect(layout.bands).toHaveLength(2);
    const [upper, lower] = layout.bands;
    expect(lower.globalOnly).toBe(true);
    const gapPx = Math.abs(layout.stackOf.get('a')!.y - layout.stackOf.get('b')!.y);
    // One axis from 1e-30 to 1e-2 would give these 1.27 decades 400·1.27/28 ≈ 18 px.
    expect(gapPx).toBeGreaterThan(200);
    expect(upper.bottom).toBeLessThan(lower.top);
    expect(Number.isNaN(layout.yOf(-15))).toBe(true);
  });

  it('stacks equal points of one kind with a count and keeps different kinds at equal loss apart', () => {
    const nodes = [node('m1', 2, 3e-3, 'minimum'), node('m2', 2, 3e-3 * (1 + 1e-6), 'minimum'), node('nc', 2, 3e-3, 'other'), node('s', 2, 3e-3, 'saddle', true)];
    const layout = layoutHierarchy(nodes, area);
    const m = layout.stackOf.get('m1')!;
    expect(layout.stackOf.get('m2')).toBe(m);
    expect(m.count).toBe(2);
    const other = layout.stackOf.get('nc')!;
    expect(other).not.toBe(m);
    expect(Math.hypot(other.x - m.x, other.y - m.y)).toBeGreaterThanOrEqual(other.r + m.r);
    expect(layout.stackOf.get('s')!.x).toBeGreaterThan(m.x);
  });
});

describe('hierarchy of workspace runs', () => {
  it('keeps a local minimum and a not-critical run at equal loss as two nodes, drawn apart', () => {
    const run = (runId: string, classification: string) => ({ runId, name: null, origin: { kind: 'train' as const }, width: 2, finalLoss: 3.1e-3, success: false, classification });
    const { nodes } = hierarchy([run('a', 'local-min'), run('b', 'not-critical'), run('c', 'local-min')]);
    expect(nodes.map((n) => [n.kind, n.runIds])).toEqual([
      ['minimum', ['a', 'c']],
      ['other', ['b']],
    ]);
    const layout = layoutHierarchy(nodes.map((n) => ({ ...n, hits: n.runIds.length })), { left: 0, top: 0, width: 400, height: 300 });
    const [m, o] = [layout.stackOf.get(nodes[0].id)!, layout.stackOf.get(nodes[1].id)!];
    expect(Math.hypot(m.x - o.x, m.y - o.y)).toBeGreaterThanOrEqual(m.r + o.r);
  });
});

describe('PNG resolution (pHYs)', () => {
  it('crc32 gives the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('writes a DPI that ImageMagick reads back, keeping the pixels', async () => {
    const { Resvg } = await import('@resvg/resvg-js');
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30" fill="#08f"/></svg>';
    const png = new Uint8Array(new Resvg(svg, { fitTo: { mode: 'zoom', value: 3 } }).render().asPng());
    const out = setPngDpi(setPngDpi(png, 96), 288);
    expect(pngSize(out)).toEqual({ width: 120, height: 90 });
    const dir = mkdtempSync(join(tmpdir(), 'escape-png-'));
    try {
      writeFileSync(join(dir, 'a.png'), out);
      const info = execFileSync('identify', ['-units', 'PixelsPerInch', '-format', '%w %h %x', join(dir, 'a.png')], { encoding: 'utf8' });
      const [w, h, dpi] = info.trim().split(/\s+/).map(Number);
      expect([w, h]).toEqual([120, 90]);
      expect(dpi).toBeCloseTo(288, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => pngSize(new Uint8Array(30))).toThrow(/not a PNG/);
  });
});
