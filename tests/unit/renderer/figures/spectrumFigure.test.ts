/**
 * SpectrumFigure semantics, read back with Python's XML parser (xml.etree): kink-stationary
 * points are explained and their negative eigenvalues drawn hollow (not as saddle marks), and a
 * partial spectrum labels its true eigenvalue indices with a break between the two groups.
 */
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { KINK_NOTE, SpectrumFigure } from '../../../../renderer/src/figures/SpectrumFigure';
import { figureSvg } from '../../../../renderer/src/figures/svgString';
import { PRINT_THEME } from '../../../../renderer/src/figures/theme';
import { python } from '../../helpers/python';

interface Element {
  readonly tag: string;
  readonly attrs: Record<string, string>;
  readonly text: string;
}

/** Every element of an SVG document (namespace stripped), as Python's ElementTree parses it. */
function parse(svg: string): Element[] {
  return python<Element[]>(
    `import sys, json, xml.etree.ElementTree as ET
root = ET.fromstring(sys.argv[1].encode())
print(json.dumps([{"tag": e.tag.split("}")[-1], "attrs": dict(e.attrib), "text": "".join(e.itertext()) if e.tag.endswith(("text", "title")) else ""} for e in root.iter()]))`,
    svg,
  );
}

const render = (props: Partial<Parameters<typeof SpectrumFigure>[0]>) =>
  figureSvg(createElement(SpectrumFigure, { eigenvalues: [-2e-3, -1e-5, 1e-4, 0.3, 2], theme: PRINT_THEME, width: 640, height: 380, ...props }));

describe('SpectrumFigure', () => {
  it('a strict saddle: negative eigenvalues are filled circles with class eig-neg', () => {
    const els = parse(render({ classification: 'strict-saddle' }));
    const marks = els.filter((e) => e.attrs['data-testid'] === 'eigenvalue');
    expect(marks).toHaveLength(5);
    expect(marks.filter((e) => e.tag === 'circle' && e.attrs.class === 'eig-neg')).toHaveLength(2);
    expect(els.some((e) => e.text.includes('kink-stationary'))).toBe(false);
  });

  it('a kink-stationary point: negative eigenvalues hollow, the Clarke certificate explained, no saddle marks', () => {
    const reason = '12 sample(s) on ReLU kinks; Clarke stationary (residual 3.1e-17), reduced Hessian PSD';
    const els = parse(render({ classification: 'kink-stationary', reason }));
    const marks = els.filter((e) => e.attrs['data-testid'] === 'eigenvalue');
    expect(marks.filter((e) => e.attrs.class === 'eig-neg')).toHaveLength(0);
    const hollow = marks.filter((e) => e.attrs.class === 'eig-kink');
    expect(hollow).toHaveLength(2);
    for (const h of hollow) expect(h.attrs.fill).toBe('none');
    const note = els.filter((e) => e.tag === 'text').map((e) => e.text).join(' ');
    // The note is wrapped over lines: compare word by word.
    expect(note.replace(/\s+/g, ' ')).toContain(KINK_NOTE.split(' ').slice(0, 12).join(' '));
    expect(note).toContain('Clarke stationary (residual 3.1e-17)');
    expect(els.some((e) => e.text === 'λ < 0 (2) — smooth piece only')).toBe(true);
  });

  it('a partial spectrum: true indices 1…s and P−h+1…P with a break between', () => {
    const els = parse(render({ eigenvalues: [-1e-3, 2e-6, 4e-5, 0.8, 1.5, 9], partial: { smallestCount: 3, parameterCount: 5000 } }));
    const texts = els.filter((e) => e.tag === 'text').map((e) => e.text);
    for (const label of ['1', '3', '4998', '5000', 'eigenvalue index k: lowest 3, highest 3 of 5000']) expect(texts).toContain(label);
    expect(els.some((e) => e.attrs['data-testid'] === 'index-break')).toBe(true);
    const titles = els.filter((e) => e.tag === 'title').map((e) => e.text);
    expect(titles.some((t) => t.startsWith('λ4998 = 8.0000e-1'))).toBe(true);
  });
});
