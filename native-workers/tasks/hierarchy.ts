/** The `hierarchy` task: explore the critical-point hierarchy across widths (paper Fig. 5). */
import type { HierarchyTaskResult } from '../../contract/hierarchy';
import { TASKS } from '../../contract/tasks';
import { exploreHierarchy } from '../engine';
import { teacherNetwork } from '../engine';
import { TaskCancelledError, type TaskContext } from '../pool/runtime';
import { InputError, toDataset } from './inputs';

export function hierarchyTask(raw: unknown, context: TaskContext): HierarchyTaskResult {
  const payload = TASKS.hierarchy.payload.parse(raw);
  const t0 = performance.now();
  const data = toDataset(payload.data);
  let activation = payload.activation;
  if (activation === null) {
    if (payload.data.kind !== 'teacher') throw new InputError('activation: required for inline data');
    activation = teacherNetwork(payload.data.teacher).architecture.layers[0].activation;
  }
  context.progress({ progress: 0, step: 0, loss: null });
  const graph = exploreHierarchy(
    {
      data,
      activation,
      widths: payload.widths,
      seedsPerWidth: payload.seedsPerWidth,
      firstSeed: payload.firstSeed,
      init: payload.init,
      gammas: payload.gammas,
      nudge: payload.nudge,
      maxNodes: payload.maxNodes,
      ...(payload.lossTarget !== null ? { lossTarget: payload.lossTarget } : {}),
      train: { method: payload.method, ...(payload.maxSteps !== null ? { maxSteps: payload.maxSteps } : {}) },
    },
    {
      shouldStop: context.shouldStop,
      onProgress: (p) => context.progress({ progress: p.fraction, step: p.runs, loss: null }),
    },
  );
  if (context.shouldStop()) throw new TaskCancelledError('hierarchy exploration cancelled');
  context.progress({ progress: 1, step: graph.runs, loss: null });
  return {
    nodes: graph.nodes.map((n) => ({
      id: n.id,
      width: n.width,
      loss: n.loss,
      gradNorm: n.gradNorm,
      classification: n.classification,
      index: n.index,
      minEigenvalue: n.minEigenvalue,
      theta: Float64Array.from(n.theta),
      origin: n.origin,
      reducedWidth: n.reducedWidth,
      hits: n.hits,
      seeds: [...n.seeds],
    })),
    edges: graph.edges.map((e) => ({
      from: e.from,
      to: e.to,
      kind: e.kind,
      neuron: e.neuron,
      gamma: e.gamma,
      sign: e.sign ?? null,
      count: e.count,
    })),
    widths: [...graph.widths],
    activation,
    inputDim: data.inputDim,
    outputDim: data.outputDim,
    runs: graph.runs,
    truncated: graph.stopped,
    uphill: graph.uphill,
    seconds: (performance.now() - t0) / 1000,
  };
}
