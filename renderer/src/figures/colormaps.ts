/**
 * Perceptually uniform colormaps from d3-scale-chromatic (a maintained copy of matplotlib's
 * viridis/magma tables by van der Walt & Smith, and Nuñez et al.'s cividis), as 256-entry
 * tables sampled once at t = k/255, interpolated linearly in sRGB between entries. Entry k is
 * exactly d3's k-th colour for viridis/magma (their ramps index floor(t·256), which is k at
 * t = k/255 for k < 255 and clamps to 255 at t = 1).
 *
 * Pure: usable by the 2D figures, the 3D landscape and the Node-side figure export alike.
 */
import { interpolateCividis, interpolateMagma, interpolateViridis } from 'd3-scale-chromatic';

export const COLORMAP_NAMES = ['viridis', 'magma', 'cividis'] as const;
export type ColormapName = (typeof COLORMAP_NAMES)[number];

/** r, g, b in [0, 1]. */
export type Rgb = [number, number, number];

const SOURCES: Record<ColormapName, (t: number) => string> = {
  viridis: interpolateViridis,
  magma: interpolateMagma,
  cividis: interpolateCividis,
};

/** Parses d3's colour strings: "#rrggbb" or "rgb(r, g, b)". */
export function parseCssColor(text: string): Rgb {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(text.trim());
  if (hex) return [parseInt(hex[1], 16) / 255, parseInt(hex[2], 16) / 255, parseInt(hex[3], 16) / 255];
  const rgb = /^rgb\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*\)$/i.exec(text.trim());
  if (rgb) return [Number(rgb[1]) / 255, Number(rgb[2]) / 255, Number(rgb[3]) / 255];
  throw new Error(`colormaps: cannot parse colour '${text}'`);
}

export const TABLE_SIZE = 256;
const tables = new Map<ColormapName, Float64Array>();

/** The 256 × 3 table of a map (r, g, b in [0, 1], row k at t = k/255). */
export function colormapTable(name: ColormapName): Float64Array {
  let table = tables.get(name);
  if (!table) {
    const source = SOURCES[name];
    if (!source) throw new Error(`colormaps: unknown colormap '${String(name)}' (known: ${COLORMAP_NAMES.join(', ')})`);
    table = new Float64Array(3 * TABLE_SIZE);
    for (let k = 0; k < TABLE_SIZE; k++) table.set(parseCssColor(source(k / (TABLE_SIZE - 1))), 3 * k);
    tables.set(name, table);
  }
  return table;
}

/** Colour of `name` at t ∈ [0, 1] (clamped; NaN gives the lowest colour), r, g, b in [0, 1]. */
export function colormap(name: ColormapName, t: number): Rgb {
  const table = colormapTable(name);
  const x = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  const f = x * (TABLE_SIZE - 1);
  const i = Math.min(TABLE_SIZE - 2, Math.floor(f));
  const w = f - i;
  const a = 3 * i;
  const b = a + 3;
  return [
    table[a] + w * (table[b] - table[a]),
    table[a + 1] + w * (table[b + 1] - table[a + 1]),
    table[a + 2] + w * (table[b + 2] - table[a + 2]),
  ];
}

/** CSS colour string of `name` at t. */
export function colormapCss(name: ColormapName, t: number): string {
  const [r, g, b] = colormap(name, t);
  return `rgb(${Math.round(255 * r)}, ${Math.round(255 * g)}, ${Math.round(255 * b)})`;
}

/** Evenly spaced stops [offset ∈ [0, 1], css colour] for gradients (SVG or CSS). */
export function colormapStops(name: ColormapName, count = 16): [number, string][] {
  const n = Math.max(2, Math.round(count));
  return Array.from({ length: n }, (_, k) => [k / (n - 1), colormapCss(name, k / (n - 1))]);
}
