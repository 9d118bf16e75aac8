/**
 * The landscape's labels: tick values along α, β and the height axis, axis titles (α, β with
 * their eigenvalue / variance label, the loss), and a titled colour bar. `annotationLayout` is
 * pure (3D anchor points + text), `drawAnnotations` paints it onto a 2D canvas over a rendered
 * frame — the same code for the screen overlay, the PNG export and every recorded frame, so
 * what the user sees is what the file holds.
 */
import type { AxisInfo } from '../../../contract/landscape';
import { colormapCss, type ColormapName } from '../figures/colormaps';
import { HEIGHT, heightOf, inverseTransform, planeToScene, type HeightField, type LossGrid } from '../panels/landscapeData';
import { formatNumber, niceTicks } from '../panels/shared/ticks';

export type Vec3 = [number, number, number];

export interface Label3D {
  readonly position: Vec3;
  readonly text: string;
  readonly kind: 'tick' | 'title';
}

export interface ColourBar {
  readonly title: string;
  readonly map: ColormapName;
  /** Tick at fraction f ∈ [0, 1] from the bottom. */
  readonly ticks: readonly { f: number; text: string }[];
}

export interface AnnotationLayout {
  readonly labels: readonly Label3D[];
  /** Tick marks as line segments (x0,y0,z0,x1,y1,z1, …) in scene units. */
  readonly tickSegments: Float32Array;
  readonly colourBar: ColourBar;
}

export interface LandscapeAxes extends LossGrid {
  readonly axes: readonly [AxisInfo, AxisInfo];
}

const TICK = 0.05;

/** Axis title: the axis letter and what it is (its label already names the eigenvalue / explained variance). */
export function axisTitle(letter: 'α' | 'β', axis: AxisInfo): string {
  const extra =
    axis.eigenvalue !== null && !axis.label.includes('λ')
      ? ` (λ = ${formatNumber(axis.eigenvalue, 3)})`
      : axis.explainedVariance !== null && !axis.label.includes('%')
        ? ` (${(100 * axis.explainedVariance).toFixed(1)}% of variance)`
        : '';
  return `${letter}: ${axis.label}${extra}`;
}

export function lossTitle(field: Pick<HeightField, 'scale'>): string {
  return field.scale === 'log10' ? 'loss L (log scale)' : 'loss L';
}

export function annotationLayout(grid: LandscapeAxes, field: HeightField, map: ColormapName): AnnotationLayout {
  const labels: Label3D[] = [];
  const segments: number[] = [];
  for (const a of niceTicks(grid.alphaRange[0], grid.alphaRange[1], 5)) {
    const [x] = planeToScene(grid, a, grid.betaRange[0]);
    segments.push(x, 0, 1, x, 0, 1 + TICK);
    labels.push({ position: [x, 0, 1 + 2.6 * TICK], text: formatNumber(a, 3), kind: 'tick' });
  }
  for (const b of niceTicks(grid.betaRange[0], grid.betaRange[1], 5)) {
    const [, z] = planeToScene(grid, grid.alphaRange[0], b);
    segments.push(-1, 0, z, -1 - TICK, 0, z);
    labels.push({ position: [-1 - 2.6 * TICK, 0, z], text: formatNumber(b, 3), kind: 'tick' });
  }
  const valueTicks = niceTicks(field.lo, field.hi, 4);
  const valueText = (v: number) => (field.scale === 'log10' ? formatNumber(inverseTransform(v, 'log10'), 2) : formatNumber(v, 3));
  for (const v of valueTicks) {
    const y = heightOf(field, v);
    segments.push(-1, y, 1, -1 - TICK, y, 1 + TICK);
    labels.push({ position: [-1 - 2.2 * TICK, y, 1 + 2.2 * TICK], text: valueText(v), kind: 'tick' });
  }
  labels.push({ position: [0, 0, 1 + 6 * TICK], text: axisTitle('α', grid.axes[0]), kind: 'title' });
  labels.push({ position: [-1 - 6 * TICK, 0, 0], text: axisTitle('β', grid.axes[1]), kind: 'title' });
  labels.push({ position: [-1, HEIGHT + 0.12, 1], text: field.scale === 'log10' ? 'L (log)' : 'L', kind: 'title' });
  return {
    labels,
    tickSegments: Float32Array.from(segments),
    colourBar: {
      title: lossTitle(field),
      map,
      ticks: valueTicks.map((v) => ({ f: (v - field.lo) / (field.hi - field.lo), text: valueText(v) })),
    },
  };
}

