/**
 * Layout of the critical-point hierarchy figure (the paper's Fig. 5):
 *
 * - x: one column per width; end points in the column's centre lane, split points in a lane to
 *   its right.
 * - y: log10 loss on a *broken* axis. Losses are grouped into bands separated by empty gaps of
 *   more than `gapDecades`; each gap is drawn as a fixed-height break. A band holding only global
 *   minima (L ≈ 1e-29 after flow) gets a small fixed strip at the bottom, so it no longer squeezes
 *   everything between 1e-4 and 1e-2 into a few pixels.
 * - Points of one lane, one kind and equal loss (within `tolerance` decades) are one stack with a
 *   count; stacks that would still overlap are spread sideways in the lane (nearest free slot),
 *   so no node hides another (e.g. a local minimum under a not-critical point at the same loss).
 */
import type { NodeKind } from '../panels/hierarchyData';

export interface HierarchyFigureNode {
  readonly id: string;
  readonly width: number;
  readonly loss: number;
  readonly kind: NodeKind;
  /** A split point (a saddle of the wider net at its parent's loss). */
  readonly split: boolean;
  readonly classification?: string;
  /** Descents that reached this point (explorations) or runs that ended here. */
  readonly hits?: number;
}

export interface Stack {
  readonly key: string;
  readonly ids: string[];
  readonly width: number;
  readonly loss: number;
  readonly kind: NodeKind;
  readonly split: boolean;
  readonly classification: string | undefined;
  /** Points merged into this stack. */
  readonly count: number;
  /** Sum of their hits. */
  readonly hits: number;
  x: number;
  y: number;
  readonly r: number;
}

/** A contiguous range of log10 loss drawn without a break, and where it lands in pixels. */
export interface Band {
  readonly lo: number;
  readonly hi: number;
  readonly top: number;
  readonly bottom: number;
  readonly globalOnly: boolean;
}

export interface HierarchyLayout {
  readonly stacks: Stack[];
  readonly stackOf: Map<string, Stack>;
  readonly widths: number[];
  readonly bands: Band[];
  /** log10 loss → y (NaN in a gap). */
  yOf(log10Loss: number): number;
  readonly columnWidth: number;
  readonly columnX: (width: number) => number;
}

export const LOSS_FLOOR = 1e-32;
const BREAK = 16;
const GLOBAL_BAND = 46;

export function log10Loss(loss: number): number {
  return Math.log10(Math.max(loss, LOSS_FLOOR));
}

/** Groups sorted values into bands split at gaps wider than `gap`; each band padded to ≥ 1 decade. */
export function lossBands(logs: readonly number[], gap: number): { lo: number; hi: number; values: number[] }[] {
  const sorted = [...logs].filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return [{ lo: -1, hi: 0, values: [] }];
  const groups: number[][] = [[sorted[0]]];
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] - sorted[i - 1] > gap) groups.push([]);
    groups[groups.length - 1].push(sorted[i]);
  }
  return groups.map((values) => {
    const a = values[0];
    const b = values[values.length - 1];
    const pad = Math.max(0.15, 0.5 * (1 - (b - a)));
    return { lo: a - pad, hi: b + pad, values };
  });
}

