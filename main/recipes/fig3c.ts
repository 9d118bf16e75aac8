/**
 * fig3c-scaling (App. F.2 + App. C + eq. 5): probability of failure vs width. `fig3c` teacher
 * (N = 1600, data seed 0), ReLU students with biases of widths m (default 4..7), `seeds`
 * Glorot-normal inits per width (default 4,000 as in the paper), each width its own seed range
 * (runList.ts), trained by the studio's `train` task (gradient flow + polish + certification,
 * the same code the studio's batches run). Success = L < SUCCESS_LOSS (1e-25).
 * p₀ = failure fraction at m = r = 4 (with its Wilson interval); overlaid: eq. 5 / 13 bounds
 * p₀^C(m,4), p₀^C(md,4d) (d = 3), eq. 14–16 (log space: they underflow doubles).
 */
import { failureBoundsLog10, FAILURE_MODELS, planRuns, SUCCESS_LOSS, summarizeOutcomes, type FailureModel, type OutcomeSummary } from '../../native-workers/engine';
import { checkKnown, intParam, reluFlowSpec, widthsParam } from './params';
import { chartSvg, panels, type Series } from './plot';
import { RecipeError, type RecipeDefinition, type RecipeParams, type RunRecord } from './types';

const R = 4; // teacher width = ticket width
const D = 3; // d_in + d_out

const MODEL_LABELS: Record<FailureModel, string> = {
  subnetworksNodes: 'p₀^C(m,4) (eq. 5, nodes)',
  subnetworksEdges: 'p₀^C(md,4d) (eq. 5, edges)',
  withoutReplacement: 'w/o replacement (eq. 14)',
  disjoint: 'disjoint ⌊m/r⌋ (eq. 15)',
  disjointContinuous: 'disjoint p₀^(m/r) (C5)',
  independentNodes: 'independent nodes (eq. 16)',
};
const MODEL_COLORS: Record<FailureModel, string> = {
  subnetworksNodes: '#888',
  subnetworksEdges: '#444',
  withoutReplacement: '#2a6fdb',
  disjoint: '#d62728',
  disjointContinuous: '#ff9896',
  independentNodes: '#9467bd',
};

export const fig3cRecipe: RecipeDefinition = {
  name: 'fig3c-scaling',
  version: 1,
  summary: 'Fig. 3c + App. C: failure probability vs width, with eq. 5 and eqs. 13–16',
  caption:
    'Fig. 3c: probability of failure to learn a target network. Simulations (black) decay far more slowly than the predictions p₀^N_D and p₀^N_E (grey). Paper: 4,000 seeds per width, m = 4..7.',
  defaults: { widths: [4, 5, 6, 7], seeds: 4000, samples: 1600, maxSteps: 30000, device: 'cpu', solver: 'fast' },
  resolve(given) {
    checkKnown(given, this.defaults, this.name);
    return {
      widths: widthsParam(given, this.defaults, R, 64),
      seeds: intParam(given, this.defaults, 'seeds', 1, 100_000),
      samples: intParam(given, this.defaults, 'samples', 1, 1_000_000),
      maxSteps: intParam(given, this.defaults, 'maxSteps', 1, 100_000_000, '--max-steps'),
      // Where the flow runs (issue 13): cpu, gpu (GPU f32 flow + CPU float64 finish) or auto; absent = cpu (older folders resume).
      ...deviceParam(given),
      // The flow's solver settings (issue 12): fast (TrainOptions.fast, the default: the reference's
      // results bit for bit, 1.8× less CPU) or reference (the plain scans); absent = fast (older folders resume).
      ...solverParam(given),
    };
  },
  plan(params) {
    return planRuns({ widths: params.widths as number[], seedsPerWidth: params.seeds as number }).map((planned) => ({
      planned,
      payload: {
        spec: { ...reluFlowSpec('fig3c', 1600, params, planned), settings: params.solver === 'reference' ? { fast: false } : {} },
        initialTheta: null,
      },
    }));
  },
  finish(params, runs) {
    return fig3cOutput(params, runs);
  },
};

function deviceParam(given: Partial<RecipeParams>): { device?: 'gpu' | 'auto' } {
  const v = given.device ?? 'cpu';
  if (v !== 'cpu' && v !== 'gpu' && v !== 'auto') throw new RecipeError(`--device must be cpu, gpu or auto, got ${String(v)}`);
  return v === 'cpu' ? {} : { device: v };
}

function solverParam(given: Partial<RecipeParams>): { solver?: 'reference' } {
  const v = given.solver ?? 'fast';
  if (v !== 'reference' && v !== 'fast') throw new RecipeError(`--solver must be reference or fast, got ${String(v)}`);
  return v === 'reference' ? { solver: 'reference' } : {};
}

