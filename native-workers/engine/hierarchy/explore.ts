/**
 * Critical-point hierarchy explorer (the paper's Fig. 5): train several seeds per width, classify
 * the end points, split every minimum's (distinct) neurons with each γ (paper §3.1: the split
 * point is critical with the same loss, one width up), nudge along the escape direction (the
 * eigenvector of the most negative Hessian eigenvalue, both signs; when the split point has none,
 * along the split-difference direction of the copies) and descend. Points equal up to neuron
 * permutation, the split symmetry and ReLU rescaling are one node (canonical.ts). Edges:
 * 'split' minimum → split point (equal loss), 'escape' split point → where the descent ended
 * (only when the loss went down). New minima found at width m + 1 are split in turn.
 */
import { analyzePoint } from '../analysis/analyze';
import type { Classification, PointAnalysis } from '../analysis/types';
import { predict } from '../derivatives/forward';
import { initialize } from '../core/init';
import { twoLayerArchitecture } from '../core/layout';
import { splitNeuron } from '../neurons/split';
import { Rng } from '../core/random';
import { SUCCESS_LOSS } from '../core/success';
import { networkObjective } from '../train/objective';
import { polish } from '../train/polish';
import { trainNetwork, type TrainOptions } from '../train/train';
import type { Architecture, Network } from '../core/types';
import { HierarchyBuilder } from './graph';
import {
  HierarchyError,
  type HierarchyCallbacks,
  type HierarchyGraph,
  type HierarchyNode,
  type HierarchyOptions,
  type HierarchyPhase,
} from './types';
import { hypot } from '../core/hypot';

const DEFAULT_SPLIT_CLASSES: readonly Classification[] = ['local-min', 'kink-min', 'kink-stationary', 'flat'];

function validate(options: HierarchyOptions): void {
  const { widths, seedsPerWidth, data } = options;
  if (widths.length === 0) throw new HierarchyError('widths must list at least one width');
  widths.forEach((w, i) => {
    if (!Number.isInteger(w) || w < 1) throw new HierarchyError(`widths[${i}] must be a positive integer, got ${w}`);
  });
  if (!Number.isInteger(seedsPerWidth) || seedsPerWidth < 0)
    throw new HierarchyError(`seedsPerWidth must be a non-negative integer, got ${seedsPerWidth}`);
  (options.gammas ?? []).forEach((g, i) => {
    if (!Number.isFinite(g)) throw new HierarchyError(`gammas[${i}] must be a finite number, got ${g}`);
  });
  const nudge = options.nudge ?? 1e-3;
  if (!(nudge > 0) || !Number.isFinite(nudge)) throw new HierarchyError(`nudge must be a positive number, got ${nudge}`);
  for (const key of ['dedupTolerance', 'unconvergedTolerance', 'flatTolerance'] as const) {
    const tol = options[key] ?? 1e-5;
    if (!(tol > 0) || !Number.isFinite(tol)) throw new HierarchyError(`${key} must be a positive number, got ${tol}`);
  }
  if (data.outputDim < 1 || data.count < 1) throw new HierarchyError('data must have at least one sample and one output');
}

