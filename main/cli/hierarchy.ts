/**
 * `escape-studio hierarchy --teacher fig6 --widths 2-5 --seeds 10 …`: the critical-point hierarchy
 * explorer (paper Fig. 5) from the command line; it is the fig5-hierarchy recipe, so the folder
 * (recipe.json, runs.jsonl, data.npz, figure.svg/png, table.txt) is the same as `reproduce fig5-hierarchy`'s.
 */
import { resolve } from 'node:path';
import { RunListError } from '../../native-workers/engine';
import { runRecipe } from '../recipes/runner';
import { RecipeError, type RecipeParams } from '../recipes/types';
import { defaultWorkspaceDir } from '../workspace/location';
import { parseFlags, UsageError } from './args';
import type { CliCommand } from './command';
import { progressPrinter } from './progress';

const FLAGS = {
  teacher: 'string',
  widths: 'string',
  seeds: 'integer',
  samples: 'integer',
  'max-steps': 'integer',
  'max-nodes': 'integer',
  out: 'string',
  resume: 'boolean',
  'no-png': 'boolean',
  json: 'boolean',
} as const;

const PARAMS = { teacher: 'teacher', widths: 'widths', seeds: 'seeds', samples: 'samples', 'max-steps': 'maxSteps', 'max-nodes': 'maxNodes' } as const;

export const hierarchyCommand: CliCommand = {
  name: 'hierarchy',
  usage:
    'hierarchy [--teacher fig6] [--widths 2-5] [--seeds 10] [--samples N] [--max-steps S] [--max-nodes N] [--out DIR] [--resume] [--no-png] [--json]\n' +
    '  Trains SEEDS students per width, splits every minimum one width up, follows its escape\n' +
    '  directions; writes the fig5-hierarchy recipe folder (graph in data.npz, figure.svg/png).',
  async run(argv, io) {
    const flags = parseFlags(argv, FLAGS);
    const given: Partial<RecipeParams> = {};
    for (const [flag, key] of Object.entries(PARAMS)) {
      const v = flags[flag as keyof typeof PARAMS];
      if (v !== undefined) given[key] = v;
    }
    const out = resolve(io.cwd, flags.out ?? `${defaultWorkspaceDir()}/recipes/fig5-hierarchy`);
    let cancelled = false;
    const onSignal = () => {
      cancelled = true;
      io.stderr('\nstopping (the exploration is one run: --resume reruns it)\n');
    };
    process.once('SIGINT', onSignal);
    const progress = progressPrinter(io, 'hierarchy');
    try {
      const result = await runRecipe({ name: 'fig5-hierarchy', params: given, out, resume: flags.resume === true, png: !flags['no-png'], shouldStop: () => cancelled });
      if (result.cancelled) {
        io.stderr(`hierarchy: stopped; nothing saved in ${out} yet (rerun with --resume)\n`);
        return 130;
      }
      if (flags.json) io.stdout(JSON.stringify({ out, summary: result.manifest.summary }) + '\n');
      else io.stdout(`${result.output!.table}\nwrote ${out} (${result.manifest.files.join(', ')})\n`);
      return 0;
    } catch (error) {
      if (error instanceof RecipeError || error instanceof RunListError) throw new UsageError(error.message);
      throw error;
    } finally {
      process.removeListener('SIGINT', onSignal);
      progress.done();
    }
  },
};
