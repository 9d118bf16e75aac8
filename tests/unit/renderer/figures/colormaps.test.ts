import { interpolateCividis, interpolateMagma, interpolateViridis } from 'd3-scale-chromatic';
import { describe, expect, it } from 'vitest';
import { COLORMAP_NAMES, colormap, colormapTable, parseCssColor, TABLE_SIZE } from '../../../../renderer/src/figures/colormaps';
import { colormap as landscapeColormap } from '../../../../renderer/src/panels/shared/colormap';

const D3 = { viridis: interpolateViridis, magma: interpolateMagma, cividis: interpolateCividis };

describe('colormaps (d3-scale-chromatic tables)', () => {
  it.each(COLORMAP_NAMES)('%s: every one of the 256 entries equals d3 within 1/255', (name) => {
    const table = colormapTable(name);
    expect(table.length).toBe(3 * TABLE_SIZE);
    let worst = 0;
    for (let k = 0; k < TABLE_SIZE; k++) {
      const ref = parseCssColor(D3[name](k / 255));
      for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(table[3 * k + c] - ref[c]));
    }
    expect(worst).toBeLessThanOrEqual(1 / 255);
  });

  it.each(COLORMAP_NAMES)('%s: between entries the colour stays between d3’s neighbouring colours', (name) => {
    for (let k = 0; k < 255; k++) {
      const t = (k + 0.37) / 255;
      const got = colormap(name, t);
      const a = parseCssColor(D3[name](k / 255));
      const b = parseCssColor(D3[name]((k + 1) / 255));
      for (let c = 0; c < 3; c++) {
        expect(got[c]).toBeGreaterThanOrEqual(Math.min(a[c], b[c]) - 1e-12);
        expect(got[c]).toBeLessThanOrEqual(Math.max(a[c], b[c]) + 1e-12);
      }
    }
  });

  it("viridis matches matplotlib's published values at t = k/10; the old 11-point table was > 10/255 off between them", () => {
    // matplotlib's viridis at t = k/10 (van der Walt & Smith, CC0): the values the previous
    // 11-point table held. matplotlib indexes its 256 rows at int(t·256), we interpolate at t·255:
    // half an entry apart, hence 2/255.
    const MPL = [
      [0.267004, 0.004874, 0.329415],
      [0.282623, 0.140926, 0.457517],
      [0.253935, 0.265254, 0.529983],
      [0.206756, 0.371758, 0.553117],
      [0.163625, 0.471133, 0.558148],
      [0.127568, 0.566949, 0.550556],
      [0.134692, 0.658636, 0.517649],
      [0.266941, 0.748751, 0.440573],
      [0.477504, 0.821444, 0.318195],
      [0.741388, 0.873449, 0.149561],
      [0.993248, 0.906157, 0.143936],
    ];
    MPL.forEach((ref, k) => {
      const got = colormap('viridis', k / 10);
      for (let c = 0; c < 3; c++) expect(Math.abs(got[c] - ref[c])).toBeLessThanOrEqual(2 / 255);
    });
    // The old table: linear interpolation between those 11 points, measured against d3 at all 256 t.
    const old = (t: number) => {
      const f = t * 10;
      const i = Math.min(9, Math.floor(f));
      return MPL[i].map((a, c) => a + (f - i) * (MPL[i + 1][c] - a));
    };
    let oldWorst = 0;
    let newWorst = 0;
    for (let k = 0; k < 256; k++) {
      const ref = parseCssColor(interpolateViridis(k / 255));
      const o = old(k / 255);
      const n = colormap('viridis', k / 255);
      for (let c = 0; c < 3; c++) {
        oldWorst = Math.max(oldWorst, Math.abs(o[c] - ref[c]));
        newWorst = Math.max(newWorst, Math.abs(n[c] - ref[c]));
      }
    }
    expect(oldWorst * 255).toBeGreaterThan(10);
    expect(newWorst * 255).toBeLessThanOrEqual(1);
  });

  it('clamps t and maps NaN to the lowest colour; the landscape uses the same viridis', () => {
    expect(colormap('magma', -3)).toEqual(colormap('magma', 0));
    expect(colormap('magma', 7)).toEqual(colormap('magma', 1));
    expect(colormap('viridis', Number.NaN)).toEqual(colormap('viridis', 0));
    for (const t of [0, 0.123, 0.5, 0.987, 1]) expect(landscapeColormap(t)).toEqual(colormap('viridis', t));
    expect(() => parseCssColor('hsl(1, 2%, 3%)')).toThrow(/cannot parse colour/);
  });
});
