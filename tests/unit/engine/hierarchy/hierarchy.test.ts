import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePoint } from '../../../../native-workers/engine/analysis';
import { canonicalForm, exploreHierarchy, HierarchyError, sameCanonical } from '../../../../native-workers/engine/hierarchy';
import { HierarchyBuilder } from '../../../../native-workers/engine/hierarchy/graph';
import { twoLayerArchitecture } from '../../../../native-workers/engine/core/layout';
import { predict } from '../../../../native-workers/engine/derivatives/forward';
import { createLossEvaluator } from '../../../../native-workers/engine/derivatives/loss';
import { rebuildLayer, splitNeuron, unitParameters } from '../../../../native-workers/engine/neurons';
import { teacherDataset } from '../../../../native-workers/engine/teachers/teachers';
import type { HierarchyGraph } from '../../../../native-workers/engine/hierarchy';
import type { Dataset, Network } from '../../../../native-workers/engine/core/types';
import { lcg, uniformVector } from '../../helpers/randomNetwork';

/** Independent loss through the general (reference) kernel. */
function generalLoss(network: Network, data: Dataset): number {
  return createLossEvaluator(network.architecture, data, { kernel: 'general' }).loss(network.theta);
}

/** The same network with its hidden units in the given order. */
function permuted(network: Network, order: readonly number[]): Network {
  return rebuildLayer(network, 0, order.map((j) => unitParameters(network, 0, j)));
}

describe('canonical form: neuron permutation, split and ReLU rescaling symmetries', () => {
  const arch = twoLayerArchitecture(2, 4, 1, 'softplus');
  const net: Network = { architecture: arch, theta: uniformVector(17, lcg(3), 1.5) };
  const tol = 1e-9;

  it('a permuted network has the same form; a perturbed one does not', () => {
    const p = permuted(net, [2, 0, 3, 1]);
    expect(Array.from(p.theta)).not.toEqual(Array.from(net.theta));
    expect(sameCanonical(canonicalForm(net, tol), canonicalForm(p, tol), tol)).toBe(true);
    const moved = { ...p, theta: Float64Array.from(p.theta, (x, i) => (i === 5 ? x + 1e-6 : x)) };
    expect(sameCanonical(canonicalForm(net, tol), canonicalForm(moved, tol), tol)).toBe(false);
  });

  it('split copies merge back into the unit they came from, for any γ', () => {
    const base = canonicalForm(net, tol);
    for (const gamma of [0.5, 0.2, 1.7, 1]) {
      const split = splitNeuron(net, { layer: 0, neuron: 1, gamma }).network;
      const form = canonicalForm(permuted(split, [4, 0, 2, 1, 3]), tol);
      expect(form.units.length).toBe(4);
      expect(sameCanonical(base, form, tol), `γ = ${gamma}`).toBe(true);
    }
  });

  it('ReLU units are compared up to positive rescaling (w, b, a) → (c·w, c·b, a/c)', () => {
    const relu: Network = { architecture: twoLayerArchitecture(2, 3, 1, 'relu'), theta: uniformVector(13, lcg(4)) };
    // layout: W (3×2) at 0…5, b at 6…8, a at 9…11, c at 12; unit 1 owns 2, 3, 7 and 10
    const r = Float64Array.from(relu.theta);
    for (const i of [2, 3, 7]) r[i] *= 2.5;
    r[10] /= 2.5;
    const scaled = Float64Array.from(relu.theta);
    for (const i of [2, 3, 7]) scaled[i] *= 2.5; // incoming only: a different function
    const a = canonicalForm(relu, tol);
    expect(sameCanonical(a, canonicalForm({ ...relu, theta: r }, tol), tol)).toBe(true);
    expect(sameCanonical(a, canonicalForm({ ...relu, theta: scaled }, tol), tol)).toBe(false);
  });

  it('the builder finds a stored node from a permuted copy, only at the same width', () => {
    const data = teacherDataset('fig6', { samples: 20, dataSeed: 2 });
    const builder = new HierarchyBuilder(1e-9);
    const node = builder.add(net, analyzePoint(net, data, { maxEscapeDirections: 0 }), 'seed', 1);
    const p = permuted(net, [3, 2, 1, 0]);
    expect(builder.find(p, generalLoss(p, data))?.id).toBe(node.id);
    const split = splitNeuron(net, { layer: 0, neuron: 0, gamma: 0.5 }).network;
    expect(builder.find(split, generalLoss(split, data))).toBeNull();
    expect(() => canonicalForm({ architecture: { layers: [...arch.layers, arch.layers[1]] }, theta: new Float64Array(19) }, tol)).toThrow(
      HierarchyError,
    );
  });
});

