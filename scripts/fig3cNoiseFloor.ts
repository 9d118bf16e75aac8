/**
 * fig3c noise floor (issue 12, "Speed and scale"): rerun fig3c-scaling seeds through the recipe's
 * own `train` task (main/recipes/fig3c.ts plan → native-workers/tasks/train.ts), unchanged or under a
 * perturbation that should not matter, and append one JSON line per run:
 *
 *   npx tsx scripts/fig3cNoiseFloor.ts --variant baseline|ulp|permute [--widths 4,5,6,7] [--from 0] [--to 200]
 *        [--only SEED,SEED… (in this order)] [--shard i/n] [--option name=value …] --out FILE.jsonl
 *
 * - baseline: the recipe's payload as is (must reproduce the committed runs.jsonl bit for bit).
 * - ulp: θ₀ (the seeded Glorot-normal init) with every entry moved one ulp away from zero.
 * - permute: the same N = 1600 samples in a fixed random order (seeded Fisher–Yates): only the
 *   order of every sum over samples (and of the kink bookkeeping) changes.
 * - --option name=value: an extra TrainOptions flag (the value as JSON: 5000, true, {"window":1000}), e.g. a tail fix.
 * Seeds k = from..to−1 of each width (seed m·100000 + k); --shard i/n keeps every n-th job from i.
 * `cpuSeconds` is the process's CPU time for the run (process.cpuUsage), not wall time.
 */
import { appendFileSync } from 'node:fs';
import { fig3cRecipe } from '../main/recipes/fig3c';
import { toRecord } from '../main/recipes/executor';
import { TASKS } from '../contract/tasks';
import { trainTask } from '../native-workers/tasks/train';
import { initialize, Rng, teacherDataset, twoLayerArchitecture, type TrainOptions } from '../native-workers/engine';
import { permuteSamples, seededPermutation, ulpAway } from './fig3cPerturb';

const PERMUTATION_SEED = 20261203;

type Variant = 'baseline' | 'ulp' | 'permute';

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= process.argv.length) {
    if (fallback === undefined) throw new Error(`--${name} is required`);
    return fallback;
  }
  return process.argv[i + 1];
}

function options(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  process.argv.forEach((a, i) => {
    if (a !== '--option') return;
    const [key, ...rest] = process.argv[i + 1].split('=');
    out[key] = JSON.parse(rest.join('='));
  });
  return out;
}

/** The fig3c dataset with its samples in a fixed random order (same rows, same targets). */
function permutedFig3c(samples: number) {
  const d = permuteSamples(teacherDataset('fig3c', { samples, dataSeed: 0 }), seededPermutation(samples, PERMUTATION_SEED));
  return { kind: 'inline' as const, count: d.count, inputDim: d.inputDim, outputDim: d.outputDim, X: d.X, Y: d.Y };
}

function main(): void {
  const variant = arg('variant') as Variant;
  if (!['baseline', 'ulp', 'permute'].includes(variant)) throw new Error(`--variant must be baseline, ulp or permute, got ${variant}`);
  const widths = arg('widths', '4,5,6,7').split(',').map(Number);
  const from = Number(arg('from', '0'));
  const to = Number(arg('to', '200'));
  const [shard, shards] = arg('shard', '0/1').split('/').map(Number);
  const out = arg('out');
  const extra = options() as Partial<TrainOptions>;
  const params = fig3cRecipe.resolve({ widths, seeds: to });
  // --only: those seeds, in the order given (so shards and an early stop see the order chosen).
  const only = arg('only', '') === '' ? null : arg('only', '').split(',').map(Number);
  const planned = fig3cRecipe.plan(params).filter((j) => j.planned.seed % 100000 >= from);
  const jobs = only ? only.flatMap((seed) => planned.filter((j) => j.planned.seed === seed)) : planned;
  const samples = params.samples as number;
  const permuted = variant === 'permute' ? permutedFig3c(samples) : null;
  for (let i = shard; i < jobs.length; i += shards) {
    const job = jobs[i];
    const payload = TASKS.train.payload.parse(job.payload);
    if (variant === 'ulp') {
      const architecture = twoLayerArchitecture(2, payload.spec.width, 1, 'relu');
      payload.initialTheta = initialize(architecture, payload.spec.init, new Rng(payload.spec.seed)).map(ulpAway);
    }
    if (permuted) {
      payload.spec = { ...payload.spec, dataset: 'fig3c-permuted' };
      payload.data = permuted;
    }
    const cpu0 = process.cpuUsage();
    // `extra` reaches trainAndCertify's TrainOptions unchanged (trainTask spreads it after the spec's options).
    const r = trainTask(payload, { shouldStop: () => false, progress: () => undefined }, extra);
    const cpu = process.cpuUsage(cpu0);
    // The recipe's own run record (main/recipes/executor.ts), without θ, plus this experiment's fields.
    const { finalTheta: _theta, ...run } = toRecord(job, r);
    const record = { ...run, variant, options: extra, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
    appendFileSync(out, `${JSON.stringify(record)}\n`);
  }
}

main();