export function layoutHierarchy(
  nodes: readonly HierarchyFigureNode[],
  area: { left: number; top: number; width: number; height: number },
  options: { gapDecades?: number; tolerance?: number } = {},
): HierarchyLayout {
  const gap = options.gapDecades ?? 3;
  const tol = options.tolerance ?? 1e-3;
  const widths = [...new Set(nodes.map((n) => n.width))].sort((a, b) => a - b);
  const columnWidth = area.width / Math.max(widths.length, 1);
  const columnX = (w: number) => area.left + (widths.indexOf(w) + 0.4) * columnWidth;
  const laneOffset = 0.3 * columnWidth;

  // Bands (top = highest loss). Global-only bands get a fixed strip; the others share the rest by span.
  const raw = lossBands(nodes.map((n) => log10Loss(n.loss)), gap).reverse();
  const globalOnly = raw.map((b) =>
    nodes.filter((n) => b.values.length > 0 && log10Loss(n.loss) >= b.lo && log10Loss(n.loss) <= b.hi).every((n) => n.kind === 'global'),
  );
  const fixed = raw.reduce((s, _, i) => s + (globalOnly[i] && raw.length > 1 ? GLOBAL_BAND : 0), 0) + BREAK * (raw.length - 1);
  const flexible = raw.reduce((s, b, i) => s + (globalOnly[i] && raw.length > 1 ? 0 : b.hi - b.lo), 0);
  const free = Math.max(40, area.height - fixed);
  let cursor = area.top;
  const bands: Band[] = raw.map((b, i) => {
    const h = globalOnly[i] && raw.length > 1 ? GLOBAL_BAND : (free * (b.hi - b.lo)) / (flexible || 1);
    const band = { lo: b.lo, hi: b.hi, top: cursor, bottom: cursor + h, globalOnly: globalOnly[i] && raw.length > 1 };
    cursor += h + BREAK;
    return band;
  });
  const yOf = (v: number): number => {
    for (const b of bands) if (v >= b.lo - 1e-12 && v <= b.hi + 1e-12) return b.top + ((b.hi - v) / (b.hi - b.lo)) * (b.bottom - b.top);
    return Number.NaN;
  };

  // Stacks: same width, lane, kind and loss within tolerance.
  const stacks: Stack[] = [];
  const stackOf = new Map<string, Stack>();
  const sorted = [...nodes].sort((a, b) => a.width - b.width || Number(a.split) - Number(b.split) || a.loss - b.loss);
  for (const n of sorted) {
    const v = log10Loss(n.loss);
    let s = stacks.find((t) => t.width === n.width && t.split === n.split && t.kind === n.kind && Math.abs(log10Loss(t.loss) - v) <= tol);
    if (!s) {
      s = { key: n.id, ids: [], width: n.width, loss: n.loss, kind: n.kind, split: n.split, classification: n.classification, count: 0, hits: 0, x: 0, y: 0, r: 0 };
      stacks.push(s);
    }
    s.ids.push(n.id);
    (s as { count: number }).count += 1;
    (s as { hits: number }).hits += n.hits ?? 1;
    stackOf.set(n.id, s);
  }
  for (const s of stacks) {
    (s as { r: number }).r = 5 + Math.min(4, Math.log2(Math.max(1, s.hits)));
    s.x = columnX(s.width) + (s.split ? laneOffset : 0);
    s.y = yOf(log10Loss(s.loss));
  }

  // Spread overlapping stacks of one lane sideways: slots 0, +1, −1, +2, … of one diameter each.
  const lanes = new Map<string, Stack[]>();
  for (const s of stacks) {
    const key = `${s.width}:${s.split}`;
    lanes.set(key, [...(lanes.get(key) ?? []), s]);
  }
  const maxSlots = Math.max(1, Math.floor((0.28 * columnWidth) / 12));
  for (const lane of lanes.values()) {
    const placed: { s: Stack; slot: number }[] = [];
    for (const s of [...lane].sort((a, b) => a.y - b.y)) {
      let slot = 0;
      for (let k = 0; k < 2 * maxSlots + 1; k++) {
        // Left first: edges leave to the right, towards the split lane and the next width.
        const candidate = k === 0 ? 0 : k % 2 === 1 ? -(k + 1) / 2 : k / 2;
        const clash = placed.some((p) => p.slot === candidate && Math.abs(p.s.y - s.y) < p.s.r + s.r + 2);
        if (!clash) {
          slot = candidate;
          break;
        }
        slot = candidate;
      }
      placed.push({ s, slot });
      s.x += slot * (2 * 9 + 2);
    }
  }
  return { stacks, stackOf, widths, bands, yOf, columnWidth, columnX };
}