describe('unfinished descents are merged by what they compute', () => {
  it('a not-critical point matches a slightly moved copy only in the loose, functional comparison', () => {
    const data = teacherDataset('fig6', { samples: 25, dataSeed: 4 });
    const arch = twoLayerArchitecture(2, 3, 1, 'softplus');
    const base: Network = { architecture: arch, theta: uniformVector(13, lcg(8)) };
    const analysis = analyzePoint(base, data, { maxEscapeDirections: 0 });
    expect(analysis.classification).toBe('not-critical');
    const outputsOf = (n: Network) => predict(n.architecture, n.theta, data.X, data.count);
    const builder = new HierarchyBuilder(1e-8, 1e-3, outputsOf);
    const node = builder.add(base, analysis, 'escape');
    const moved = permuted({ ...base, theta: Float64Array.from(base.theta, (x, i) => (i === 0 ? x + 2e-5 : x)) }, [2, 1, 0]);
    const L = generalLoss(moved, data);
    expect(builder.find(moved, L, false)).toBeNull();
    expect(builder.find(moved, L, true)?.id).toBe(node.id);
    const far = { ...base, theta: Float64Array.from(base.theta, (x, i) => (i === 0 ? x + 0.3 : x)) };
    expect(builder.find(far, generalLoss(far, data), true)).toBeNull();
  });
});

describe('degenerate (flat) points are merged by what they compute', () => {
  it('two points of one flat manifold are one node; a different function, or a non-flat point, is not', () => {
    const data = teacherDataset('fig6', { samples: 30, dataSeed: 5 });
    const arch = twoLayerArchitecture(2, 3, 1, 'softplus');
    // unit 2 has an outgoing weight of 1e-7: moving its incoming weights by 1e-3 changes the
    // parameters far beyond the canonical tolerance but the outputs by ~1e-10 (the manifold a
    // degenerate critical point lies on, when that weight is 0)
    const base: Network = { architecture: arch, theta: uniformVector(13, lcg(11)) };
    const a2 = 2 * 3 + 3 + 2; // W (3×2), b (3), a (3): unit 2's outgoing weight
    base.theta[a2] = 1e-7;
    const outputsOf = (n: Network) => predict(n.architecture, n.theta, data.X, data.count);
    const builder = new HierarchyBuilder(1e-8, 1e-3, outputsOf);
    const analysis = { ...analyzePoint(base, data, { maxEscapeDirections: 0 }), classification: 'flat' as const };
    const node = builder.add(base, analysis, 'escape');
    const moved = { ...base, theta: Float64Array.from(base.theta, (x, i) => (i === 4 || i === 5 ? x + 1e-3 : x)) };
    const L = generalLoss(moved, data);
    expect(sameCanonical(canonicalForm(base, 1e-8), canonicalForm(moved, 1e-8), 1e-8)).toBe(false);
    expect(builder.find(moved, L, false)).toBeNull();
    expect(builder.find(moved, L, 'flat')?.id).toBe(node.id);
    // another function at (nearly) the same loss level is another node
    const other = { ...base, theta: Float64Array.from(base.theta, (x, i) => (i === 0 ? x + 1e-2 : x)) };
    expect(builder.find(other, L, 'flat')).toBeNull();
    // a stored node that is not flat is not matched by function
    const strict = new HierarchyBuilder(1e-8, 1e-3, outputsOf);
    strict.add(base, { ...analysis, classification: 'strict-saddle' }, 'escape');
    expect(strict.find(moved, L, 'flat')).toBeNull();
  });
});

