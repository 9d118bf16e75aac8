/**
 * `reproduce NAME --slurm`: a Slurm job-array script, one shard per array task (chunked seeds:
 * each task runs a contiguous block of the run list, never one tiny job per seed). Each task
 * writes OUT/shard-<i> with --resume, so a requeued or preempted task continues where it stopped;
 * `gather` merges the shards afterwards.
 */
import type { RecipeParams } from './types';

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function slurmScript(options: { name: string; params: Partial<RecipeParams>; flags: string[]; arraySize: number; workers: number; out: string; command: string; timeLimit?: string }): string {
  const { name, arraySize, workers, out } = options;
  const lines = [
    '#!/bin/bash',
    `#SBATCH --job-name=escape-${name}`,
    `#SBATCH --array=0-${arraySize - 1}`,
    '#SBATCH --ntasks=1',
    `#SBATCH --cpus-per-task=${workers}`,
    ...(options.timeLimit ? [`#SBATCH --time=${options.timeLimit}`] : []),
    `#SBATCH --output=${shellQuote(out)}/slurm-%A_%a.log`,
    'set -euo pipefail',
    `ESCAPE_STUDIO=\${ESCAPE_STUDIO:-${shellQuote(options.command)}}`,
    `mkdir -p ${shellQuote(out)}`,
    `$ESCAPE_STUDIO reproduce ${shellQuote(name)} ${options.flags.map(shellQuote).join(' ')} --workers ${workers} --out ${shellQuote(out)}/shard-\${SLURM_ARRAY_TASK_ID} --shard \${SLURM_ARRAY_TASK_ID}/${arraySize} --resume`,
    `# when every task is done: $ESCAPE_STUDIO gather ${shellQuote(out)}/shard-* --out ${shellQuote(out)}/merged`,
  ];
  return lines.join('\n') + '\n';
}
