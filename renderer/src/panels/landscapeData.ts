/**
 * Pure data for LandscapeView: a loss grid (β-major rows, as `landscape` returns it) becomes a
 * height field in scene units, vertex colours, contour segments and overlay points.
 *
 * Scene frame: x ∈ [−1, 1] along α, z ∈ [−1, 1] along β (β grows away from the default camera,
 * z = −1 at β max), y ∈ [0, HEIGHT] the (log10 or linear) loss mapped from [lo, hi].
 */
import { colormap, type ColormapName } from '../figures/colormaps';

export type LossScale = 'log10' | 'linear';
export const HEIGHT = 0.9;

export interface LossGrid {
  readonly resolution: number;
  readonly alphaRange: readonly [number, number];
  readonly betaRange: readonly [number, number];
  readonly loss: readonly number[];
}

export interface HeightField {
  readonly resolution: number;
  /** Transformed loss per grid point (log10 L or L), same layout as the grid. */
  readonly values: Float64Array;
  /** Transformed values mapped to y = 0 and y = HEIGHT. */
  readonly lo: number;
  readonly hi: number;
  readonly scale: LossScale;
  /** log scale: losses below this are drawn at it (log10 of 0 is −∞). */
  readonly floor: number;
}

/** Smallest loss drawn on a log scale: the smallest positive loss, but at most 40 decades below the largest. */
export function logFloor(loss: readonly number[]): number {
  let minPositive = Infinity;
  let max = 0;
  for (const x of loss) {
    if (x > 0 && x < minPositive) minPositive = x;
    if (x > max) max = x;
  }
  if (!Number.isFinite(minPositive)) return 1e-300;
  return Math.max(minPositive, max * 1e-40, 1e-300);
}

export function transformLoss(loss: number, scale: LossScale, floor: number): number {
  return scale === 'log10' ? Math.log10(Math.max(loss, floor)) : loss;
}

export function inverseTransform(value: number, scale: LossScale): number {
  return scale === 'log10' ? 10 ** value : value;
}

export function heightField(grid: LossGrid, scale: LossScale, options: { ceiling?: number } = {}): HeightField {
  const R = grid.resolution;
  if (grid.loss.length !== R * R) throw new RangeError(`loss has ${grid.loss.length} values, expected ${R}×${R}`);
  const floor = logFloor(grid.loss);
  const ceiling = options.ceiling ?? Infinity;
  const values = new Float64Array(R * R);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < R * R; i++) {
    const v = transformLoss(Math.min(grid.loss[i], ceiling), scale, floor);
    values[i] = v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) hi = lo + 1;
  return { resolution: R, values, lo, hi, scale, floor };
}

/** y of a transformed value. */
export function heightOf(field: HeightField, value: number): number {
  return (HEIGHT * (value - field.lo)) / (field.hi - field.lo);
}

/** Scene (x, z) of plane coordinates (α, β). */
export function planeToScene(grid: LossGrid, alpha: number, beta: number): [number, number] {
  const [a0, a1] = grid.alphaRange;
  const [b0, b1] = grid.betaRange;
  return [(2 * (alpha - a0)) / (a1 - a0) - 1, 1 - (2 * (beta - b0)) / (b1 - b0)];
}

export interface SurfaceGeometry {
  readonly positions: Float32Array;
  readonly colors: Float32Array;
  readonly indices: Uint32Array;
}

export function surfaceGeometry(field: HeightField, map: ColormapName = 'viridis'): SurfaceGeometry {
  const R = field.resolution;
  const positions = new Float32Array(R * R * 3);
  const colors = new Float32Array(R * R * 3);
  for (let i = 0; i < R; i++)
    for (let k = 0; k < R; k++) {
      const p = i * R + k;
      const t = (field.values[p] - field.lo) / (field.hi - field.lo);
      positions[3 * p] = (2 * k) / (R - 1) - 1;
      positions[3 * p + 1] = HEIGHT * t;
      positions[3 * p + 2] = 1 - (2 * i) / (R - 1);
      const [r, g, b] = colormap(map, t);
      colors[3 * p] = r;
      colors[3 * p + 1] = g;
      colors[3 * p + 2] = b;
    }
  const indices = new Uint32Array((R - 1) * (R - 1) * 6);
  let at = 0;
  for (let i = 0; i < R - 1; i++)
    for (let k = 0; k < R - 1; k++) {
      const a = i * R + k;
      const b = a + 1;
      const c = a + R;
      const d = c + 1;
      indices.set([a, c, b, b, c, d], at);
      at += 6;
    }
  return { positions, colors, indices };
}

/** `count` evenly spaced levels strictly inside (lo, hi) in transformed units (log-spaced losses on a log scale). */
export function contourLevels(field: HeightField, count: number): number[] {
  return Array.from({ length: count }, (_, k) => field.lo + ((k + 1) * (field.hi - field.lo)) / (count + 1));
}

/**
 * Contour segments by marching squares: 6 floats (x, y, z, x, y, z) per segment, lifted by `lift`
 * above the surface. Saddle cells are resolved by the cell-centre average.
 */
