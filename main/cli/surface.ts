/**
 * `escape-studio surface`: the loss-landscape workflow from the command line — L(θ₀ + αu + βv) on
 * a grid (`--x=-1:1:51 --y=-1:1:51`) of a plane (`--dirs escape-curvature|random-filter|pca|eig:i,j`)
 * through a stored run's θ or a checkpoint, written as .npz, loss-landscape .h5, or ParaView
 * .vtp/.vts. Runs the engine's `computeLandscape` in this thread (the studio runs the same in its pool).
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { computeLandscape, teacherDataset, type Dataset, type LandscapePlaneSpec, type Network } from '../../native-workers/engine';
import { SURFACE_FORMATS } from '../../contract/exports';
import { planeSummary, surfaceFromLandscape } from '../exports/surfaceData';
import { encodeSurface, surfaceFormatOf } from '../exports/surfaceFile';
import { writeSurfaceH5 } from '../exports/surfaceH5';
import { tempName, writeFileAtomic } from '../workspace/atomic';
import { parseFlags, UsageError, type ParsedFlags } from './args';
import type { CliCommand } from './command';
import { loadData, loadNetwork } from './inputs';
import { progressPrinter } from './progress';
import { parseAxis, parseDirs, type DirsSpec } from './surfaceArgs';
import { openExistingWorkspace } from './workspaceArg';

const FLAGS = {
  run: 'string',
  which: 'string',
  workspace: 'string',
  checkpoint: 'string',
  data: 'string',
  teacher: 'string',
  samples: 'integer',
  'data-seed': 'integer',
  out: 'string',
  x: 'string',
  y: 'string',
  dirs: 'string',
  seed: 'integer',
  bias: 'string',
  json: 'boolean',
} as const;
type Flags = ParsedFlags<typeof FLAGS>;

const DEFAULT_COUNT = 51;

interface Source {
  readonly network: Network;
  readonly data: Dataset;
  /** θ snapshots of the run's trajectory (projected onto the plane; PCA's input). */
  readonly trajectory: Float64Array[];
  readonly label: string;
}

async function loadSource(flags: Flags, cwd: string): Promise<Source> {
  const dataFlags = { data: flags.data, teacher: flags.teacher, samples: flags.samples, dataSeed: flags['data-seed'] };
  if ((flags.run === undefined) === (flags.checkpoint === undefined)) throw new UsageError('give exactly one of --run ID or --checkpoint FILE');
  if (flags.checkpoint !== undefined) {
    if (flags.which !== undefined) throw new UsageError('--which goes with --run');
    const network = loadNetwork(flags.checkpoint, cwd);
    return { network, data: loadData(dataFlags, cwd, network.architecture), trajectory: [], label: `checkpoint ${flags.checkpoint}` };
  }
  const which = flags.which ?? 'final';
  if (which !== 'final' && which !== 'initial') throw new UsageError(`--which must be final or initial, got '${which}'`);
  const workspace = await openExistingWorkspace(flags.workspace, cwd);
  try {
    const { record, arrays } = await workspace.loadRun(flags.run!);
    const network = { architecture: record.architecture, theta: which === 'final' ? arrays.finalTheta : arrays.initialTheta };
    const spec = record.summary.spec;
    const data =
      flags.data !== undefined || flags.teacher !== undefined
        ? loadData(dataFlags, cwd, network.architecture)
        : teacherDataset(spec.teacher, { dataSeed: spec.dataSeed, ...(spec.samples !== null ? { samples: spec.samples } : {}) });
    const P = record.summary.parameterCount;
    const T = arrays.trajectoryTime.length;
    const trajectory = Array.from({ length: T }, (_, t) => arrays.trajectoryTheta.slice(t * P, (t + 1) * P));
    return { network, data, trajectory, label: `run ${flags.run} (${which} θ)` };
  } finally {
    await workspace.close();
  }
}

function planeOf(dirs: DirsSpec, flags: Flags, source: Source): LandscapePlaneSpec {
  if (dirs.kind !== 'random-filter' && (flags.seed !== undefined || flags.bias !== undefined))
    throw new UsageError('--seed and --bias go with --dirs random-filter');
  switch (dirs.kind) {
    case 'random-filter': {
      const bias = flags.bias ?? 'zero';
      if (bias !== 'zero' && bias !== 'filter') throw new UsageError(`--bias must be zero or filter, got '${bias}'`);
      return { kind: 'random', seed: flags.seed ?? 0, bias };
    }
    case 'pca':
      if (source.trajectory.length < 3)
        throw new UsageError(`--dirs pca needs a run with a recorded trajectory of at least 3 snapshots (${source.label} has ${source.trajectory.length})`);
      return { kind: 'pca', points: source.trajectory };
    default:
      return dirs;
  }
}

