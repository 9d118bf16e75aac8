/**
 * fig3b-advop-mlp — the MLP analogue of Fig. 3b (App. B's idea at teacher–student scale, no CIFAR):
 * do winning tickets survive *adversarial* regrowth? Stage 1 as fig3a-tickets: `seeds` Glorot-normal
 * ReLU students of width 4 on the `fig3a` teacher (N = `samples`, data seed 0); the ones reaching
 * L < SUCCESS_LOSS are the winning tickets, taken at their initialization θT⁰ (App. B.1: the
 * ticket's weights are rewound to their init). Stage 2, per ticket and width m = 4 + k in `widths`:
 *   plain  — the ticket embedded with θadv = 0 (all added parameters zero: the added units stay
 *            zero under the flow, so this trains exactly as the ticket; the 100 % reference);
 *   rndop  — θadv Glorot-normal (`growNetwork`, outgoing Glorot too: fig3a's ticket runs, same seeds);
 *   advop  — that same θadv, then `advSteps` exact-gradient steps minimizing
 *            J = cos(∇_θT L(θT, θadv), ∇_θT L(θT, 0)) (eq. 1, App. B.3) on the sphere
 *            ‖θadv‖ = `advScale`·‖θadv_rndop‖ (the regrowth's scale, so the adversary cannot win by
 *            shrinking or inflating the added units), θT fixed at the ticket's init.
 * All are trained with the fig3a trainer (the `train` task: flow + polish + certify). Seeds: run
 * k = (baseline index)·growthSeeds + g at width m uses growth seed m·SEED_BLOCK + k for rndop and
 * advop (plain: g = 0), so shards agree and rndop repeats fig3a's ticket runs.
 *
 * The advOP start point is computed lazily, when its run is handed to an executor (the payload's
 * `initialTheta` is a memoized getter), so planning and resuming never redo finished runs' attacks;
 * the cosines (rndop's J and advop's final J) are memoized too and recomputed by `finish` only in
 * a process that did not run them (gather, resume).
 */
import {
  adversarialRegrowth,
  advopBlocks,
  AdvopObjective,
  growNetwork,
  SEED_BLOCK,
  SUCCESS_LOSS,
  summarizeOutcomes,
  teacherDataset,
  widthSeed,
  type AdvopResult,
  type Dataset,
  type Network,
  type OutcomeSummary,
  type PlannedRun,
} from '../../native-workers/engine';
import { grownTicket, ticketInit } from './fig3a';
import { checkKnown, intParam, reluFlowSpec, widthsParam } from './params';
import { chartSvg, panels, type Series } from './plot';
import { RecipeError, type RecipeDefinition, type RecipeOutput, type RecipeParams, type RunJob, type RunRecord } from './types';

const R = 4; // ticket width = teacher width
const DEFAULT_SAMPLES = 30000;
export const ADVOP_VARIANTS = ['plain', 'rndop', 'advop'] as const;
export type AdvopVariant = (typeof ADVOP_VARIANTS)[number];
const LABEL = 'MLP analogue of Fig. 3b (App. B idea, teacher–student, no CIFAR)';

const dataCache = new Map<number, Dataset>();
function fig3aData(samples: number): Dataset {
  let d = dataCache.get(samples);
  if (!d) {
    d = teacherDataset('fig3a', { samples, dataSeed: 0 });
    dataCache.set(samples, d);
    if (dataCache.size > 4) dataCache.delete(dataCache.keys().next().value!);
  }
  return d;
}

/** The ticket (its init θT⁰) embedded at width m with θadv = 0: the same function and the same θT-gradient. */
export function plainTicket(ticketSeed: number, width: number): Network {
  const grown = growNetwork(ticketInit(ticketSeed), { to: width, seed: 0, outgoing: 'zero' }).network;
  const theta = Float64Array.from(grown.theta);
  for (const p of advopBlocks(grown.architecture, R).adv) theta[p] = 0;
  return { architecture: grown.architecture, theta };
}

export interface AdvopKey {
  readonly samples: number;
  readonly steps: number;
  readonly scale: number;
  readonly ticketSeed: number;
  readonly width: number;
  readonly growthSeed: number;
}

const attackCache = new Map<string, AdvopResult>();
const keyOf = (k: AdvopKey) => `${k.samples}|${k.steps}|${k.scale}|${k.ticketSeed}|${k.width}|${k.growthSeed}`;