export interface WidthRow extends OutcomeSummary {
  width: number;
  boundsLog10: Record<FailureModel, number> | null;
}

export function fig3cOutput(params: RecipeParams, runs: readonly RunRecord[]) {
  const widths = params.widths as number[];
  const rows: WidthRow[] = widths.map((width) => ({ width, ...summarizeOutcomes(runs.filter((r) => r.width === width)), boundsLog10: null }));
  const base = rows.find((r) => r.width === R && r.runs > 0);
  const p0 = base ? base.failureProbability : null;
  if (p0 !== null) for (const row of rows) row.boundsLog10 = failureBoundsLog10(p0, row.width, R, D);
  const summary = {
    successLoss: SUCCESS_LOSS,
    odeBudget: { maxSteps: params.maxSteps, note: 'flow steps per round (trainer default rounds and ODE time); budgetStopped counts runs stopped by it' },
    p0: base ? { value: p0, interval: base.failureInterval, runs: base.runs } : null,
    widths: rows,
  };
  const yMin = -12;
  const series: Series[] = [];
  if (p0 !== null)
    for (const model of FAILURE_MODELS)
      series.push({ name: MODEL_LABELS[model], kind: 'line', color: MODEL_COLORS[model], dash: model === 'subnetworksEdges' ? '6 3' : model === 'withoutReplacement' ? '2 3' : undefined, points: rows.map((r) => ({ x: r.width, y: r.boundsLog10![model] })) });
  const lg = (v: number) => (v > 0 ? Math.log10(v) : -Infinity);
  series.push({
    name: 'simulations (Wilson 95 %)',
    kind: 'points',
    color: 'black',
    points: rows.filter((r) => r.runs > 0).map((r) => ({ x: r.width, y: lg(r.failureProbability), low: lg(r.failureInterval.low), high: lg(r.failureInterval.high) })),
  });
  // Fig. C5 shows both: the log axis for the bounds' decay, the linear one for the simulations.
  const logChart = chartSvg({ title: `Fig. 3c: P(fail) vs width (${params.seeds} seeds per width), log`, xLabel: 'width m', yLabel: 'probability of failure', yLog10: true, yMin, yMax: 0, xTicks: widths, series });
  const linear = series.map((s) => ({ ...s, points: s.points.map((p) => ({ x: p.x, y: 10 ** p.y, ...(p.low !== undefined && p.high !== undefined ? { low: 10 ** p.low, high: 10 ** p.high } : {}) })) }));
  const linearChart = chartSvg({ title: 'linear axis (Fig. C5)', xLabel: 'width m', yLabel: 'probability of failure', yMin: 0, yMax: 1, xTicks: widths, series: linear });
  const svg = panels([logChart, linearChart], 2);
  const arrays = [
    { name: 'widths', data: Float64Array.from(widths), shape: [widths.length] },
    { name: 'failure_probability', data: Float64Array.from(rows.map((r) => r.failureProbability)), shape: [rows.length] },
    { name: 'failure_low', data: Float64Array.from(rows.map((r) => r.failureInterval.low)), shape: [rows.length] },
    { name: 'failure_high', data: Float64Array.from(rows.map((r) => r.failureInterval.high)), shape: [rows.length] },
    ...FAILURE_MODELS.map((model) => ({ name: `log10_${model}`, data: Float64Array.from(rows.map((r) => r.boundsLog10?.[model] ?? NaN)), shape: [rows.length] })),
    ...widths.map((w) => {
      const l = runs.filter((r) => r.width === w).map((r) => r.loss);
      return { name: `loss_m${w}`, data: Float64Array.from(l), shape: [l.length] };
    }),
  ];
  const table = [
    'width  runs  success  undecided(1e-13..1e-6)  failure  P(fail) [95%]            success strict / lenient   budget-stopped',
    ...rows.map(
      (r) =>
        `${String(r.width).padEnd(6)} ${String(r.runs).padEnd(5)} ${String(r.successes).padEnd(8)} ${`${r.undecided} (${r.undecidedBand})`.padEnd(23)} ${String(r.failures).padEnd(8)} ${r.failureProbability.toFixed(4)} [${r.failureInterval.low.toFixed(4)}, ${r.failureInterval.high.toFixed(4)}]  ${r.successFraction.toFixed(4)} / ${r.successFractionLenient.toFixed(4)}          ${r.budgetStopped}`,
    ),
    p0 !== null ? `p₀ = ${p0.toFixed(4)} (m = 4); eq. 5 log10 bounds: ${rows.map((r) => `m=${r.width}: nodes ${r.boundsLog10!.subnetworksNodes.toFixed(2)}, edges ${r.boundsLog10!.subnetworksEdges.toExponential(3)}`).join('; ')}` : 'p₀: no m = 4 runs',
  ].join('\n');
  return { summary, arrays, svg, table };
}