/** Projects a scene point to canvas pixels; null when behind the camera. */
export type Projector = (p: Vec3) => [number, number] | null;

export interface DrawOptions {
  readonly width: number;
  readonly height: number;
  readonly dark: boolean;
  /** Pixel scale of text and bar (1 on screen at CSS pixels; larger for big exports). */
  readonly scale: number;
}

/** Font-size scale for a frame: text stays readable at 4K and small previews alike. */
export function textScale(width: number, height: number): number {
  return Math.max(0.75, Math.min(width / 900, height / 560));
}

export function drawAnnotations(ctx: CanvasRenderingContext2D, layout: AnnotationLayout, project: Projector, options: DrawOptions): void {
  const { width, height, dark, scale } = options;
  const ink = dark ? '#e8e8e8' : '#222222';
  const halo = dark ? 'rgba(28, 31, 35, 0.85)' : 'rgba(255, 255, 255, 0.85)';
  ctx.save();
  ctx.textBaseline = 'middle';
  ctx.lineJoin = 'round';
  for (const label of layout.labels) {
    const p = project(label.position);
    if (!p) continue;
    const size = (label.kind === 'title' ? 13 : 11) * scale;
    ctx.font = `${label.kind === 'title' ? '600 ' : ''}${size}px system-ui, sans-serif`;
    const w = ctx.measureText(label.text).width;
    // Keep labels inside the frame (titles of long axis names near the edge).
    const x = Math.min(width - w / 2 - 4 * scale, Math.max(w / 2 + 4 * scale, p[0]));
    const y = Math.min(height - size, Math.max(size, p[1]));
    ctx.textAlign = 'center';
    ctx.strokeStyle = halo;
    ctx.lineWidth = 3 * scale;
    ctx.strokeText(label.text, x, y);
    ctx.fillStyle = ink;
    ctx.fillText(label.text, x, y);
  }
  drawColourBar(ctx, layout.colourBar, width, height, ink, halo, scale);
  ctx.restore();
}

function drawColourBar(ctx: CanvasRenderingContext2D, bar: ColourBar, width: number, height: number, ink: string, halo: string, scale: number): void {
  const barWidth = 14 * scale;
  const top = 34 * scale;
  const bottom = height - 24 * scale;
  const barHeight = Math.max(10, bottom - top);
  ctx.font = `${11 * scale}px system-ui, sans-serif`;
  const labelWidth = Math.max(0, ...bar.ticks.map((t) => ctx.measureText(t.text).width));
  const left = width - barWidth - labelWidth - 18 * scale;
  const gradient = ctx.createLinearGradient(0, top + barHeight, 0, top);
  for (let k = 0; k <= 32; k++) gradient.addColorStop(k / 32, colormapCss(bar.map, k / 32));
  ctx.fillStyle = halo;
  ctx.fillRect(left - 4 * scale, top - 24 * scale, width - left, barHeight + 32 * scale);
  ctx.fillStyle = gradient;
  ctx.fillRect(left, top, barWidth, barHeight);
  ctx.strokeStyle = ink;
  ctx.lineWidth = Math.max(1, scale);
  ctx.strokeRect(left, top, barWidth, barHeight);
  ctx.fillStyle = ink;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (const t of bar.ticks) {
    const y = top + barHeight * (1 - t.f);
    ctx.beginPath();
    ctx.moveTo(left + barWidth, y);
    ctx.lineTo(left + barWidth + 4 * scale, y);
    ctx.stroke();
    ctx.fillText(t.text, left + barWidth + 6 * scale, y);
  }
  ctx.font = `600 ${12 * scale}px system-ui, sans-serif`;
  ctx.textAlign = 'right';
  ctx.fillText(bar.title, width - 6 * scale, top - 12 * scale);
}