export function exploreHierarchy(options: HierarchyOptions, callbacks: HierarchyCallbacks = {}): HierarchyGraph {
  validate(options);
  const { data, activation, seedsPerWidth } = options;
  const widths = [...new Set(options.widths)].sort((a, b) => a - b);
  const maxWidth = widths[widths.length - 1];
  const gammas = options.gammas && options.gammas.length > 0 ? options.gammas : [0.5];
  const nudge = options.nudge ?? 1e-3;
  const lossTarget = options.lossTarget ?? SUCCESS_LOSS;
  const splitClasses = new Set(options.splitClasses ?? DEFAULT_SPLIT_CLASSES);
  const maxNodes = options.maxNodes ?? 500;
  const firstSeed = options.firstSeed ?? 1;
  const trainSettings = options.train ?? {};
  const extraPolish = trainSettings.extraPolishSteps ?? 1000;
  const shouldStop = callbacks.shouldStop ?? (() => false);
  const builder = new HierarchyBuilder(
    options.dedupTolerance ?? 1e-5,
    options.unconvergedTolerance ?? 1e-3,
    (network) => predict(network.architecture, network.theta, data.X, data.count),
    options.flatTolerance ?? 1e-6,
  );
  const architectures = new Map<number, Architecture>();
  const arch = (m: number): Architecture => {
    let a = architectures.get(m);
    if (!a) {
      a = twoLayerArchitecture(data.inputDim, m, data.outputDim, activation, {
        hiddenBias: options.hiddenBias ?? true,
        outputBias: options.outputBias ?? true,
      });
      architectures.set(m, a);
    }
    return a;
  };

  let runs = 0;
  let uphill = 0;
  let stopped = false;
  // planned work: seed runs plus descents queued so far (grows as minima appear)
  let planned = widths.length * seedsPerWidth;
  let done = 0;
  const report = (phase: HierarchyPhase, width: number): void => {
    callbacks.onProgress?.({
      fraction: planned > 0 ? Math.min(1, done / planned) : 1,
      phase,
      width,
      nodes: builder.nodes.length,
      edges: builder.edges.length,
      runs,
    });
  };
  const stop = (): boolean => {
    if (!stopped && (shouldStop() || builder.nodes.length >= maxNodes)) stopped = true;
    return stopped;
  };

  const analyze = (network: Network): PointAnalysis =>
    analyzePoint(network, data, { lossTarget, maxEscapeDirections: 1 });

  /** Trains from θ₀; null when cancelled or the loss is not finite. */
  const descend = (architecture: Architecture, theta0: Float64Array): Network | null => {
    const trainOptions: TrainOptions = {
      method: trainSettings.method ?? 'minimize',
      lossTarget,
      shouldStop,
      ...(trainSettings.maxSteps !== undefined ? { maxSteps: trainSettings.maxSteps } : {}),
      ...(trainSettings.maxTime !== undefined ? { maxTime: trainSettings.maxTime } : {}),
      ...(trainSettings.learningRate !== undefined ? { learningRate: trainSettings.learningRate } : {}),
      snapshots: 2,
      curvePoints: 2,
    };
    runs++;
    const result = trainNetwork({ architecture, theta: theta0 }, data, trainOptions);
    if (result.stoppedBy === 'stopped' || !Number.isFinite(result.loss)) return null;
    let theta = result.theta;
    if (extraPolish > 0 && result.loss >= lossTarget && !shouldStop()) {
      const g = new Float64Array(theta.length);
      const objective = networkObjective(architecture, data);
      objective.lossAndGradient(theta, g);
      // skipped when the descent already ended converged
      if (!(hypot(g) <= 1e-10)) {
        const p = polish(objective, theta, { maxSteps: extraPolish, patience: 100, lossTarget, shouldStop, snapshots: 2, curvePoints: 2 });
        if (p.stoppedBy !== 'stopped' && p.loss <= result.loss) theta = p.theta;
      }
    }
    return { architecture, theta };
  };

  /** The node for this point: an existing one up to symmetry, or a new one. */
  const place = (network: Network, origin: HierarchyNode['origin'], seed?: number, given?: PointAnalysis): HierarchyNode => {
    const analysis = given ?? analyze(network);
    const c = analysis.classification;
    const existing = builder.find(network, analysis.loss, c === 'not-critical' ? true : c === 'flat' ? 'flat' : false);
    if (existing) {
      existing.hits++;
      if (seed !== undefined) existing.seeds.push(seed);
      return existing;
    }
    return builder.add(network, analysis, origin, seed);
  };

  const splitQueue: HierarchyNode[] = [];
  const queued = new Set<number>();
  const enqueue = (node: HierarchyNode): void => {
    if (node.width >= maxWidth || queued.has(node.id) || !splitClasses.has(node.classification)) return;
    queued.add(node.id);
    splitQueue.push(node);
    planned += builder.distinctUnits(node).length * gammas.length * 2;
  };

  for (const m of widths) {
    // minima of narrower widths first, so that their escapes land before this width's seeds
    while (splitQueue.length > 0 && splitQueue[0].width < m && !stop()) explore(splitQueue.shift()!);
    for (let s = 0; s < seedsPerWidth && !stop(); s++) {
      const seed = firstSeed + s;
      const architecture = arch(m);
      const end = descend(architecture, initialize(architecture, options.init ?? 'glorot_normal', new Rng(seed)));
      done++;
      if (!end) continue;
      enqueue(place(end, 'seed', seed));
      report('seed', m);
    }
  }
  while (splitQueue.length > 0 && !stop()) explore(splitQueue.shift()!);
  report('escape', maxWidth);

  function explore(node: HierarchyNode): void {
    const parent: Network = { architecture: arch(node.width), theta: node.theta };
    for (const neuron of builder.distinctUnits(node)) {
      for (const gamma of gammas) {
        if (stop()) return;
        const split = splitNeuron(parent, { layer: 0, neuron, gamma });
        // analyzed even when the node exists: another γ gives another point of the manifold
        const analysis = analyze(split.network);
        const splitNode = place(split.network, 'split', undefined, analysis);
        builder.addEdge(node.id, splitNode.id, 'split', neuron, gamma);
        report('split', node.width + 1);
        const escape = analysis.escapeDirections[0]?.vector;
        for (const sign of [1, -1] as const) {
          if (stop()) return;
          let start: Float64Array;
          if (escape) start = Float64Array.from(split.network.theta, (x, i) => x + sign * nudge * escape[i]);
          else {
            // no negative curvature: separate the copies along a seeded split-difference direction
            const spec = parent.architecture.layers[0];
            const rng = new Rng(1000003 * (node.id + 1) + 7919 * neuron).fork(gammas.indexOf(gamma));
            const direction = Float64Array.from({ length: spec.inputs + (spec.bias ? 1 : 0) }, () => rng.normal());
            start = splitNeuron(parent, { layer: 0, neuron, gamma, perturb: sign * nudge, direction }).network.theta;
          }
          const end = descend(split.network.architecture, start);
          done++;
          if (!end) continue;
          const target = place(end, 'escape');
          if (target.id === splitNode.id) continue;
          if (target.loss < splitNode.loss) {
            builder.addEdge(splitNode.id, target.id, 'escape', neuron, gamma, sign);
            enqueue(target);
          } else uphill++;
          report('escape', node.width + 1);
        }
      }
    }
  }

  return { nodes: builder.nodes, edges: builder.edges, widths, runs, stopped, uphill };
}
