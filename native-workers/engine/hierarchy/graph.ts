/** The growing hierarchy: nodes deduplicated by canonical form per width, edges by transition. */
import type { PointAnalysis } from '../analysis/types';
import type { Network } from '../types';
import { canonicalForm, sameCanonical, type CanonicalForm } from './canonical';
import type { EdgeKind, HierarchyEdge, HierarchyNode, NodeOrigin } from './types';

export class HierarchyBuilder {
  readonly nodes: HierarchyNode[] = [];
  readonly edges: HierarchyEdge[] = [];
  private readonly forms: CanonicalForm[] = [];

  constructor(private readonly tolerance: number) {}

  /** The existing node equal to this point up to symmetry (same width), or null. */
  find(network: Network, loss: number, form = canonicalForm(network, this.tolerance)): HierarchyNode | null {
    const width = network.architecture.layers[0]!.outputs;
    for (let i = 0; i < this.nodes.length; i++) {
      const node = this.nodes[i]!;
      if (node.width !== width) continue;
      // equal points have equal losses; the loose check only skips the assignment
      if (Math.abs(node.loss - loss) > 1e-6 * Math.max(node.loss, loss) + 1e-300) continue;
      if (sameCanonical(this.forms[i]!, form, this.tolerance)) return node;
    }
    return null;
  }

  add(network: Network, analysis: PointAnalysis, origin: NodeOrigin, seed?: number): HierarchyNode {
    const form = canonicalForm(network, this.tolerance);
    const node: HierarchyNode = {
      id: this.nodes.length,
      width: network.architecture.layers[0]!.outputs,
      loss: analysis.loss,
      gradNorm: analysis.gradNorm,
      classification: analysis.classification,
      index: analysis.index,
      minEigenvalue: analysis.minEigenvalue,
      theta: Float64Array.from(network.theta),
      origin,
      reducedWidth: form.units.length,
      hits: 1,
      seeds: seed === undefined ? [] : [seed],
    };
    this.nodes.push(node);
    this.forms.push(form);
    return node;
  }

  /** Units of a node that are distinct up to the split symmetry (one representative each). */
  distinctUnits(node: HierarchyNode): number[] {
    return this.forms[node.id]!.units.map((u) => u.members[0]!);
  }

  addEdge(from: number, to: number, kind: EdgeKind, neuron: number, gamma: number, sign?: 1 | -1): HierarchyEdge {
    const same = this.edges.find((e) => e.from === from && e.to === to && e.kind === kind);
    if (same) {
      same.count++;
      return same;
    }
    const edge: HierarchyEdge = { from, to, kind, neuron, gamma, ...(sign !== undefined ? { sign } : {}), count: 1 };
    this.edges.push(edge);
    return edge;
  }
}
