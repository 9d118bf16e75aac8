/**
 * Canonical form of a two-layer network up to its exact symmetries, for deduplicating critical
 * points: units are unordered (permutation), units with equal incoming weights and bias act as
 * one unit with the summed outgoing weight (the split manifold, paper Thm. 3.1), units without
 * outgoing weight do nothing, and a ReLU unit (w, b, a) equals (c·w, c·b, a/c) for c > 0
 * (compared as the direction u/‖u‖ with outgoing a·‖u‖). Two forms match when a minimum-cost
 * assignment pairs every unit within the tolerance.
 */
import { minCostAssignment } from '../neurons/assignment';
import { unitParameters } from '../neurons/surgery';
import type { Network } from '../core/types';
import { HierarchyError } from './types';
import { pushAll } from '../core/hypot';

export interface CanonicalUnit {
  /** Incoming weights then bias (normalized for ReLU). */
  readonly u: Float64Array;
  /** Outgoing weights (summed over merged copies; scaled by ‖u‖ for ReLU). */
  readonly a: Float64Array;
  /** Original unit indices merged into this one. */
  readonly members: number[];
}

export interface CanonicalForm {
  readonly units: CanonicalUnit[];
  /** Output biases (zeros when the output layer has none). */
  readonly c: Float64Array;
}

function dist(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - y[i]) ** 2;
  return Math.sqrt(s);
}

function norm(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s);
}

export function checkTwoLayer(network: Network): void {
  if (network.architecture.layers.length !== 2)
    throw new HierarchyError(`the hierarchy needs two-layer networks, got ${network.architecture.layers.length} layers`);
}

export function canonicalForm(network: Network, tolerance: number): CanonicalForm {
  checkTwoLayer(network);
  const [hidden, output] = network.architecture.layers as readonly [(typeof network.architecture.layers)[0], (typeof network.architecture.layers)[0]];
  const relu = hidden.activation === 'relu';
  const raw = Array.from({ length: hidden.outputs }, (_, j) => {
    const p = unitParameters(network, 0, j);
    const u = Float64Array.from([...p.incoming, p.bias]);
    const a = Float64Array.from(p.outgoing);
    if (relu) {
      const n = norm(u);
      if (n > 0) {
        for (let i = 0; i < u.length; i++) u[i] /= n;
        for (let i = 0; i < a.length; i++) a[i] *= n;
      }
    }
    return { u, a, members: [j] };
  });
  const merged: CanonicalUnit[] = [];
  for (const unit of raw) {
    const twin = merged.find((m) => dist(m.u, unit.u) <= tolerance * (1 + norm(unit.u)));
    if (twin) {
      for (let i = 0; i < twin.a.length; i++) twin.a[i] += unit.a[i];
      pushAll(twin.members, unit.members);
    } else merged.push({ u: Float64Array.from(unit.u), a: Float64Array.from(unit.a), members: [...unit.members] });
  }
  const scale = merged.reduce((mx, m) => Math.max(mx, norm(m.a)), 1);
  const units = merged.filter((m) => norm(m.a) > tolerance * scale);
  const c = new Float64Array(output.outputs);
  if (output.bias) {
    const theta = network.theta;
    const biasAt = theta.length - output.outputs;
    for (let k = 0; k < output.outputs; k++) c[k] = theta[biasAt + k];
  }
  return { units, c };
}

/** Whether two canonical forms describe the same point (same reduced units within tolerance). */
export function sameCanonical(x: CanonicalForm, y: CanonicalForm, tolerance: number): boolean {
  if (x.units.length !== y.units.length || x.c.length !== y.c.length) return false;
  if (dist(x.c, y.c) > tolerance * (1 + norm(x.c))) return false;
  const cost = x.units.map((p) => y.units.map((q) => Math.max(dist(p.u, q.u) / (1 + norm(p.u)), dist(p.a, q.a) / (1 + norm(p.a)))));
  if (cost.length === 0) return true;
  const match = minCostAssignment(cost);
  return match.every((col, row) => cost[row][col] <= tolerance);
}
