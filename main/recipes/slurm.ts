/**
 * `reproduce NAME --slurm`: a Slurm job-array script, one shard per array task (chunked seeds:
 * each task runs a contiguous block of the run list, never one tiny job per seed). Each task
 * writes OUT/shard-<i> with --resume, so a requeued or preempted task continues where it stopped
 * (`--requeue`, logs opened in append mode); `gather` merges the shards afterwards. Slurm opens
 * the log files before the script runs, so OUT must exist when the job starts (the CLI makes it).
 * Tested against a real single-node Slurm: tests/unit/recipes/slurm.real.test.ts.
 */
import { recipeByName } from './registry';
import { RecipeError, type RecipeParams } from './types';

export const shellQuote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export interface SlurmScriptOptions {
  readonly name: string;
  /** The recipe's parameters (resolved or as given: they are resolved again to count the runs). */
  readonly params: Partial<RecipeParams>;
  /** Recipe flags passed to every task as given on the command line (e.g. --seeds 100). */
  readonly flags: readonly string[];
  readonly arraySize: number;
  /** Worker threads per task = --cpus-per-task. */
  readonly workers: number;
  /** Absolute output folder: shards in OUT/shard-<i>, logs OUT/slurm-<job>_<task>.out/.err. */
  readonly out: string;
  /** The escape-studio command as argv (e.g. ['node', '/abs/bin/escape-studio.mjs']); $ESCAPE_STUDIO overrides it. */
  readonly command: readonly string[];
  /** #SBATCH --time (HH:MM:SS, D-HH:MM:SS …); the cluster's default when absent. */
  readonly timeLimit?: string;
}

export function slurmScript(options: SlurmScriptOptions): string {
  const { name, arraySize, workers, out } = options;
  const recipe = recipeByName(name);
  const planned = recipe.plan(recipe.resolve(options.params)).length;
  if (!Number.isInteger(arraySize) || arraySize < 1 || arraySize > Math.max(1, planned))
    throw new RecipeError(`--array-size must be in 1..${Math.max(1, planned)} (${name} plans ${planned} run${planned === 1 ? '' : 's'} with these parameters; each task runs at least one), got ${arraySize}`);
  if (options.timeLimit !== undefined && !/^(\d+-)?\d+(:\d{1,2}){0,2}$/.test(options.timeLimit))
    throw new RecipeError(`--time must be a Slurm time limit such as 02:00:00 or 1-12:00:00, got ${options.timeLimit}`);
  const q = shellQuote(out);
  const cli = options.command.map(shellQuote).join(' ');
  const perTask = `${Math.floor(planned / arraySize)}${planned % arraySize ? `–${Math.ceil(planned / arraySize)}` : ''}`;
  const lines = [
    '#!/bin/bash',
    `# escape-studio ${name}: ${planned} planned runs as a Slurm job array of ${arraySize} tasks (${perTask} consecutive runs each).`,
    '# Submit: sbatch THIS_FILE. A requeued task resumes its shard; when all are done, gather (last line).',
    `#SBATCH --job-name=escape-${name}`,
    `#SBATCH --array=0-${arraySize - 1}`,
    '#SBATCH --ntasks=1',
    `#SBATCH --cpus-per-task=${workers}`,
    ...(options.timeLimit ? [`#SBATCH --time=${options.timeLimit}`] : []),
    `#SBATCH --output=${q}/slurm-%A_%a.out`,
    `#SBATCH --error=${q}/slurm-%A_%a.err`,
    '#SBATCH --open-mode=append',
    '#SBATCH --requeue',
    'set -euo pipefail',
    'if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then echo "submit this script with sbatch (SLURM_ARRAY_TASK_ID is not set)" >&2; exit 2; fi',
    `if [ -n "\${ESCAPE_STUDIO:-}" ]; then read -r -a CLI <<< "$ESCAPE_STUDIO"; else CLI=(${cli}); fi`,
    `mkdir -p ${q}`,
    `"\${CLI[@]}" reproduce ${shellQuote(name)} ${options.flags.map(shellQuote).join(' ')}${options.flags.length ? ' ' : ''}--workers ${workers} --out ${q}/shard-\${SLURM_ARRAY_TASK_ID} --shard \${SLURM_ARRAY_TASK_ID}/${arraySize} --resume`,
    `# when every task is done (or: sbatch --dependency=afterok:<array job id> --wrap "…"): ${cli} gather ${q}/shard-* --out ${q}/merged`,
  ];
  return lines.join('\n') + '\n';
}
