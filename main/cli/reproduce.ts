/**
 * `escape-studio reproduce NAME …`: run one of the paper's experiments as a recipe into one folder
 * (recipe.json, runs.jsonl, data.npz, figure.svg/png, table.txt); `--resume` continues, `--shard
 * i/n` runs one contiguous chunk, `--slurm` prints a job-array script instead of running.
 * `escape-studio gather DIR… --out DIR`: merge shard folders into one recipe folder.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseShard, RunListError } from '../../native-workers/engine';
import { RECIPES, recipeByName } from '../recipes/registry';
import { gatherRecipes, runRecipe } from '../recipes/runner';
import { slurmScript } from '../recipes/slurm';
import { RecipeError, type RecipeParams } from '../recipes/types';
import { defaultWorkspaceDir } from '../workspace/location';
import { parseFlags, UsageError } from './args';
import type { CliCommand } from './command';
import { progressPrinter } from './progress';

const FLAGS = {
  seeds: 'integer',
  widths: 'string',
  samples: 'integer',
  'max-steps': 'integer',
  device: 'string',
  solver: 'string',
  seed: 'integer',
  width: 'integer',
  neuron: 'integer',
  epsilon: 'number',
  perturb: 'number',
  tolerance: 'number',
  snapshots: 'integer',
  teacher: 'string',
  'max-nodes': 'integer',
  'growth-seeds': 'integer',
  outgoing: 'string',
  'adv-steps': 'integer',
  'adv-scale': 'number',
  workers: 'integer',
  out: 'string',
  resume: 'boolean',
  shard: 'string',
  slurm: 'boolean',
  'array-size': 'integer',
  time: 'string',
  'no-png': 'boolean',
  json: 'boolean',
} as const;

/** Flags that are recipe parameters (flag → parameter name). */
const PARAM_FLAGS = {
  seeds: 'seeds',
  widths: 'widths',
  samples: 'samples',
  'max-steps': 'maxSteps',
  // fig3c-scaling: where the flow runs (cpu / gpu / auto)
  device: 'device',
  // fig3c-scaling: the flow's solver settings (reference / fast)
  solver: 'solver',
  // split-at-init recipes (fig6/figE7/figE8); --neuron counts from 1 like `split`
  seed: 'seed',
  width: 'width',
  neuron: 'neuron',
  epsilon: 'epsilon',
  perturb: 'perturb',
  tolerance: 'tolerance',
  snapshots: 'snapshots',
  // fig5-hierarchy
  teacher: 'teacher',
  'max-nodes': 'maxNodes',
  // fig3a-tickets
  'growth-seeds': 'growthSeeds',
  outgoing: 'outgoing',
  // fig3b-advop-mlp
  'adv-steps': 'advSteps',
  'adv-scale': 'advScale',
} as const;

function userError(error: unknown): never {
  if (error instanceof RecipeError || error instanceof RunListError) throw new UsageError(error.message);
  throw error;
}

function splitPositional(argv: readonly string[]): { positional: string[]; rest: string[] } {
  const positional: string[] = [];
  let k = 0;
  while (k < argv.length && !argv[k].startsWith('--')) positional.push(argv[k++]);
  return { positional, rest: argv.slice(k) };
}