describe('exploreHierarchy on the fig6 teacher (40 samples, widths 2–4, 2 seeds)', () => {
  const data = teacherDataset('fig6', { samples: 40, dataSeed: 1 });
  const fractions: number[] = [];
  let graph: HierarchyGraph;
  beforeAll(() => {
    graph = exploreHierarchy(
    {
      data,
      activation: 'softplus',
      widths: [2, 3, 4],
      seedsPerWidth: 2,
      gammas: [0.5],
      nudge: 1e-3,
      train: { method: 'minimize', extraPolishSteps: 300 },
    },
    { onProgress: (p) => fractions.push(p.fraction) },
    );
  }, 60_000);
  const node = (id: number) => graph.nodes[id];
  const net = (id: number): Network => ({ architecture: twoLayerArchitecture(2, node(id).width, 1, 'softplus'), theta: node(id).theta });

  it('trains every seed, splits minima and follows escapes', () => {
    expect(graph.stopped).toBe(false);
    expect(graph.nodes.filter((n) => n.origin === 'seed').reduce((s, n) => s + n.seeds.length, 0)).toBe(6);
    expect(graph.edges.some((e) => e.kind === 'split')).toBe(true);
    expect(graph.edges.some((e) => e.kind === 'escape')).toBe(true);
    expect(new Set(graph.nodes.map((n) => n.width))).toEqual(new Set([2, 3, 4]));
    expect(graph.runs).toBeGreaterThan(6);
    expect(fractions.length).toBeGreaterThan(3);
    for (const f of fractions) expect(f >= 0 && f <= 1).toBe(true);
  });

  it('node losses are the networks’ losses and never increase along escape edges', () => {
    for (const n of graph.nodes) expect(Math.abs(generalLoss(net(n.id), data) - n.loss) / n.loss).toBeLessThan(1e-12);
    for (const e of graph.edges.filter((x) => x.kind === 'escape')) {
      expect(node(e.to).width).toBe(node(e.from).width);
      expect(generalLoss(net(e.to), data)).toBeLessThan(generalLoss(net(e.from), data));
    }
  });

  it('each split edge goes one width up and preserves the loss to 1e-12', () => {
    for (const e of graph.edges.filter((x) => x.kind === 'split')) {
      expect(node(e.to).width).toBe(node(e.from).width + 1);
      expect(['local-min', 'flat', 'kink-stationary']).toContain(node(e.from).classification);
      const before = generalLoss(net(e.from), data);
      expect(Math.abs(generalLoss(net(e.to), data) - before) / before).toBeLessThan(1e-12);
      expect(node(e.to).reducedWidth).toBe(node(e.from).reducedWidth);
    }
  });

  it('duplicates are merged: no two nodes of a width are equal up to symmetry, permuted nodes map to themselves', () => {
    const tol = 1e-5;
    for (const a of graph.nodes) {
      for (const b of graph.nodes) {
        if (a.id >= b.id || a.width !== b.width) continue;
        expect(sameCanonical(canonicalForm(net(a.id), tol), canonicalForm(net(b.id), tol), tol), `${a.id} vs ${b.id}`).toBe(false);
      }
    }
    const builder = new HierarchyBuilder(tol);
    for (const n of graph.nodes) builder.add(net(n.id), analyzePoint(net(n.id), data, { maxEscapeDirections: 0 }), n.origin);
    for (const n of graph.nodes) {
      const order = Array.from({ length: n.width }, (_, j) => (j + 1) % n.width);
      const p = permuted(net(n.id), order);
      expect(builder.find(p, generalLoss(p, data))?.id).toBe(n.id);
    }
  });

  it('escape edges are deduplicated and every edge joins existing nodes', () => {
    const keys = graph.edges.map((e) => `${e.kind}:${e.from}>${e.to}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const e of graph.edges) {
      expect(e.from).toBeLessThan(graph.nodes.length);
      expect(e.to).toBeLessThan(graph.nodes.length);
      expect(e.count).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('exploreHierarchy control and validation', () => {
  const data = teacherDataset('fig6', { samples: 30, dataSeed: 3 });

  it('stops when shouldStop turns true and returns the graph so far', () => {
    let polls = 0;
    const graph = exploreHierarchy(
      { data, activation: 'softplus', widths: [2, 3], seedsPerWidth: 3, train: { extraPolishSteps: 50 } },
      { shouldStop: () => ++polls > 40 },
    );
    expect(graph.stopped).toBe(true);
    expect(graph.runs).toBeLessThan(6);
  });

  it('rejects bad options with a message naming the field', () => {
    expect(() => exploreHierarchy({ data, activation: 'softplus', widths: [], seedsPerWidth: 1 })).toThrow(/widths must list/);
    expect(() => exploreHierarchy({ data, activation: 'softplus', widths: [2, 0], seedsPerWidth: 1 })).toThrow(/widths\[1\]/);
    expect(() => exploreHierarchy({ data, activation: 'softplus', widths: [2], seedsPerWidth: 1.5 })).toThrow(/seedsPerWidth/);
    expect(() => exploreHierarchy({ data, activation: 'softplus', widths: [2], seedsPerWidth: 1, nudge: 0 })).toThrow(/nudge/);
    expect(() => exploreHierarchy({ data, activation: 'softplus', widths: [2], seedsPerWidth: 1, gammas: [NaN] })).toThrow(/gammas\[0\]/);
  });
});
