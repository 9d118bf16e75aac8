/**
 * Pure data for the critical-point hierarchy (the paper's Fig. 5): columns by width, vertical
 * axis log10 loss, one node per distinct critical point. Runs of one width ending at the same
 * loss (to `tolerance` decades — points equal up to neuron permutation have equal loss) are
 * merged; a split run adds its split point (a saddle of the wider net at the parent's loss) and
 * an arrow from it to the point its escape reached.
 */
import type { RunOrigin } from '../../../contract/origin';
import { pointKind } from '../state/classes';
import { splitOriginOf } from './splitProvenance';

export type NodeKind = 'global' | 'minimum' | 'saddle' | 'other';

export interface HierarchyRun {
  readonly runId: string;
  readonly name: string | null;
  /** Split runs link to their parent through this (contract/origin.ts). */
  readonly origin: RunOrigin;
  readonly width: number;
  readonly finalLoss: number;
  readonly success: boolean;
  readonly classification: string | null;
}

export interface HierarchyNode {
  readonly id: string;
  readonly width: number;
  readonly loss: number;
  readonly kind: NodeKind;
  /** Runs that ended here. */
  readonly runIds: string[];
  /** A split point (not an end point). */
  readonly split: boolean;
}

export interface HierarchyEdge {
  readonly from: string;
  readonly to: string;
  /** 'escape': split point → where training went; 'embed': a minimum → its split copy in the wider net. */
  readonly kind: 'escape' | 'embed';
}

export const LOSS_FLOOR = 1e-32;

export function nodeKind(run: Pick<HierarchyRun, 'success' | 'classification'>): NodeKind {
  return pointKind(run.classification, run.success);
}

export function hierarchy(runs: readonly HierarchyRun[], tolerance = 1e-3): { nodes: HierarchyNode[]; edges: HierarchyEdge[] } {
  const nodes: HierarchyNode[] = [];
  const nodeOfRun = new Map<string, HierarchyNode>();
  const log = (x: number) => Math.log10(Math.max(x, LOSS_FLOOR));
  // Runs merge only with runs of the same kind: a local minimum and a not-critical point at equal
  // loss stay two nodes (merging them hid the minimum under the grey node, issue 9 §4).
  const find = (width: number, loss: number, split: boolean, kind?: NodeKind) =>
    nodes.find((n) => n.width === width && n.split === split && (kind === undefined || n.kind === kind) && Math.abs(log(n.loss) - log(loss)) <= tolerance);
  for (const run of [...runs].sort((a, b) => a.width - b.width || a.finalLoss - b.finalLoss)) {
    const kind = nodeKind(run);
    let node = find(run.width, run.finalLoss, false, kind);
    if (!node) {
      node = { id: `w${run.width}-${nodes.length}`, width: run.width, loss: run.finalLoss, kind, runIds: [], split: false };
      nodes.push(node);
    }
    node.runIds.push(run.runId);
    nodeOfRun.set(run.runId, node);
  }
  const edges: HierarchyEdge[] = [];
  for (const run of runs) {
    const origin = splitOriginOf(run);
    const parent = origin ? nodeOfRun.get(origin.parentRunId) : undefined;
    const end = nodeOfRun.get(run.runId);
    if (!parent || !end) continue;
    let splitNode = find(run.width, parent.loss, true);
    if (!splitNode) {
      splitNode = { id: `w${run.width}-split-${nodes.length}`, width: run.width, loss: parent.loss, kind: 'saddle', runIds: [], split: true };
      nodes.push(splitNode);
    }
    const add = (e: HierarchyEdge) => {
      if (!edges.some((x) => x.from === e.from && x.to === e.to)) edges.push(e);
    };
    add({ from: parent.id, to: splitNode.id, kind: 'embed' });
    add({ from: splitNode.id, to: end.id, kind: 'escape' });
  }
  return { nodes, edges };
}

export interface PlacedNode extends HierarchyNode {
  readonly x: number;
  readonly y: number;
}

/** Pixel layout: one column per width; y by log10 loss (top = high loss); nodes of equal height nudged apart. */
export function placeHierarchy(nodes: readonly HierarchyNode[], box: { width: number; height: number }): {
  placed: PlacedNode[];
  widths: number[];
  yRange: [number, number];
} {
  const widths = [...new Set(nodes.map((n) => n.width))].sort((a, b) => a - b);
  const logs = nodes.map((n) => Math.log10(Math.max(n.loss, LOSS_FLOOR)));
  const lo = Math.floor(Math.min(...logs, 0));
  const hi = Math.ceil(Math.max(...logs, lo + 1));
  const colX = (w: number) => ((widths.indexOf(w) + 0.5) / Math.max(widths.length, 1)) * box.width;
  const placed = nodes.map((n, i) => ({
    ...n,
    x: colX(n.width) + (n.split ? 0.18 : 0) * (box.width / Math.max(widths.length, 1)),
    y: 16 + ((hi - logs[i]) / (hi - lo)) * (box.height - 32),
  }));
  return { placed, widths, yRange: [lo, hi] };
}
