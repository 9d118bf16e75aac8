/**
 * Teacher alignment for two-layer networks: which teacher neurons did the student recover?
 * Neurons are compared by their incoming weights and bias u = [w, b]; for ReLU, whose units are
 * positively homogeneous, by the direction u/‖u‖ and the effective outgoing weight a·‖u‖.
 * Every student neuron joins the teacher neuron nearest to it (within tolerance); a teacher
 * neuron counts as recovered when its group's summed (effective) outgoing weights match its own,
 * so split copies of one neuron together recover it. A one-to-one Hungarian matching on the
 * incoming distance is reported too. With finite data a ReLU hyperplane is only determined up
 * to the gap between neighbouring samples, so zero-loss students can sit ~1e-3 away from the
 * teacher: choose the tolerance accordingly (default 1e-4 suits smooth activations).
 */
import { hypot } from '../core/hypot';
import type { Network } from '../core/types';
import { minCostAssignment } from './assignment';
import { NeuronOperationError } from './errors';
import { unitParameters } from './surgery';

export interface AlignmentPair {
  readonly teacher: number;
  readonly student: number;
  /** Distance between (normalized, for ReLU) incoming weight vectors. */
  readonly incomingDistance: number;
}

export interface AlignmentGroup {
  readonly teacher: number;
  readonly students: number[];
  /** Largest incoming distance within the group. */
  readonly incomingDistance: number;
  /** ‖Σ students' outgoing − teacher's outgoing‖. */
  readonly outgoingError: number;
  readonly recovered: boolean;
}

export interface Alignment {
  /** One-to-one matching minimizing the summed incoming distance. */
  readonly pairs: AlignmentPair[];
  readonly groups: AlignmentGroup[];
  readonly recovered: number;
  readonly recoveredTeacherNeurons: number[];
  /** Student neurons near no teacher neuron (e.g. zero-type or dead units). */
  readonly unmatchedStudents: number[];
  /** Sum of the matched pairs' incoming distances. */
  readonly distance: number;
  readonly tolerance: number;
}

interface Unit {
  readonly u: Float64Array;
  readonly a: Float64Array;
}

function units(network: Network, relu: boolean): Unit[] {
  const m = network.architecture.layers[0].outputs;
  return Array.from({ length: m }, (_, j) => {
    const p = unitParameters(network, 0, j);
    const u = Float64Array.from([...p.incoming, p.bias]);
    if (!relu) return { u, a: p.outgoing };
    const n = hypot(u);
    return n > 0 ? { u: u.map((x) => x / n), a: p.outgoing.map((x) => x * n) } : { u, a: p.outgoing.map(() => 0) };
  });
}

function dist(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - y[i]) ** 2;
  return Math.sqrt(s);
}

export function alignToTeacher(student: Network, teacher: Network, options: { tolerance?: number } = {}): Alignment {
  const S = student.architecture.layers;
  const T = teacher.architecture.layers;
  if (S.length !== 2 || T.length !== 2) throw new NeuronOperationError('teacher alignment needs two-layer networks');
  if (S[0].inputs !== T[0].inputs || S[1].outputs !== T[1].outputs)
    throw new NeuronOperationError(
      `student ${S[0].inputs}→…→${S[1].outputs} and teacher ${T[0].inputs}→…→${T[1].outputs} differ in input or output size`,
    );
  if (S[0].activation !== T[0].activation)
    throw new NeuronOperationError(`student activation ${S[0].activation} differs from teacher's ${T[0].activation}`);
  const tol = options.tolerance ?? 1e-4;
  const relu = S[0].activation === 'relu';
  const su = units(student, relu);
  const tu = units(teacher, relu);
  const cost = tu.map((t) => su.map((s) => dist(t.u, s.u)));

  const pairs: AlignmentPair[] = [];
  if (tu.length <= su.length) {
    minCostAssignment(cost).forEach((s, t) => pairs.push({ teacher: t, student: s, incomingDistance: cost[t][s] }));
  } else {
    const transposed = su.map((_, s) => tu.map((_, t) => cost[t][s]));
    minCostAssignment(transposed).forEach((t, s) => pairs.push({ teacher: t, student: s, incomingDistance: cost[t][s] }));
    pairs.sort((x, y) => x.teacher - y.teacher);
  }

  const members: number[][] = tu.map(() => []);
  const unmatchedStudents: number[] = [];
  su.forEach((_, s) => {
    let best = -1;
    for (let t = 0; t < tu.length; t++) if (best < 0 || cost[t][s] < cost[best][s]) best = t;
    if (best >= 0 && cost[best][s] <= tol * (1 + hypot(tu[best].u))) members[best].push(s);
    else unmatchedStudents.push(s);
  });
  const groups: AlignmentGroup[] = tu.map((t, ti) => {
    const students = members[ti];
    const sum = new Float64Array(t.a.length);
    for (const s of students) su[s].a.forEach((x, o) => (sum[o] += x));
    const outgoingError = dist(sum, t.a);
    const incomingDistance = students.reduce((mx, s) => Math.max(mx, cost[ti][s]), 0);
    const recovered = students.length > 0 && outgoingError <= tol * (1 + hypot(t.a));
    return { teacher: ti, students, incomingDistance, outgoingError, recovered };
  });
  const recoveredTeacherNeurons = groups.filter((g) => g.recovered).map((g) => g.teacher);
  return {
    pairs,
    groups,
    recovered: recoveredTeacherNeurons.length,
    recoveredTeacherNeurons,
    unmatchedStudents,
    distance: pairs.reduce((s, p) => s + p.incomingDistance, 0),
    tolerance: tol,
  };
}
