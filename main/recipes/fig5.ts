/**
 * fig5-hierarchy (paper Fig. 5, §3.1): the critical-point hierarchy across widths, found by the
 * engine's explorer (native-workers/engine/hierarchy): seeds trained at every width, each minimum
 * split one width up (a critical point with the same loss), nudged along its escape direction and
 * descended. Drawn like Fig. 5: loss vs width, nodes by classification, split and escape edges.
 * One run (the whole exploration): a cancel loses it, --resume reruns it.
 */
import { CLASSIFICATIONS, exploreHierarchy, teacherDataset, teacherNetwork, TEACHER_NAMES, type HierarchyGraph, type TeacherName } from '../../native-workers/engine';
import { checkKnown, intParam, widthsParam } from './params';
import { chartSvg, type Series } from './plot';
import { RecipeError, type RecipeDefinition, type RecipeOutput, type RecipeParams, type RunRecord } from './types';

const ORIGINS = ['seed', 'split', 'escape'] as const;
const EDGE_KINDS = ['split', 'escape'] as const;
const CLASS_COLORS: Record<string, string> = {
  'global-min': '#2ca02c',
  'local-min': '#d62728',
  'strict-saddle': '#1f77b4',
  flat: '#ff7f0e',
  'kink-min': '#8c564b',
  'kink-stationary': '#9467bd',
};

function teacherParam(given: Partial<RecipeParams>, defaults: RecipeParams): TeacherName {
  const v = given.teacher ?? defaults.teacher;
  if (typeof v !== 'string' || !(TEACHER_NAMES as readonly string[]).includes(v)) throw new RecipeError(`--teacher must be one of ${TEACHER_NAMES.join(', ')}, got ${String(v)}`);
  return v as TeacherName;
}

function explore(params: RecipeParams, stopped: () => boolean, progress: (fraction: number) => void = () => undefined): RunRecord {
  const t0 = performance.now();
  const teacher = params.teacher as TeacherName;
  const data = teacherDataset(teacher, { samples: params.samples as number });
  const activation = teacherNetwork(teacher).architecture.layers[0].activation;
  const widths = params.widths as number[];
  const graph = exploreHierarchy(
    { data, activation, widths, seedsPerWidth: params.seeds as number, maxNodes: params.maxNodes as number, train: { maxSteps: params.maxSteps as number } },
    // `fraction` counts descents done over descents planned so far (the plan grows as minima appear).
    { shouldStop: stopped, onProgress: (p) => progress(p.fraction) },
  );
  const lowest = graph.nodes.length ? Math.min(...graph.nodes.map((n) => n.loss)) : NaN;
  return {
    id: `hierarchy-m${widths.join('_')}-s${params.seeds as number}`,
    condition: 'hierarchy',
    width: widths[widths.length - 1],
    seed: 1,
    loss: lowest,
    gradNorm: 0,
    classification: null,
    stoppedBy: graph.stopped ? 'stopped' : 'explored',
    steps: graph.runs,
    odeTime: null,
    seconds: (performance.now() - t0) / 1000,
    finalTheta: [],
    extra: graphArrays(graph),
  };
}

/** The graph as numeric columns (classification / origin / kind as indices into the lists in the summary). */
function graphArrays(graph: HierarchyGraph): Record<string, number[]> {
  return {
    node_width: graph.nodes.map((n) => n.width),
    node_loss: graph.nodes.map((n) => n.loss),
    node_grad_norm: graph.nodes.map((n) => n.gradNorm),
    node_class: graph.nodes.map((n) => CLASSIFICATIONS.indexOf(n.classification)),
    node_index: graph.nodes.map((n) => n.index),
    node_origin: graph.nodes.map((n) => ORIGINS.indexOf(n.origin)),
    node_hits: graph.nodes.map((n) => n.hits),
    node_reduced_width: graph.nodes.map((n) => n.reducedWidth),
    edge_from: graph.edges.map((e) => e.from),
    edge_to: graph.edges.map((e) => e.to),
    edge_kind: graph.edges.map((e) => EDGE_KINDS.indexOf(e.kind)),
    edge_count: graph.edges.map((e) => e.count),
    runs: [graph.runs],
    uphill: [graph.uphill],
  };
}

const lg = (v: number) => Math.log10(Math.max(v, 1e-32));