export function contourSegments(field: HeightField, levels: readonly number[], lift = 0.002): Float32Array {
  const R = field.resolution;
  const v = field.values;
  const out: number[] = [];
  const x = (k: number) => (2 * k) / (R - 1) - 1;
  const z = (i: number) => 1 - (2 * i) / (R - 1);
  for (const level of levels) {
    const y = heightOf(field, level) + lift;
    for (let i = 0; i < R - 1; i++)
      for (let k = 0; k < R - 1; k++) {
        const c00 = v[i * R + k];
        const c01 = v[i * R + k + 1];
        const c10 = v[(i + 1) * R + k];
        const c11 = v[(i + 1) * R + k + 1];
        const code = (c00 > level ? 1 : 0) | (c01 > level ? 2 : 0) | (c11 > level ? 4 : 0) | (c10 > level ? 8 : 0);
        if (code === 0 || code === 15) continue;
        // Edge crossings: bottom (i, k→k+1), right (k+1, i→i+1), top (i+1, k→k+1), left (k, i→i+1).
        const t = (a: number, b: number) => (level - a) / (b - a);
        const edge = (e: number): [number, number] => {
          switch (e) {
            case 0:
              return [x(k + t(c00, c01)), z(i)];
            case 1:
              return [x(k + 1), z(i + t(c01, c11))];
            case 2:
              return [x(k + t(c10, c11)), z(i + 1)];
            default:
              return [x(k), z(i + t(c00, c10))];
          }
        };
        const push = (e1: number, e2: number) => {
          const [x1, z1] = edge(e1);
          const [x2, z2] = edge(e2);
          out.push(x1, y, z1, x2, y, z2);
        };
        const centreAbove = (c00 + c01 + c10 + c11) / 4 > level;
        switch (code) {
          case 1:
          case 14:
            push(3, 0);
            break;
          case 2:
          case 13:
            push(0, 1);
            break;
          case 3:
          case 12:
            push(3, 1);
            break;
          case 4:
          case 11:
            push(1, 2);
            break;
          case 6:
          case 9:
            push(0, 2);
            break;
          case 7:
          case 8:
            push(3, 2);
            break;
          case 5:
            if (centreAbove) {
              push(3, 2);
              push(0, 1);
            } else {
              push(3, 0);
              push(1, 2);
            }
            break;
          case 10:
            if (centreAbove) {
              push(3, 0);
              push(1, 2);
            } else {
              push(0, 1);
              push(3, 2);
            }
            break;
        }
      }
  }
  return Float32Array.from(out);
}

export interface ProjectedPoints {
  readonly alpha: readonly number[];
  readonly beta: readonly number[];
  readonly offPlane: readonly number[];
  /** L at the in-plane point under θ. */
  readonly planeLoss: readonly number[];
  /** L at θ itself. */
  readonly loss: readonly number[];
}

export interface OverlayPoint {
  /** On the surface: (x, y(planeLoss), z). */
  readonly surface: [number, number, number];
  /** At the point's own loss above/below the surface: (x, y(loss), z). */
  readonly actual: [number, number, number];
  readonly offPlane: number;
  /** Inside the drawn α–β rectangle. */
  readonly inside: boolean;
}

/** Trajectory / marker points in scene coordinates (clamped into the box; `inside` says whether they were). */
export function overlayPoints(grid: LossGrid, field: HeightField, points: ProjectedPoints, lift = 0.01): OverlayPoint[] {
  const clampY = (y: number) => Math.min(HEIGHT * 1.5, Math.max(-0.2, y));
  return points.alpha.map((a, t) => {
    const b = points.beta[t];
    const [x, z] = planeToScene(grid, a, b);
    const inside = x >= -1 && x <= 1 && z >= -1 && z <= 1;
    const cx = Math.min(1, Math.max(-1, x));
    const cz = Math.min(1, Math.max(-1, z));
    const ys = heightOf(field, transformLoss(points.planeLoss[t], field.scale, field.floor));
    const ya = heightOf(field, transformLoss(points.loss[t], field.scale, field.floor));
    return { surface: [cx, clampY(ys) + lift, cz], actual: [cx, clampY(ya) + lift, cz], offPlane: points.offPlane[t], inside };
  });
}

/** How far, relative to the plane's drawn extent, a point lies off the plane (for the "projections lie" readout). */
export function offPlaneRatio(grid: LossGrid, offPlane: number, axisNorms: readonly [number, number]): number {
  const extent = Math.max(
    ((grid.alphaRange[1] - grid.alphaRange[0]) / 2) * axisNorms[0],
    ((grid.betaRange[1] - grid.betaRange[0]) / 2) * axisNorms[1],
  );
  return extent > 0 ? offPlane / extent : Infinity;
}

/** The nested resolutions a progressive view requests, coarse to fine (each (R−1)/(r−1) a power of two). */
export function progressiveResolutions(finest: number, coarsest = 17): number[] {
  const levels = [finest];
  let r = finest;
  while ((r - 1) % 2 === 0 && (r - 1) / 2 + 1 >= coarsest) {
    r = (r - 1) / 2 + 1;
    levels.unshift(r);
  }
  return levels;
}

/** Consecutive runs of points inside the drawn rectangle (the path is not drawn where it leaves it). */
export function insideSpans<T extends { inside: boolean }>(points: readonly T[]): T[][] {
  const spans: T[][] = [];
  let current: T[] = [];
  for (const p of points) {
    if (p.inside) current.push(p);
    else if (current.length > 0) {
      spans.push(current);
      current = [];
    }
  }
  if (current.length > 0) spans.push(current);
  return spans;
}
