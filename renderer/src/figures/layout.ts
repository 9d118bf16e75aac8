/**
 * Plot geometry shared by the figures: the inner plot rectangle, tick thinning so labels never
 * overlap, and a text-width estimate (no DOM measuring: the figures must render in Node too).
 */

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** The data rectangle inside a figure, in figure pixels. */
export interface PlotArea {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export interface Margins {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export function plotArea(size: Size, m: Margins): PlotArea {
  return { left: m.left, top: m.top, width: Math.max(10, size.width - m.left - m.right), height: Math.max(10, size.height - m.top - m.bottom) };
}

/** A tick in pixels along its axis (x for bottom axes, y for left axes). */
export interface PixelTick {
  readonly at: number;
  readonly label: string;
  /** Higher is kept first when labels would collide (e.g. 0 and the extremes). */
  readonly priority?: number;
}

/**
 * Keeps ticks whose positions are at least `minGap` pixels apart, taking them in priority order
 * (ties: the given order), then returns the kept ones sorted by position. Ticks outside
 * [lo − 0.5, hi + 0.5] are dropped.
 */
export function thinTicks(ticks: readonly PixelTick[], minGap: number, range?: readonly [number, number]): PixelTick[] {
  const inside = range ? ticks.filter((t) => t.at >= Math.min(...range) - 0.5 && t.at <= Math.max(...range) + 0.5) : [...ticks];
  const order = inside.map((t, i) => ({ t, i })).sort((a, b) => (b.t.priority ?? 0) - (a.t.priority ?? 0) || a.i - b.i);
  const kept: PixelTick[] = [];
  for (const { t } of order) if (kept.every((k) => Math.abs(k.at - t.at) >= minGap)) kept.push(t);
  return kept.sort((a, b) => a.at - b.at);
}

/**
 * Approximate advance width of `text` at `fontSize` (serif/sans average ≈ 0.52 em per glyph,
 * digits and narrow glyphs less): good enough to keep legends and labels from overlapping.
 */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  // Sized for the widest fallback we may get (DejaVu Serif), so text never overruns its room.
  for (const ch of text) em += /[il.,:;'|!ɪ1()\s]/.test(ch) ? 0.34 : /[mwMW—‖]/.test(ch) ? 0.9 : /[A-Z]/.test(ch) ? 0.7 : 0.58;
  return em * fontSize;
}

/** Linear map [d0, d1] → [r0, r1]. */
export function linear(d0: number, d1: number, r0: number, r1: number): (x: number) => number {
  const span = d1 - d0 || 1;
  return (x) => r0 + ((x - d0) / span) * (r1 - r0);
}

/** Compact number for SVG attributes (2 decimals, no trailing zeros). */
export function px(x: number): number {
  return Math.round(x * 100) / 100;
}