/** The advOP regrowth of one ticket (memoized per process: deterministic). */
export function advopTicket(key: AdvopKey): AdvopResult {
  const id = keyOf(key);
  let r = attackCache.get(id);
  if (!r) {
    const rnd = grownTicket(key.ticketSeed, key.width, key.growthSeed, 'glorot');
    r = adversarialRegrowth(rnd, R, fig3aData(key.samples), { steps: key.steps, scale: key.scale });
    attackCache.set(id, r);
    if (attackCache.size > 20000) attackCache.delete(attackCache.keys().next().value!);
  }
  return r;
}

/** J = cos(∇_θT L(θT, θadv), ∇_θT L(θT, 0)) of a grown network on the recipe's data (θT = the ticket's init). */
export function ticketCosine(network: Network, samples: number): number {
  return new AdvopObjective(network.architecture, fig3aData(samples), network.theta, R).cosine(network.theta);
}

function numberParam(given: Partial<RecipeParams>, defaults: RecipeParams, key: string, min: number, max: number, flag: string): number {
  const v = given[key] ?? defaults[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new RecipeError(`${flag} must be a number in [${min}, ${max}], got ${String(v)}`);
  return v;
}

/** A `train` payload whose `initialTheta` is computed when first read (by the executor), once. */
function lazyPayload(params: RecipeParams, planned: PlannedRun, start: (() => Float64Array) | null): unknown {
  const payload: Record<string, unknown> = { spec: reluFlowSpec('fig3a', DEFAULT_SAMPLES, params, planned) };
  if (!start) return { ...payload, initialTheta: null };
  let theta: Float64Array | null = null;
  Object.defineProperty(payload, 'initialTheta', { enumerable: true, get: () => (theta ??= start()) });
  return payload;
}

const isTicket = (r: RunRecord) => r.condition === 'baseline' && r.loss < SUCCESS_LOSS;
const baseIndex = (ticketSeed: number) => ticketSeed - widthSeed(R, 0);

function attackKey(params: RecipeParams, ticketSeed: number, width: number, growthSeed: number): AdvopKey {
  return { samples: params.samples as number, steps: params.advSteps as number, scale: params.advScale as number, ticketSeed, width, growthSeed };
}

export const advopRecipe: RecipeDefinition = {
  name: 'fig3b-advop-mlp',
  version: 1,
  summary: `${LABEL}: winning tickets regrown adversarially (advOP, eq. 1) vs randomly (rndOP) vs plain`,
  caption: `${LABEL}. Fig. 3b: adversarially regrown tickets (advOP: the added weights minimize the cosine between the embedded ticket's initial gradient and the isolated ticket's) lose accuracy, randomly regrown ones (rndOP) do not; here the same with success = L < 1e-25 on the fig3a teacher, advOP's ‖θadv‖ fixed to rndOP's.`,
  defaults: { widths: [5, 6, 7], seeds: 100, growthSeeds: 30, samples: DEFAULT_SAMPLES, maxSteps: 30000, advSteps: 500, advScale: 1 },
  resolve(given) {
    checkKnown(given, this.defaults, this.name);
    const seeds = intParam(given, this.defaults, 'seeds', 1, SEED_BLOCK);
    const growthSeeds = intParam(given, this.defaults, 'growthSeeds', 1, SEED_BLOCK, '--growth-seeds');
    if (seeds * growthSeeds > SEED_BLOCK) throw new RecipeError(`--seeds × --growth-seeds must be at most ${SEED_BLOCK}, got ${seeds} × ${growthSeeds}`);
    return {
      widths: widthsParam(given, this.defaults, R + 1, 64),
      seeds,
      growthSeeds,
      samples: intParam(given, this.defaults, 'samples', 1, 1_000_000),
      maxSteps: intParam(given, this.defaults, 'maxSteps', 1, 100_000_000, '--max-steps'),
      advSteps: intParam(given, this.defaults, 'advSteps', 0, 1_000_000, '--adv-steps'),
      advScale: numberParam(given, this.defaults, 'advScale', 1e-3, 1e3, '--adv-scale'),
    };
  },
  plan(params) {
    return Array.from({ length: params.seeds as number }, (_, k) => {
      const seed = widthSeed(R, k);
      const planned: PlannedRun = { id: `baseline-m${R}-s${seed}`, condition: 'baseline', width: R, seed, index: k };
      return { planned, payload: lazyPayload(params, planned, null) };
    });
  },
  extend(params, runs) {
    const G = params.growthSeeds as number;
    const tickets = runs.filter(isTicket).sort((a, b) => a.seed - b.seed);
    const jobs: RunJob[] = [];
    for (const condition of ADVOP_VARIANTS)
      for (const width of params.widths as number[])
        for (const t of tickets)
          for (let g = 0; g < (condition === 'plain' ? 1 : G); g++) {
            const k = baseIndex(t.seed) * G + g;
            const seed = widthSeed(width, k);
            const planned: PlannedRun = { id: `${condition}-m${width}-s${seed}`, condition, width, seed, index: k };
            const start =
              condition === 'plain'
                ? () => plainTicket(t.seed, width).theta
                : condition === 'rndop'
                  ? () => grownTicket(t.seed, width, seed, 'glorot').theta
                  : () => advopTicket(attackKey(params, t.seed, width, seed)).network.theta;
            jobs.push({ planned, payload: lazyPayload(params, planned, start) });
          }
    return jobs;
  },
  finish(params, runs) {
    return advopOutput(params, runs);
  },
};

export interface AdvopRow {
  width: number;
  plain: OutcomeSummary;
  rndop: OutcomeSummary;
  advop: OutcomeSummary;
  /** J of the rndOP start and of the advOP start, over this width's growth runs. */
  cosine: { rndop: CosineStats; advop: CosineStats; advopBelowRndop: number; pairs: number };
}

interface CosineStats {
  mean: number;
  min: number;
  max: number;
}

const stats = (xs: number[]): CosineStats => ({ mean: xs.reduce((a, b) => a + b, 0) / xs.length, min: Math.min(...xs), max: Math.max(...xs) });

export function advopOutput(params: RecipeParams, runs: readonly RunRecord[]): RecipeOutput {
  const widths = params.widths as number[];
  const G = params.growthSeeds as number;
  const baseline = summarizeOutcomes(runs.filter((r) => r.condition === 'baseline'));
  const tickets = runs.filter(isTicket).map((r) => r.seed);
  const ticketOf = (r: RunRecord) => widthSeed(R, Math.floor((r.seed - widthSeed(r.width, 0)) / G));
  const rows: AdvopRow[] = widths.map((width) => {
    const of = (c: AdvopVariant) => runs.filter((r) => r.condition === c && r.width === width);
    const adv = of('advop');
    const jr: number[] = [];
    const ja: number[] = [];
    for (const r of adv) {
      const a = advopTicket(attackKey(params, ticketOf(r), width, r.seed));
      jr.push(a.initialCosine);
      ja.push(a.finalCosine);
    }
    return {
      width,
      plain: summarizeOutcomes(of('plain')),
      rndop: summarizeOutcomes(of('rndop')),
      advop: summarizeOutcomes(adv),
      cosine: {
        rndop: stats(jr),
        advop: stats(ja),
        advopBelowRndop: ja.filter((v, i) => v < jr[i]).length,
        pairs: ja.length,
      },
    };
  });
  // Paired outcomes (same ticket, width and growth seed): rndOP success → advOP failure and back.
  const paired = widths.map((width) => {
    const rnd = new Map(runs.filter((r) => r.condition === 'rndop' && r.width === width).map((r) => [r.seed, r.loss < SUCCESS_LOSS]));
    let brokenByAdv = 0;
    let fixedByAdv = 0;
    for (const r of runs.filter((x) => x.condition === 'advop' && x.width === width)) {
      const s = rnd.get(r.seed);
      if (s === undefined) continue;
      const a = r.loss < SUCCESS_LOSS;
      if (s && !a) brokenByAdv++;
      if (!s && a) fixedByAdv++;
    }
    return { width, rndopSuccessAdvopNot: brokenByAdv, advopSuccessRndopNot: fixedByAdv };
  });
  const summary = {
    label: LABEL,
    successLoss: SUCCESS_LOSS,
    samples: params.samples,
    objective: 'J = cos(grad_T L(theta_T, theta_adv), grad_T L(theta_T, 0)) at the ticket init theta_T (App. B.1/B.3), full batch, exact gradient (one HVP)',
    constraint: `||theta_adv|| = ${params.advScale} x ||theta_adv(rndOP)|| (fixed; Riemannian normalized gradient descent, ${params.advSteps} evaluations at most)`,
    odeBudget: { maxSteps: params.maxSteps, note: 'flow steps per round (trainer default rounds and ODE time); budgetStopped counts runs stopped by it' },
    tickets: { seeds: tickets, count: tickets.length, of: baseline.runs, interval: baseline.successInterval },
    widths: rows,
    paired,
    paper: { fig3b: 'Conv-6 / CIFAR-10: advOP lowers early-stopping accuracy below LTH in both sparsity bins; rndOP on par with LTH (App. B.5)' },
  };
  const pct = (s: OutcomeSummary) => (s.runs > 0 ? { y: 100 * s.successFraction, low: 100 * s.successInterval.low, high: 100 * s.successInterval.high } : { y: NaN });
  const COLORS: Record<AdvopVariant, string> = { plain: '#2ca02c', rndop: '#8c564b', advop: '#d62728' };
  const NAMES: Record<AdvopVariant, string> = { plain: 'plain ticket (θadv = 0)', rndop: 'rndOP (Glorot regrowth)', advop: 'advOP (eq. 1)' };
  const bars: Series[] = ADVOP_VARIANTS.map((v) => ({ name: `${NAMES[v]}, Wilson 95 %`, kind: 'bars', color: COLORS[v], points: rows.map((r) => ({ x: r.width, ...pct(r[v]) })) }));
  const barChart = chartSvg({
    title: `${LABEL}: ${tickets.length}/${baseline.runs} tickets × ${G} regrowth seeds`,
    xLabel: 'width m = 4 + k',
    yLabel: 'success (%)',
    yMin: 0,
    yMax: 105,
    xTicks: widths,
    series: bars,
    hline: { y: 100, label: 'lottery ticket (100 %)', color: '#2ca02c' },
  });
  const cosPoint = (s: CosineStats) => (Number.isFinite(s.mean) ? { y: s.mean, low: s.min, high: s.max } : { y: NaN });
  const cosChart = chartSvg({
    title: 'initial-gradient cosine J (mean, min–max)',
    xLabel: 'width m = 4 + k',
    yLabel: 'cos(∇T L(θT, θadv), ∇T L(θT, 0))',
    yMin: -1,
    yMax: 1,
    xTicks: widths,
    series: [
      { name: 'rndOP', kind: 'points', color: COLORS.rndop, points: rows.map((r) => ({ x: r.width - 0.1, ...cosPoint(r.cosine.rndop) })) },
      { name: 'advOP', kind: 'points', color: COLORS.advop, points: rows.map((r) => ({ x: r.width + 0.1, ...cosPoint(r.cosine.advop) })) },
    ],
    hline: { y: 1, label: 'plain ticket (J = 1)', color: COLORS.plain },
  });
  const svg = panels([barChart, cosChart], 2);
  const col = (f: (r: AdvopRow) => number) => Float64Array.from(rows.map(f));
  const arrays = [
    { name: 'widths', data: col((r) => r.width), shape: [rows.length] },
    ...ADVOP_VARIANTS.flatMap((v) => [
      { name: `${v}_success`, data: col((r) => r[v].successFraction), shape: [rows.length] },
      { name: `${v}_low`, data: col((r) => r[v].successInterval.low), shape: [rows.length] },
      { name: `${v}_high`, data: col((r) => r[v].successInterval.high), shape: [rows.length] },
    ]),
    { name: 'cosine_rndop_mean', data: col((r) => r.cosine.rndop.mean), shape: [rows.length] },
    { name: 'cosine_advop_mean', data: col((r) => r.cosine.advop.mean), shape: [rows.length] },
    { name: 'ticket_seeds', data: Float64Array.from(tickets), shape: [tickets.length] },
    ...ADVOP_VARIANTS.flatMap((v) =>
      widths.map((w) => {
        const l = runs.filter((r) => r.condition === v && r.width === w).map((r) => r.loss);
        return { name: `loss_${v}_m${w}`, data: Float64Array.from(l), shape: [l.length] };
      }),
    ),
  ];
  const cell = (s: OutcomeSummary) =>
    s.runs > 0 ? `${s.successes}/${s.runs} = ${(100 * s.successFraction).toFixed(1)} % [${(100 * s.successInterval.low).toFixed(1)}, ${(100 * s.successInterval.high).toFixed(1)}] (+${s.undecided} und., ${s.budgetStopped} budget)` : '—';
  const table = [
    `${LABEL}`,
    `tickets: ${tickets.length}/${baseline.runs} baseline seeds at m = 4 reach L < ${SUCCESS_LOSS}; advOP: ${params.advSteps} steps, ‖θadv‖ = ${params.advScale} × rndOP's`,
    `width  ${'plain ticket'.padEnd(52)} ${'rndOP'.padEnd(52)} ${'advOP'.padEnd(52)} J rndOP → advOP (mean)`,
    ...rows.map((r) => `${String(r.width).padEnd(6)} ${cell(r.plain).padEnd(52)} ${cell(r.rndop).padEnd(52)} ${cell(r.advop).padEnd(52)} ${r.cosine.rndop.mean.toFixed(3)} → ${r.cosine.advop.mean.toFixed(3)}`),
    'paper (Conv-6, CIFAR-10): advOP below LTH, rndOP on par with LTH',
  ].join('\n');
  return { summary, arrays, svg, table };
}
