/**
 * `escape-studio export`: a run as run.npz + run.json (as `runs.export`), or a batch as a table of
 * its runs (runs.csv, runs.json) plus final_theta.npz, into --out DIR.
 */
import { join, resolve } from 'node:path';
import { checkFinalThetaSize, encodeCsv, encodeFinalThetaNpz, encodeTableJson, tableRows } from '../exports/batchTable';
import { writeFileAtomic } from '../workspace/atomic';
import { exportRun } from '../workspace/export';
import { parseFlags, UsageError } from './args';
import type { CliCommand } from './command';
import { openExistingWorkspace } from './workspaceArg';

/** final_theta.npz is built in memory: at most 2 GiB of θ. */
const MAX_CLI_THETA_BYTES = 2 ** 31;

const FLAGS = { run: 'string', batch: 'string', out: 'string', workspace: 'string', json: 'boolean' } as const;

export const exportCommand: CliCommand = {
  name: 'export',
  usage:
    'export (--run ID | --batch ID) --out DIR [--workspace W] [--json]\n' +
    '  --run:   DIR/run.npz (initial_theta, final_theta, curves, trajectory) and DIR/run.json (spec, results, θ layout).\n' +
    '  --batch: DIR/runs.csv and DIR/runs.json (one row per run: seed, width, final loss, ‖∇L‖, class, index,\n' +
    '           success, …) and DIR/final_theta.npz (final_theta: runs × P, in the rows\' order).\n' +
    '  W defaults to the studio\'s workspace; a running studio holds its workspace, so stop it first.',
  async run(argv, io) {
    const flags = parseFlags(argv, FLAGS);
    if ((flags.run === undefined) === (flags.batch === undefined)) throw new UsageError('give exactly one of --run ID or --batch ID');
    if (flags.out === undefined) throw new UsageError('--out DIR is required');
    const dir = resolve(io.cwd, flags.out);
    const workspace = await openExistingWorkspace(flags.workspace, io.cwd);
    try {
      let files: string[];
      if (flags.run !== undefined) {
        // The folder typed on the command line is the user's choice (like a host's folder dialog).
        const exported = await exportRun(workspace, flags.run, dir, [dir]);
        files = [exported.npzPath, exported.jsonPath];
      } else {
        const batchId = flags.batch!;
        const batch = workspace.listBatches().find((b) => b.batchId === batchId);
        if (!batch) throw new UsageError(`--batch: no batch '${batchId}' in ${workspace.root}`);
        const runs = workspace.listRuns(batchId);
        checkFinalThetaSize(runs, MAX_CLI_THETA_BYTES);
        const thetas: Float64Array[] = [];
        for (const run of runs) thetas.push((await workspace.loadRun(run.runId)).arrays.finalTheta);
        const npz = encodeFinalThetaNpz(runs, thetas);
        const rows = tableRows(runs);
        files = [join(dir, 'runs.csv'), join(dir, 'runs.json'), join(dir, 'final_theta.npz')];
        await writeFileAtomic(files[0]!, encodeCsv(rows));
        await writeFileAtomic(files[1]!, encodeTableJson(batch, rows));
        await writeFileAtomic(files[2]!, npz);
      }
      io.stdout(flags.json ? JSON.stringify({ files }) + '\n' : files.map((f) => `wrote ${f}\n`).join(''));
      return 0;
    } finally {
      await workspace.close();
    }
  },
};
