/**
 * Pure data for a stored hierarchy exploration (`hierarchy.get`): its nodes and edges in the
 * hierarchy view's shape (see hierarchyData.ts), and the parsing of the explore form's lists.
 */
import type { HierarchyGraph } from '../../../contract/hierarchy';
import { pointKind } from '../state/classes';
import type { HierarchyEdge, HierarchyNode, NodeKind } from './hierarchyData';

export interface ExploredNode extends HierarchyNode {
  /** The node's id in the stored graph (the `hierarchy` point source's `node`). */
  readonly nodeId: number;
  readonly classification: string;
  readonly hits: number;
}

/** global-min → global, local-min → minimum, strict-saddle → saddle, else other (the contract's classes). */
export function classificationKind(classification: string): NodeKind {
  return pointKind(classification);
}

export function exploredHierarchy(graph: Pick<HierarchyGraph, 'nodes' | 'edges'>): { nodes: ExploredNode[]; edges: HierarchyEdge[] } {
  const key = (id: number) => `n${id}`;
  const nodes = graph.nodes.map((n) => ({
    id: key(n.id),
    nodeId: n.id,
    width: n.width,
    loss: n.loss,
    kind: classificationKind(n.classification),
    runIds: [],
    split: n.origin === 'split',
    classification: n.classification,
    hits: n.hits,
  }));
  const edges: HierarchyEdge[] = [];
  const seen = new Set<string>();
  for (const e of graph.edges) {
    // Several γ or nudge signs can give the same transition: one arrow.
    const id = `${e.from}>${e.to}`;
    if (seen.has(id)) continue;
    seen.add(id);
    edges.push({ from: key(e.from), to: key(e.to), kind: e.kind === 'split' ? 'embed' : 'escape' });
  }
  return { nodes, edges };
}

/** "2, 3 4" → [2, 3, 4]; null when an entry is not a number. */
export function parseNumberList(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
  const values = parts.map(Number);
  return values.every((v) => Number.isFinite(v)) ? values : null;
}
