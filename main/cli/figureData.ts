/**
 * The props of each figure from the CLI's inputs (stored runs, checkpoints, explorations): the
 * same data the studio's panels hand to the same figure components.
 */
import { analyzePoint, teacherNetwork, type Dataset, type Network } from '../../native-workers/engine';
import type { HierarchyGraph } from '../../contract/hierarchy';
import type { FigureCurve } from '../../renderer/src/figures/LossCurvesFigure';
import { phasesOf } from '../../renderer/src/figures/phases';
import { exploredHierarchy } from '../../renderer/src/panels/exploredHierarchy';
import { hierarchy, type HierarchyEdge, type HierarchyRun } from '../../renderer/src/panels/hierarchyData';
import type { HierarchyFigureNode } from '../../renderer/src/figures/hierarchyLayout';
import { incomingWeights } from '../../renderer/src/panels/weightSpaceData';
import type { HierarchyRecord } from '../workspace/hierarchies';
import type { RunArrays, RunRecord } from '../workspace/records';

export interface LoadedRun {
  readonly record: RunRecord;
  readonly arrays: RunArrays;
}

export function runLabel(s: RunRecord['summary']): string {
  return `${s.name ?? s.runId}: ${s.spec.teacher} m = ${s.spec.width}, ${s.spec.method}, seed ${s.spec.seed}`;
}

/** θ of a run: final, initial, or trajectory snapshot k. */
export function runTheta(run: LoadedRun, which: 'final' | 'initial', snapshot: number | undefined): Float64Array {
  if (snapshot === undefined) return which === 'final' ? run.arrays.finalTheta : run.arrays.initialTheta;
  const P = run.record.summary.parameterCount;
  const count = run.arrays.trajectoryTime.length;
  if (snapshot >= count) throw new Error(`--snapshot: ${snapshot} is out of range, the run has ${count} snapshots (0…${count - 1})`);
  return run.arrays.trajectoryTheta.slice(snapshot * P, (snapshot + 1) * P);
}

export function spectrumProps(network: Network, data: Dataset) {
  const a = analyzePoint(network, data);
  return { eigenvalues: Array.from(a.eigenvalues), classification: a.classification, reason: a.reason };
}

export function curveOf(run: LoadedRun): FigureCurve {
  const s = run.record.summary;
  const phases = phasesOf(run.record);
  return { id: s.runId, label: runLabel(s), time: Array.from(run.arrays.curveTime), loss: Array.from(run.arrays.curveLoss), ...(phases ? { phases } : {}) };
}

/** The split copies of a split run: the split neuron and the new last one (0-based). */
function splitCopies(s: RunRecord['summary']): number[] {
  const origin = (s as { origin?: { kind?: string; neuron?: number } }).origin;
  return origin?.kind === 'split' && typeof origin.neuron === 'number' ? [origin.neuron, s.spec.width - 1] : [];
}

export function weightsProps(run: LoadedRun) {
  const s = run.record.summary;
  const first = run.record.architecture.layers[0];
  const P = s.parameterCount;
  const T = run.arrays.trajectoryTime.length;
  if (T === 0) throw new Error(`run ${s.runId} has no recorded trajectory`);
  const snapshots = Array.from({ length: T }, (_, k) => Array.from(run.arrays.trajectoryTheta.subarray(k * P, (k + 1) * P)));
  const teacher = teacherNetwork(s.spec.teacher);
  const t0 = teacher.architecture.layers[0];
  const teacherTheta = Array.from(teacher.theta);
  return {
    snapshots,
    inputDim: first.inputs,
    hiddenWidth: first.outputs,
    teacherWeights: Array.from({ length: t0.outputs }, (_, j) => incomingWeights(teacherTheta, t0.inputs, j)),
    splitCopies: splitCopies(s),
    currentIndex: T - 1,
  };
}

export function exploredProps(record: HierarchyRecord): { nodes: HierarchyFigureNode[]; edges: HierarchyEdge[] } {
  // The figure needs no θ; the stored record keeps only its length.
  const nodes = record.nodes.map((n) => ({ ...n, theta: new Float64Array(0) })) as unknown as HierarchyGraph['nodes'];
  return exploredHierarchy({ nodes, edges: record.edges });
}

export function runsHierarchyProps(summaries: readonly RunRecord['summary'][]): { nodes: HierarchyFigureNode[]; edges: HierarchyEdge[] } {
  const runs: HierarchyRun[] = summaries.map((r) => ({
    runId: r.runId,
    name: r.name,
    origin: r.origin,
    width: r.spec.width,
    finalLoss: r.result.finalLoss,
    success: r.result.success,
    classification: r.result.classification,
  }));
  const data = hierarchy(runs);
  return { nodes: data.nodes.map((n) => ({ ...n, hits: Math.max(1, n.runIds.length) })), edges: data.edges };
}
