/** LossCurvesFigure phases: one segment per trainer phase, boundaries marked, legend says why each stopped. */
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { LossCurvesFigure, type FigureCurve } from '../../../../renderer/src/figures/LossCurvesFigure';
import { phasesOf } from '../../../../renderer/src/figures/phases';
import { figureSvg } from '../../../../renderer/src/figures/svgString';
import { PRINT_THEME } from '../../../../renderer/src/figures/theme';
import { toPixels, curveAxes } from '../../../../renderer/src/panels/lossCurvesData';
import { python } from '../../helpers/python';

interface Element {
  readonly tag: string;
  readonly attrs: Record<string, string>;
  readonly text: string;
}

function parse(svg: string): Element[] {
  return python<Element[]>(
    `import sys, json, xml.etree.ElementTree as ET
root = ET.fromstring(sys.argv[1].encode())
print(json.dumps([{"tag": e.tag.split("}")[-1], "attrs": dict(e.attrib), "text": "".join(e.itertext()) if e.tag.endswith("text") else ""} for e in root.iter()]))`,
    svg,
  );
}

const time = Array.from({ length: 50 }, (_, i) => i);
const loss = time.map((t) => 10 ** (-t / 10));
const phased: FigureCurve = {
  id: 'a',
  label: 'run a',
  time,
  loss,
  phases: [
    { name: 'flow/rosenbrock', fromIndex: 0, toIndex: 30, stopReason: 'patience' },
    { name: 'polish/trust-region', fromIndex: 30, toIndex: 49, stopReason: 'converged' },
  ],
};

describe('LossCurvesFigure', () => {
  it('one run with phases: a coloured segment per phase, the boundary at the junction, stop reasons in the legend', () => {
    const size = { width: 600, height: 340 };
    const els = parse(figureSvg(createElement(LossCurvesFigure, { curves: [phased], timeScale: 'linear', theme: PRINT_THEME, ...size })));
    const paths = els.filter((e) => e.attrs['data-testid'] === 'loss-curve');
    expect(paths.map((p) => p.attrs['data-phase'])).toEqual(['flow/rosenbrock', 'polish/trust-region']);
    expect(paths[0].attrs.stroke).not.toBe(paths[1].attrs.stroke);
    // Segments join: the second starts where the first ends.
    const last = paths[0].attrs.d.split(/[ML]/).filter(Boolean).pop();
    const first = paths[1].attrs.d.split(/[ML]/).filter(Boolean)[0];
    expect(first).toBe(last);
    const texts = els.filter((e) => e.tag === 'text').map((e) => e.text);
    expect(texts).toContain('flow/rosenbrock phase (patience)');
    expect(texts).toContain('polish/trust-region phase (converged)');
    const boundary = els.find((e) => e.attrs['data-testid'] === 'phase-boundary');
    expect(boundary).toBeDefined();
    const line = els[els.indexOf(boundary!) + 1];
    // In plot coordinates (the group is translated by the plot area): x of t = 30.
    const plotWidth = size.width - 70 - 14; // the figure's left and right margins
    expect(Number(line.attrs.x1)).toBeCloseTo(toPixels(curveAxes([phased], 'linear'), { width: plotWidth, height: 1 }, 30, 1)[0], 1);
  });

  it('several runs: run colours kept, phases told apart by dash pattern', () => {
    const other: FigureCurve = { ...phased, id: 'b', label: 'run b', loss: loss.map((x) => 2 * x) };
    const els = parse(figureSvg(createElement(LossCurvesFigure, { curves: [phased, other], timeScale: 'log', theme: PRINT_THEME, width: 600, height: 340 })));
    const paths = els.filter((e) => e.attrs['data-testid'] === 'loss-curve');
    expect(paths).toHaveLength(4);
    expect(paths[0].attrs.stroke).toBe(paths[1].attrs.stroke);
    expect(paths[0].attrs.stroke).not.toBe(paths[2].attrs.stroke);
    expect(paths[0].attrs['stroke-dasharray']).toBeUndefined();
    expect(paths[1].attrs['stroke-dasharray']).toBeDefined();
  });

  it('phasesOf finds phases in a run record or detail and skips malformed entries', () => {
    const p = [{ name: 'flow', fromIndex: 0, toIndex: 5, stopReason: 'loss-target', steps: 5 }, { name: 3 }];
    expect(phasesOf({ summary: { result: { phases: p } } })).toEqual([{ name: 'flow', fromIndex: 0, toIndex: 5, stopReason: 'loss-target' }]);
    expect(phasesOf({ run: { result: { phases: p } } })).toHaveLength(1);
    expect(phasesOf({ run: { result: {} } })).toBeUndefined();
    expect(phasesOf(null)).toBeUndefined();
  });
});
