/**
 * fig3a-tickets (App. F.1, Fig. 3 top): do winning tickets stay winning when neurons are added?
 * `fig3a` teacher (eq. 22, N = 30,000 uniform samples, data seed 0), ReLU students with biases.
 * Stage 1: `seeds` Glorot-normal baselines at m = 4 (paper: 7/100 succeed, L < SUCCESS_LOSS).
 * Stage 2 (`extend`, from the finished baselines): each winning ticket — its *initialization* I*,
 * as in F.1 step 1 — grown to every m in `widths` with m − 4 Glorot-normal neurons
 * (`growNetwork`, grown layer's fans) × `growthSeeds` seeds and retrained; as controls, the same
 * number of random Glorot-normal inits at each m. Outgoing weights of the new neurons are
 * Glorot-normal (`outgoing: 'glorot'`, F.1's "concatenate fresh random neurons") or zero
 * (`'zero'`: the grown net computes exactly the ticket's function at init).
 * Seeds: run k = (baseline index)·growthSeeds + g at width m uses seed m·SEED_BLOCK + k, both for
 * the new neurons (ticket runs) and for the whole init (control runs), so a ticket's runs and the
 * controls are the same whichever shard found the ticket.
 */
import {
  growNetwork,
  initialize,
  planRuns,
  Rng,
  SEED_BLOCK,
  SUCCESS_LOSS,
  summarizeOutcomes,
  twoLayerArchitecture,
  widthSeed,
  type Network,
  type OutcomeSummary,
  type PlannedRun,
} from '../../native-workers/engine';
import { checkKnown, intParam, reluFlowSpec, widthsParam } from './params';
import { chartSvg, type Series } from './plot';
import { RecipeError, type RecipeDefinition, type RecipeParams, type RunJob, type RunRecord } from './types';

const R = 4; // ticket width = teacher width
const DEFAULT_SAMPLES = 30000;

/** The network a baseline run starts from (what the `train` task builds from the same spec). */
export function ticketInit(seed: number): Network {
  const architecture = twoLayerArchitecture(2, R, 1, 'relu');
  return { architecture, theta: initialize(architecture, 'glorot_normal', new Rng(seed)) };
}

/** Ticket (baseline seed) grown to width m with the new neurons of `growthSeed`. */
export function grownTicket(ticketSeed: number, width: number, growthSeed: number, outgoing: 'zero' | 'glorot'): Network {
  return growNetwork(ticketInit(ticketSeed), { to: width, seed: growthSeed, outgoing }).network;
}

function trainJob(params: RecipeParams, planned: PlannedRun, initialTheta: Float64Array | null): RunJob {
  return {
    planned,
    payload: {
      spec: reluFlowSpec('fig3a', DEFAULT_SAMPLES, params, planned),
      initialTheta,
    },
  };
}

const isTicket = (r: RunRecord) => r.condition === 'baseline' && r.loss < SUCCESS_LOSS;

export const fig3aRecipe: RecipeDefinition = {
  name: 'fig3a-tickets',
  version: 1,
  summary: 'Fig. 3a (App. F.1): winning tickets grown by m − 4 random neurons vs random inits',
  caption:
    'Fig. 3 (top): adding neurons to a winning ticket can make it fail. Paper: 7/100 baseline seeds at m = 4 succeed; ticket + 1 neuron ≈ 65 % success, well below the 100 % a lottery ticket would give; random inits at m = 5..7 for comparison.',
  defaults: { widths: [5, 6, 7], seeds: 100, growthSeeds: 30, samples: DEFAULT_SAMPLES, maxSteps: 30000, outgoing: 'glorot' },
  resolve(given) {
    checkKnown(given, this.defaults, this.name);
    const seeds = intParam(given, this.defaults, 'seeds', 1, SEED_BLOCK);
    const growthSeeds = intParam(given, this.defaults, 'growthSeeds', 1, SEED_BLOCK, '--growth-seeds');
    if (seeds * growthSeeds > SEED_BLOCK) throw new RecipeError(`--seeds × --growth-seeds must be at most ${SEED_BLOCK}, got ${seeds} × ${growthSeeds}`);
    const outgoing = given.outgoing ?? this.defaults.outgoing;
    if (outgoing !== 'glorot' && outgoing !== 'zero') throw new RecipeError(`--outgoing must be 'glorot' or 'zero', got ${String(outgoing)}`);
    return {
      widths: widthsParam(given, this.defaults, R + 1, 64),
      seeds,
      growthSeeds,
      samples: intParam(given, this.defaults, 'samples', 1, 1_000_000),
      maxSteps: intParam(given, this.defaults, 'maxSteps', 1, 100_000_000, '--max-steps'),
      outgoing,
    };
  },
  plan(params) {
    return planRuns({ widths: [R], seedsPerWidth: params.seeds as number, conditions: ['baseline'] }).map((p) => trainJob(params, p, null));
  },
  extend(params, runs) {
    const G = params.growthSeeds as number;
    const widths = params.widths as number[];
    const outgoing = params.outgoing as 'zero' | 'glorot';
    const tickets = runs.filter(isTicket).sort((a, b) => a.seed - b.seed);
    const jobs: RunJob[] = [];
    for (const condition of ['ticket', 'random'] as const)
      for (const width of widths)
        for (const t of tickets)
          for (let g = 0; g < G; g++) {
            const base = t.seed - widthSeed(R, 0); // the ticket's baseline index
            const k = base * G + g;
            const seed = widthSeed(width, k);
            const planned: PlannedRun = { id: `${condition}-m${width}-s${seed}`, condition, width, seed, index: k };
            jobs.push(trainJob(params, planned, condition === 'ticket' ? grownTicket(t.seed, width, seed, outgoing).theta : null));
          }
    return jobs;
  },
  finish(params, runs) {
    return fig3aOutput(params, runs);
  },
};