export const surfaceCommand: CliCommand = {
  name: 'surface',
  usage:
    'surface (--run ID [--which final|initial] [--workspace W] | --checkpoint C.json) [--data D.json | --teacher T [--samples N] [--data-seed S]]\n' +
    '        --out S.npz|S.h5|S.vtp|S.vts [--x=MIN:MAX:COUNT] [--y=MIN:MAX:COUNT]\n' +
    '        [--dirs escape-curvature|random-filter|pca|eig:i,j (default escape-curvature)] [--seed S] [--bias zero|filter] [--json]\n' +
    '  Grid: loss[i, k] = L(θ₀ + x[k]·u + y[i]·v), L = (1/N) Σ‖f(x)−y‖²; --x/--y must have the same COUNT (default 51);\n' +
    '  without a range, eigenvector axes span ±√(2L(θ₀)/|λ|) and other axes fit θ₀ and the trajectory.\n' +
    '  escape-curvature: u = the most negative-curvature Hessian eigenvector, v = the largest; eig:i,j: eigenvectors i, j\n' +
    '  (eigenvalues ascending); random-filter: filter-normalized random directions (Li et al. 2018, --seed, --bias);\n' +
    '  pca: the two principal components of the run\'s trajectory. A run\'s trajectory is projected onto the plane\n' +
    '  (a polyline in .vtp; trajectory_* arrays in .npz/.h5). .h5 keys: xcoordinates, ycoordinates, train_loss (plot_2D.py, h52vtp.py).',
  async run(argv, io) {
    const flags = parseFlags(argv, FLAGS);
    if (flags.out === undefined) throw new UsageError('--out S.npz|S.h5|S.vtp|S.vts is required');
    const format = surfaceFormatOf(flags.out);
    if (!format) throw new UsageError(`--out: '${flags.out}' must end in ${SURFACE_FORMATS.map((f) => '.' + f).join(', ')}`);
    const x = flags.x !== undefined ? parseAxis('x', flags.x) : null;
    const y = flags.y !== undefined ? parseAxis('y', flags.y) : null;
    if (x && y && x.count !== y.count) throw new UsageError(`--x and --y must have the same COUNT (the grid is square), got ${x.count} and ${y.count}`);
    const resolution = x?.count ?? y?.count ?? DEFAULT_COUNT;
    const dirs = parseDirs(flags.dirs ?? 'escape-curvature');
    const out = resolve(io.cwd, flags.out);
    const source = await loadSource(flags, io.cwd);
    const plane = planeOf(dirs, flags, source);
    // The output folder is made (or found unwritable) before the grid is computed.
    await mkdir(dirname(out), { recursive: true });

    const progress = progressPrinter(io, 'surface');
    const result = computeLandscape(source.network, source.data, {
      plane,
      resolution,
      alphaRange: x?.range ?? null,
      betaRange: y?.range ?? null,
      project: source.trajectory,
      onProgress: (done, total) => progress.update(`${done}/${total} points`),
    })!;
    progress.done();
    const data = surfaceFromLandscape(result, source.network.theta, planeSummary(plane), source.label);
    if (format === 'h5') {
      // h5wasm writes the file itself: to a temporary name first, renamed into place when complete.
      const temp = tempName(out);
      try {
        await writeSurfaceH5(data, temp);
        await rename(temp, out);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    } else await writeFileAtomic(out, await encodeSurface(format, data));

    let min = Infinity;
    let max = -Infinity;
    for (const value of result.loss) [min, max] = [Math.min(min, value), Math.max(max, value)];
    const summary = {
      out,
      format,
      resolution,
      alphaRange: result.alphaRange,
      betaRange: result.betaRange,
      axes: result.axes.map((a) => a.label),
      originLoss: result.originLoss,
      minLoss: min,
      maxLoss: max,
      trajectoryPoints: source.trajectory.length,
    };
    io.stdout(
      flags.json
        ? JSON.stringify(summary) + '\n'
        : [
            `wrote ${out} (${format}, ${resolution}×${resolution} grid)`,
            `  x: ${summary.axes[0]}  [${result.alphaRange.map((v) => v.toPrecision(4)).join(', ')}]`,
            `  y: ${summary.axes[1]}  [${result.betaRange.map((v) => v.toPrecision(4)).join(', ')}]`,
            `  loss at θ₀ ${result.originLoss.toExponential(6)}, on the grid ${min.toExponential(3)} … ${max.toExponential(3)}`,
            source.trajectory.length ? `  trajectory: ${source.trajectory.length} points projected` : '',
            '',
          ]
            .filter((line, i, all) => line !== '' || i === all.length - 1)
            .join('\n'),
    );
    return 0;
  },
};