export function fig5Output(params: RecipeParams, run: RunRecord): RecipeOutput {
  const x = run.extra!;
  const nodes = x.node_width.map((width, i) => ({
    id: i,
    width,
    loss: x.node_loss[i],
    classification: CLASSIFICATIONS[x.node_class[i]],
    index: x.node_index[i],
    origin: ORIGINS[x.node_origin[i]],
    hits: x.node_hits[i],
    reducedWidth: x.node_reduced_width[i],
  }));
  const edges = x.edge_from.map((from, k) => ({ from, to: x.edge_to[k], kind: EDGE_KINDS[x.edge_kind[k]], count: x.edge_count[k] }));
  const widths = params.widths as number[];
  const perWidth = widths.map((w) => {
    const at = nodes.filter((n) => n.width === w);
    const count = (c: string) => at.filter((n) => n.classification === c).length;
    return { width: w, nodes: at.length, globalMin: count('global-min'), localMin: count('local-min'), saddles: count('strict-saddle'), other: at.length - count('global-min') - count('local-min') - count('strict-saddle'), lowestLoss: Math.min(...at.map((n) => n.loss)) };
  });
  const summary = { teacher: params.teacher, lossConvention: 'L = (1/N) sum_n (f(x_n) - y_n)^2', descents: x.runs[0], uphill: x.uphill[0], stopped: run.stoppedBy === 'stopped', perWidth, nodes, edges };
  // Jitter nodes of one width sideways (by rank of loss) so equal-width nodes do not overlap.
  const xOf = new Map<number, number>();
  for (const w of widths) {
    const at = nodes.filter((n) => n.width === w).sort((a, b) => a.loss - b.loss);
    at.forEach((n, r) => xOf.set(n.id, w + (at.length > 1 ? (r / (at.length - 1) - 0.5) * 0.5 : 0)));
  }
  const pos = (id: number) => ({ x: xOf.get(id)!, y: lg(nodes[id].loss) });
  const series: Series[] = EDGE_KINDS.map((kind) => ({
    name: `${kind} edges`,
    kind: 'segments',
    color: kind === 'split' ? '#999' : '#333',
    dash: kind === 'split' ? '4 3' : undefined,
    points: edges.filter((e) => e.kind === kind).flatMap((e) => [pos(e.from), pos(e.to)]),
  }));
  for (const c of CLASSIFICATIONS) {
    const at = nodes.filter((n) => n.classification === c);
    if (at.length) series.push({ name: `${c} (${at.length})`, kind: 'points', color: CLASS_COLORS[c] ?? '#8c564b', points: at.map((n) => pos(n.id)) });
  }
  const ys = nodes.map((n) => lg(n.loss));
  const svg = chartSvg({
    title: `Fig. 5: critical-point hierarchy, ${params.teacher} teacher (${params.seeds} seeds per width)`,
    xLabel: 'width m',
    yLabel: 'loss',
    yLog10: true,
    yMin: nodes.length ? Math.floor(Math.min(...ys)) : -32,
    yMax: nodes.length ? Math.ceil(Math.max(...ys)) : 0,
    xTicks: widths,
    series,
  });
  const arrays = Object.entries(x).map(([name, v]) => ({ name, data: Float64Array.from(v), shape: [v.length] }));
  const table = [
    `Fig. 5 hierarchy: ${params.teacher} teacher, widths ${widths.join(', ')}, ${params.seeds} seeds per width; ${x.runs[0]} descents, ${nodes.length} nodes, ${edges.length} edges${summary.stopped ? ' (stopped early)' : ''}`,
    'width  nodes  global-min  local-min  strict-saddle  other  lowest loss',
    ...perWidth.map((r) => `${String(r.width).padEnd(6)} ${String(r.nodes).padEnd(6)} ${String(r.globalMin).padEnd(11)} ${String(r.localMin).padEnd(10)} ${String(r.saddles).padEnd(14)} ${String(r.other).padEnd(6)} ${Number.isFinite(r.lowestLoss) ? r.lowestLoss.toExponential(3) : '—'}`),
  ].join('\n');
  return { summary, arrays, svg, table };
}

export const fig5Recipe: RecipeDefinition = {
  name: 'fig5-hierarchy',
  version: 1,
  summary: 'Fig. 5: hierarchy of critical points across widths (seeds, splits, escapes)',
  caption:
    'Fig. 5: a hierarchy of critical points across widths. Neuron splitting maps every critical point of a width-m network to critical points of width m+1 with the same loss; minima become saddles whose escape directions lead to lower losses.',
  defaults: { teacher: 'fig6', widths: [2, 3, 4, 5], seeds: 10, samples: 1600, maxSteps: 20000, maxNodes: 500 },
  resolve(given) {
    checkKnown(given, this.defaults, this.name);
    return {
      teacher: teacherParam(given, this.defaults),
      widths: widthsParam(given, this.defaults, 1, 32),
      seeds: intParam(given, this.defaults, 'seeds', 0, 1000),
      samples: intParam(given, this.defaults, 'samples', 1, 1_000_000),
      maxSteps: intParam(given, this.defaults, 'maxSteps', 1, 100_000_000, '--max-steps'),
      maxNodes: intParam(given, this.defaults, 'maxNodes', 1, 100_000, '--max-nodes'),
    };
  },
  plan(params) {
    const widths = params.widths as number[];
    const id = `hierarchy-m${widths.join('_')}-s${params.seeds as number}`;
    return [{ planned: { id, condition: 'hierarchy', width: widths[widths.length - 1], seed: 1, index: 0 }, payload: null, compute: (stopped, progress) => explore(params, stopped, progress) }];
  },
  finish(params, runs) {
    return fig5Output(params, runs[0]);
  },
};