export interface Fig3aRow {
  width: number;
  ticket: OutcomeSummary | null;
  random: OutcomeSummary;
}

export function fig3aOutput(params: RecipeParams, runs: readonly RunRecord[]) {
  const widths = params.widths as number[];
  const baseline = summarizeOutcomes(runs.filter((r) => r.condition === 'baseline'));
  const tickets = runs.filter(isTicket).map((r) => r.seed);
  const rows: Fig3aRow[] = [
    { width: R, ticket: null, random: baseline },
    ...widths.map((width) => ({
      width,
      ticket: summarizeOutcomes(runs.filter((r) => r.condition === 'ticket' && r.width === width)),
      random: summarizeOutcomes(runs.filter((r) => r.condition === 'random' && r.width === width)),
    })),
  ];
  // Per ticket: how many of its grown runs still succeed, at each width.
  const perTicket = tickets.map((seed) => {
    const base = seed - widthSeed(R, 0);
    const G = params.growthSeeds as number;
    const mine = (r: RunRecord) => r.condition === 'ticket' && Math.floor((r.seed - widthSeed(r.width, 0)) / G) === base;
    return { seed, successes: Object.fromEntries(widths.map((w) => [w, runs.filter((r) => mine(r) && r.width === w && r.loss < SUCCESS_LOSS).length])) };
  });
  const summary = {
    successLoss: SUCCESS_LOSS,
    samples: params.samples,
    outgoing: params.outgoing,
    odeBudget: { maxSteps: params.maxSteps, note: 'flow steps per round (trainer default rounds and ODE time); budgetStopped counts runs stopped by it' },
    tickets: { seeds: tickets, count: tickets.length, of: baseline.runs, interval: baseline.successInterval },
    widths: rows,
    perTicket,
    paper: { baseline: '7/100 at m = 4', ticketPlusOne: '≈ 65 % at m = 5' },
  };
  const pct = (s: OutcomeSummary | null) => (s && s.runs > 0 ? { y: 100 * s.successFraction, low: 100 * s.successInterval.low, high: 100 * s.successInterval.high } : { y: NaN });
  const series: Series[] = [
    { name: 'ticket + growth (Wilson 95 %)', kind: 'bars', color: '#2a6fdb', points: rows.map((r) => ({ x: r.width, ...pct(r.ticket) })) },
    { name: 'random init (Wilson 95 %)', kind: 'bars', color: '#999', points: rows.map((r) => ({ x: r.width, ...pct(r.random) })) },
  ];
  const svg = chartSvg({
    title: `Fig. 3a: winning tickets + added neurons (${tickets.length}/${baseline.runs} tickets × ${params.growthSeeds} growth seeds)`,
    xLabel: 'width m',
    yLabel: 'success (%)',
    yMin: 0,
    yMax: 105,
    xTicks: rows.map((r) => r.width),
    series,
    hline: { y: 100, label: 'lottery ticket (100 %)', color: '#d62728' },
  });
  const col = (f: (r: Fig3aRow) => number) => Float64Array.from(rows.map(f));
  const arrays = [
    { name: 'widths', data: col((r) => r.width), shape: [rows.length] },
    { name: 'ticket_success', data: col((r) => r.ticket?.successFraction ?? NaN), shape: [rows.length] },
    { name: 'ticket_low', data: col((r) => r.ticket?.successInterval.low ?? NaN), shape: [rows.length] },
    { name: 'ticket_high', data: col((r) => r.ticket?.successInterval.high ?? NaN), shape: [rows.length] },
    { name: 'random_success', data: col((r) => r.random.successFraction), shape: [rows.length] },
    { name: 'random_low', data: col((r) => r.random.successInterval.low), shape: [rows.length] },
    { name: 'random_high', data: col((r) => r.random.successInterval.high), shape: [rows.length] },
    { name: 'ticket_seeds', data: Float64Array.from(tickets), shape: [tickets.length] },
    ...['baseline', 'ticket', 'random'].flatMap((c) =>
      (c === 'baseline' ? [R] : widths).map((w) => {
        const l = runs.filter((r) => r.condition === c && r.width === w).map((r) => r.loss);
        return { name: `loss_${c}_m${w}`, data: Float64Array.from(l), shape: [l.length] };
      }),
    ),
  ];
  const cell = (s: OutcomeSummary | null) =>
    s && s.runs > 0 ? `${s.successes}/${s.runs} = ${(100 * s.successFraction).toFixed(1)} % [${(100 * s.successInterval.low).toFixed(1)}, ${(100 * s.successInterval.high).toFixed(1)}] (+${s.undecided} undecided, ${s.budgetStopped} budget-stopped)` : '—';
  const table = [
    `tickets: ${tickets.length}/${baseline.runs} baseline seeds at m = 4 reach L < ${SUCCESS_LOSS} (paper: 7/100)`,
    'width  ticket + growth                                              random init',
    ...rows.map((r) => `${String(r.width).padEnd(6)} ${cell(r.ticket).padEnd(60)} ${cell(r.random)}`),
    'paper: ticket + 1 neuron ≈ 65 %',
  ].join('\n');
  return { summary, arrays, svg, table };
}
