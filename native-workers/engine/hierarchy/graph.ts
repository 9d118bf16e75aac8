/**
 * The growing hierarchy: nodes deduplicated by canonical form per width, edges by transition.
 * Two points that both failed the critical-point test (descents still creeping along a flat
 * valley, or a unit running off to infinity along a channel with its outgoing weight → 0) are
 * compared by what they compute instead: their parameters are only as definite as the unfinished
 * descent, but equal losses and network outputs within `unconvergedTolerance` (relative RMS on
 * the data) mark the same end of the same valley.
 * Two degenerate ('flat') points are compared the same way, with the tight `flatTolerance`: a
 * plateau saddle or a degenerate minimum is a manifold of parameters computing one function (a
 * split width-3 minimum inside width 4, say), and descents end at different points of it, up to
 * 1e-5 apart in parameters, which the canonical form cannot merge. Measured on the fig6 teacher
 * (N = 1600, widths 2–4, 10 seeds): 43 'flat' width-4 nodes at L = 2.852523e-3 computed the same
 * outputs to 3.3e-8 relative RMS; the width-5 step then split every one of them (337 nodes).
 */
import type { PointAnalysis } from '../analysis/types';
import type { Network } from '../core/types';
import { canonicalForm, sameCanonical, type CanonicalForm } from './canonical';
import type { EdgeKind, HierarchyEdge, HierarchyNode, NodeOrigin } from './types';

export class HierarchyBuilder {
  readonly nodes: HierarchyNode[] = [];
  readonly edges: HierarchyEdge[] = [];
  private readonly forms: CanonicalForm[] = [];

  private readonly outputs: (Float64Array | null)[] = [];

  /**
   * @param outputsOf the network's outputs on the data (used for unconverged points only)
   */
  constructor(
    private readonly tolerance: number,
    private readonly unconvergedTolerance = tolerance,
    private readonly outputsOf: ((network: Network) => Float64Array) | null = null,
    private readonly flatTolerance = 1e-6,
  ) {}

  /** The existing node equal to this point up to symmetry (same width), or null. */
  /** `unconverged`: the point is not critical (true), degenerate ('flat'), or neither (false). */
  find(network: Network, loss: number, unconverged: boolean | 'flat' = false): HierarchyNode | null {
    const width = network.architecture.layers[0].outputs;
    let form: CanonicalForm | null = null;
    let out: Float64Array | null = null;
    for (let i = 0; i < this.nodes.length; i++) {
      const node = this.nodes[i];
      if (node.width !== width) continue;
      if (unconverged && node.classification === 'not-critical' && this.outputsOf) {
        const tol = this.unconvergedTolerance;
        if (Math.abs(node.loss - loss) > tol * Math.max(node.loss, loss)) continue;
        out ??= this.outputsOf(network);
        const stored = (this.outputs[i] ??= this.outputsOf({ architecture: network.architecture, theta: node.theta }));
        if (relativeRms(out, stored) <= tol) return node;
        continue;
      }
      // equal points have equal losses; this only skips the assignment
      if (Math.abs(node.loss - loss) > 1e-6 * Math.max(node.loss, loss) + 1e-300) continue;
      form ??= canonicalForm(network, this.tolerance);
      if (sameCanonical(this.forms[i], form, this.tolerance)) return node;
      if (unconverged === 'flat' && node.classification === 'flat' && this.outputsOf) {
        out ??= this.outputsOf(network);
        const stored = (this.outputs[i] ??= this.outputsOf({ architecture: network.architecture, theta: node.theta }));
        if (relativeRms(out, stored) <= this.flatTolerance) return node;
      }
    }
    return null;
  }

  add(network: Network, analysis: PointAnalysis, origin: NodeOrigin, seed?: number): HierarchyNode {
    const form = canonicalForm(network, this.tolerance);
    const node: HierarchyNode = {
      id: this.nodes.length,
      width: network.architecture.layers[0].outputs,
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
    this.outputs.push(null);
    return node;
  }

  /** Units of a node that are distinct up to the split symmetry (one representative each). */
  distinctUnits(node: HierarchyNode): number[] {
    return this.forms[node.id].units.map((u) => u.members[0]);
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

/** ‖x − y‖ / max(‖y‖, tiny). */
function relativeRms(x: Float64Array, y: Float64Array): number {
  let d = 0;
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    d += (x[i] - y[i]) ** 2;
    n += y[i] ** 2;
  }
  return Math.sqrt(d / Math.max(n, 1e-300));
}
