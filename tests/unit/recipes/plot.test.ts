import { describe, expect, it } from 'vitest';
import { chartSvg, clippedLine, panels } from '../../../main/recipes/plot';

describe('recipe charts: lines leaving the frame', () => {
  it('cuts a segment where it crosses the lower edge and marks the exit', () => {
    // y from 0 to −24 between x = 4 and 5 crosses y = −12 halfway.
    const { path, exits } = clippedLine([{ x: 3, y: 0 }, { x: 4, y: 0 }, { x: 5, y: -24 }, { x: 6, y: -50 }], -12, 0);
    expect(path).toEqual([[{ x: 3, y: 0 }, { x: 4, y: 0 }, { x: 4.5, y: -12 }]]);
    expect(exits).toEqual([{ x: 4.5, y: -12 }]);
  });

  it('re-enters where the line comes back and treats −∞ as below the frame', () => {
    const { path, exits } = clippedLine([{ x: 0, y: -1 }, { x: 1, y: -Infinity }, { x: 2, y: -20 }, { x: 3, y: -4 }], -12, 0);
    // Exit at x = 0 (−∞ leaves at once), nothing drawn between 1 and 2, re-entry at y = −12 on (2, −20)–(3, −4): t = 0.5.
    expect(exits).toEqual([{ x: 0, y: -12 }]);
    expect(path).toEqual([[{ x: 0, y: -1 }, { x: 0, y: -12 }], [{ x: 2.5, y: -12 }, { x: 3, y: -4 }]]);
  });

  it('does not draw a bound of 10⁻⁴⁶ along the axis', () => {
    const svg = chartSvg({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      yLog10: true,
      yMin: -12,
      yMax: 0,
      series: [{ name: 'bound', kind: 'line', color: '#123456', points: [4, 5, 6, 7].map((x) => ({ x, y: x === 4 ? -0.1 : -46 * (x - 4) })) }],
    });
    const path = svg.match(/<path d="([^"]+)" fill="none" stroke="#123456"/);
    expect(path).not.toBeNull();
    // One subpath of two points: the start and the exit; no segment along y = −12 to x = 7.
    expect(path![1].split('M').filter(Boolean)).toHaveLength(1);
    expect(path![1].split('L')).toHaveLength(2);
    expect(svg).toContain('fill="#123456"/>'); // the exit arrow
  });

  it('nests panels side by side', () => {
    const a = chartSvg({ title: 'a', xLabel: 'x', yLabel: 'y', series: [{ name: 's', kind: 'points', color: 'black', points: [{ x: 1, y: 1 }] }] });
    const svg = panels([a, a], 2);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="1400" height="420"/);
    expect(svg).toContain('<svg x="700" y="0" ');
  });
});