export const reproduceCommand: CliCommand = {
  name: 'reproduce',
  usage:
    'reproduce NAME [--seeds N] [--widths 4-7] [--samples N] [--max-steps S] [--device cpu|gpu|auto] [--solver reference|fast] [--workers K] [--out DIR] [--resume] [--shard i/n] [--no-png] [--json]\n' +
    '  split-at-init recipes: [--seed S] [--width m] [--neuron j (from 1)] [--epsilon ε (γ = ½ + ε)] [--perturb ε] [--tolerance tol] [--snapshots n]\n' +
    '  fig3a-tickets: [--growth-seeds G (per ticket and width)] [--outgoing glorot|zero (new neurons\' outgoing weights)]\n' +
    '  fig3b-advop-mlp: [--growth-seeds G] [--adv-steps K (advOP cosine steps)] [--adv-scale c (‖θadv‖ = c × the random regrowth\'s)]\n' +
    'reproduce NAME --slurm [--array-size n] [--workers K] [--time HH:MM:SS] [--out DIR] [recipe flags] > job.sh\n' +
    'reproduce --list\n' +
    `  Recipes: ${RECIPES.map((r) => r.name).join(', ')}.\n` +
    '  Each width uses its own seed range (run k at width m: seed m·100000 + k). Every finished run is\n' +
    '  appended to DIR/runs.jsonl at once; --resume continues an interrupted folder.',
  async run(argv, io) {
    const { positional, rest } = splitPositional(argv);
    if (rest.includes('--list') || positional[0] === 'list') {
      io.stdout(RECIPES.map((r) => `${r.name.padEnd(16)} ${r.summary}`).join('\n') + '\n');
      return 0;
    }
    if (positional.length !== 1) throw new UsageError(`reproduce needs exactly one recipe name (known: ${RECIPES.map((r) => r.name).join(', ')})`);
    const name = positional[0];
    const flags = parseFlags(rest, FLAGS);
    try {
      const recipe = recipeByName(name);
      const given: Partial<RecipeParams> = {};
      for (const [flag, key] of Object.entries(PARAM_FLAGS)) {
        const v = flags[flag as keyof typeof PARAM_FLAGS];
        if (v !== undefined) {
          if (!(key in recipe.defaults)) throw new UsageError(`${name} has no --${flag}`);
          given[key] = v;
        }
      }
      const params = recipe.resolve(given);
      const workers = flags.workers ?? 1;
      if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new UsageError(`--workers must be in 1..256, got ${workers}`);
      const out = resolve(io.cwd, flags.out ?? `${defaultWorkspaceDir()}/recipes/${name}`);
      if (flags.slurm) {
        const arraySize = flags['array-size'] ?? 4;
        if (arraySize < 1 || arraySize > 100_000) throw new UsageError(`--array-size must be in 1..100000, got ${arraySize}`);
        const passFlags: string[] = [];
        for (const flag of Object.keys(PARAM_FLAGS)) {
          const v = flags[flag as keyof typeof PARAM_FLAGS];
          if (v !== undefined) passFlags.push(`--${flag}`, String(v));
        }
        if (flags['no-png']) passFlags.push('--no-png');
        const self = process.argv[1] && /escape-studio(\.mjs)?$/.test(process.argv[1]) ? ['node', resolve(process.argv[1])] : ['escape-studio'];
        const script = slurmScript({ name, params, flags: passFlags, arraySize, workers, out, command: self, ...(flags.time ? { timeLimit: flags.time } : {}) });
        // Slurm opens the tasks' log files (in OUT) before the script runs: OUT must exist at submission.
        mkdirSync(out, { recursive: true });
        io.stdout(script);
        return 0;
      }
      const shard = flags.shard !== undefined ? parseShard(flags.shard) : null;
      let cancelled = false;
      const onSignal = () => {
        cancelled = true;
        io.stderr('\nstopping after the runs in flight (finished runs are saved; --resume continues)\n');
      };
      process.once('SIGINT', onSignal);
      const progress = progressPrinter(io, name);
      let counts = '';
      let lastPercent = '';
      const t0 = performance.now();
      let result;
      try {
        result = await runRecipe({
          name,
          params: given,
          out,
          workers,
          resume: flags.resume === true,
          shard,
          png: !flags['no-png'],
          shouldStop: () => cancelled,
          onNote: (message) => io.stderr(`${name}: ${message}\n`),
          onProgress: (done, total, last) => {
            counts = `${done}/${total} runs`;
            progress.update(`${counts}${last ? ` (last: m=${last.width} seed ${last.seed} loss ${last.loss.toExponential(2)}, ${last.seconds.toFixed(2)} s)` : ''}`);
          },
          // a long computed run (fig5's exploration) says how far it is
          onRunProgress: (runId, fraction) => {
            const percent = `${runId}: ${(100 * fraction).toFixed(0)} %`;
            if (percent !== lastPercent) progress.update(`${counts} (${(lastPercent = percent)})`);
          },
        });
      } finally {
        process.removeListener('SIGINT', onSignal);
        progress.done();
      }
      const seconds = (performance.now() - t0) / 1000;
      if (result.cancelled) {
        io.stderr(`${name}: stopped with ${result.manifest.runs.length}/${result.manifest.plannedRuns} runs saved in ${out} (continue with --resume)\n`);
        return 130;
      }
      if (flags.json) io.stdout(JSON.stringify({ out, seconds, summary: result.manifest.summary }) + '\n');
      else io.stdout(`${result.output!.table}\nwrote ${out} (${result.manifest.files.join(', ')}) in ${seconds.toFixed(1)} s\n`);
      return 0;
    } catch (error) {
      userError(error);
    }
  },
};

export const gatherCommand: CliCommand = {
  name: 'gather',
  usage: 'gather DIR… --out DIR [--no-png] [--json]\n  Every planned run must be present exactly once; runs present in two shards must agree.',
  async run(argv, io) {
    const { positional, rest } = splitPositional(argv);
    const flags = parseFlags(rest, { out: 'string', 'no-png': 'boolean', json: 'boolean' } as const);
    if (positional.length === 0) throw new UsageError('gather needs the shard folders (e.g. out/shard-*)');
    if (flags.out === undefined) throw new UsageError('--out is required');
    try {
      const out = resolve(io.cwd, flags.out);
      const result = await gatherRecipes(positional.map((d) => resolve(io.cwd, d)), out, { png: !flags['no-png'] });
      if (flags.json) io.stdout(JSON.stringify({ out, summary: result.manifest.summary }) + '\n');
      else io.stdout(`${result.output!.table}\ngathered ${positional.length} shards (${result.manifest.runs.length} runs) into ${out}\n`);
      return 0;
    } catch (error) {
      userError(error);
    }
  },
};
