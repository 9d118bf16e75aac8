/**
 * Pure data for LossCurves: several runs' (time, loss) curves on a log10 loss axis, decimated
 * for drawing (per pixel column the minimum and maximum are kept, so spikes and plateaus survive),
 * as SVG path strings in a width × height box.
 */
import { decadeTicks, niceTicks } from './shared/ticks';

export interface Curve {
  readonly id: string;
  readonly label: string;
  readonly time: readonly number[];
  readonly loss: readonly number[];
}

export interface CurveAxes {
  readonly timeScale: 'linear' | 'log';
  /** Data ranges: time in its own units (log: log10(1 + t)), loss as log10. */
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

/** Losses at or below 0 are drawn at this floor (log10 of 0 is −∞). */
export const LOSS_FLOOR = 1e-32;

export function timeCoordinate(t: number, scale: 'linear' | 'log'): number {
  return scale === 'log' ? Math.log10(1 + Math.max(t, 0)) : t;
}

export function lossCoordinate(loss: number): number {
  return Math.log10(Math.max(loss, LOSS_FLOOR));
}

export function curveAxes(curves: readonly Curve[], timeScale: 'linear' | 'log'): CurveAxes {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const c of curves)
    c.time.forEach((t, i) => {
      const x = timeCoordinate(t, timeScale);
      const y = lossCoordinate(c.loss[i]);
      if (!Number.isFinite(x) || !Number.isFinite(y)) return;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    });
  if (!Number.isFinite(x0)) return { timeScale, x: [0, 1], y: [-1, 0] };
  if (!(x1 > x0)) x1 = x0 + 1;
  y0 = Math.floor(y0);
  y1 = Math.ceil(y1) + 0; // + 0 turns −0 into 0
  if (!(y1 > y0)) y1 = y0 + 1;
  return { timeScale, x: [x0, x1], y: [y0, y1] };
}

export interface Box {
  readonly width: number;
  readonly height: number;
}

export function toPixels(axes: CurveAxes, box: Box, time: number, loss: number): [number, number] {
  const x = ((timeCoordinate(time, axes.timeScale) - axes.x[0]) / (axes.x[1] - axes.x[0])) * box.width;
  const y = box.height - ((lossCoordinate(loss) - axes.y[0]) / (axes.y[1] - axes.y[0])) * box.height;
  return [x, y];
}

/**
 * Pixel polyline of one curve: per pixel column, the first, min, max and last points in
 * their original order — at most 4 points per column, so a 10⁶-step curve draws fast.
 */
export function decimate(curve: Curve, axes: CurveAxes, box: Box): [number, number][] {
  const columns = new Map<number, [number, number][]>();
  const order: number[] = [];
  curve.time.forEach((t, i) => {
    const p = toPixels(axes, box, t, curve.loss[i]);
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) return;
    const col = Math.floor(p[0]);
    let list = columns.get(col);
    if (!list) {
      list = [];
      columns.set(col, list);
      order.push(col);
    }
    list.push(p);
  });
  const out: [number, number][] = [];
  for (const col of order) {
    const list = columns.get(col)!;
    if (list.length <= 4) {
      out.push(...list);
      continue;
    }
    let lo = 0;
    let hi = 0;
    list.forEach((p, i) => {
      if (p[1] < list[lo][1]) lo = i;
      if (p[1] > list[hi][1]) hi = i;
    });
    const keep = [...new Set([0, lo, hi, list.length - 1])].sort((a, b) => a - b);
    for (const i of keep) out.push(list[i]);
  }
  return out;
}

export function pathOf(points: readonly [number, number][]): string {
  return points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`).join('');
}

export interface Tick {
  readonly at: number;
  readonly label: string;
}

/** Loss ticks (decades) and time ticks in pixels. */
export function curveTicks(axes: CurveAxes, box: Box): { x: Tick[]; y: Tick[] } {
  const y = decadeTicks(axes.y[0], axes.y[1], 7).map((k) => ({
    at: box.height - ((k - axes.y[0]) / (axes.y[1] - axes.y[0])) * box.height,
    label: k === 0 ? '1' : `1e${k}`,
  }));
  const x =
    axes.timeScale === 'log'
      ? decadeTicks(axes.x[0], axes.x[1], 6).map((k) => ({
          at: ((k - axes.x[0]) / (axes.x[1] - axes.x[0])) * box.width,
          label: k === 0 ? '0' : `1e${k}`,
        }))
      : niceTicks(axes.x[0], axes.x[1], 5).map((t) => ({
          at: ((t - axes.x[0]) / (axes.x[1] - axes.x[0])) * box.width,
          label: Number(t.toPrecision(3)).toString(),
        }));
  return { x, y };
}
