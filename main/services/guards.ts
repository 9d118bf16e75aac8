/**
 * Checks every request against the machine's limits before any work starts (budgets.ts), and
 * refuses numbers too large for float64 arithmetic (inputRange.ts). Errors are ContractErrors
 * (`invalid`) in the contract's words: `<method>: <field>: <problem>; what would fit`.
 */
import type { PointSource } from '../../contract/analysis';
import { ContractError } from '../../contract/errors';
import type { ExperimentSpec } from '../../contract/experiment';
import type { HierarchyExploreRequest } from '../../contract/hierarchy';
import { teacherInfo } from '../../native-workers/engine';
import type { Workspace } from '../workspace/workspace';
import { analyzeProblem, DENSE_SPECTRUM_LIMIT, gridProblem, layersShape, trainProblem, twoLayerShape, type MachineLimits, type NetShape } from './budgets';
import { inputRangeProblem, MAX_INPUT_MAGNITUDE } from './inputRange';

type TeacherName = ExperimentSpec['teacher'];

function teacherSamples(teacher: TeacherName, samples: number | null | undefined): number {
  return samples ?? teacherInfo(teacher).defaultSamples;
}

function fail(method: string, problem: string | null): void {
  if (problem !== null) throw new ContractError(`${method}: ${problem}`);
}

/** The network and sample count behind a point source, without loading any array. */
function pointShape(workspace: Workspace, source: PointSource): { shape: NetShape; samples: number } | null {
  if (source.kind === 'run') {
    if (!workspace.hasRun(source.runId)) return null; // resolvePoint reports not-found
    const record = workspace.getRunRecord(source.runId);
    const spec = record.summary.spec;
    const stored = spec.dataset !== undefined && workspace.datasets.has(spec.dataset) ? workspace.datasets.summary(spec.dataset).count : null;
    return { shape: layersShape(record.architecture.layers), samples: stored ?? teacherSamples(spec.teacher, spec.samples) };
  }
  if (source.kind === 'network') {
    const layers = source.checkpoint.layers.map((l) => ({ inputs: l.weight[0]?.length ?? 0, outputs: l.weight.length, bias: l.bias !== null }));
    const samples = source.data.kind === 'inline' ? source.data.X.length : teacherSamples(source.data.teacher, source.data.samples);
    return { shape: layersShape(layers), samples };
  }
  return null; // hierarchy nodes: bounded by their exploration's own check
}

function rawRowsProblem(rows: readonly (readonly number[])[], field: string): string | null {
  for (const [n, row] of rows.entries()) {
    for (const [j, v] of row.entries()) {
      if (!(Math.abs(v) <= MAX_INPUT_MAGNITUDE))
        return `${field}[${n}][${j}]: ${v} is too large: with |values| above ${MAX_INPUT_MAGNITUDE.toExponential(0)} the loss overflows float64 (Infinity); rescale the network or the data`;
    }
  }
  return null;
}

export class Guards {
  constructor(
    private readonly workspace: Workspace,
    readonly limits: MachineLimits,
  ) {}

  /** A stored dataset's sample count (null when none is named, or it is missing: the runner reports that). */
  private datasetCount(datasetId: string | undefined): number | null {
    return datasetId !== undefined && this.workspace.datasets.has(datasetId) ? this.workspace.datasets.summary(datasetId).count : null;
  }

  /** experiments.start: one run's memory (every seed needs the same). The queue limit is checked by the runner. */
  experiment(spec: ExperimentSpec): void {
    const info = teacherInfo(spec.teacher);
    const samples = this.datasetCount(spec.dataset) ?? teacherSamples(spec.teacher, spec.samples);
    const layers = spec.architecture?.layers;
    fail(
      'experiments.start',
      trainProblem(
        {
          widthField: 'width',
          samplesField: 'samples',
          width: spec.width,
          samples,
          // gd / adam with polish off never form a Hessian; flow (Rosenbrock), minimize and polish do.
          denseHessian: !((spec.method === 'gd' || spec.method === 'adam') && spec.settings.polish === false),
          shapeFor: (m) =>
            layers && layers.length > 0
              ? layersShape(layers.map((l, i) => (i === 0 ? { ...l, outputs: m } : i === 1 ? { ...l, inputs: m } : l)))
              : twoLayerShape(info.inputDim, m, 1),
        },
        this.limits,
      ),
    );
    const theta = spec.initialTheta ?? [];
    for (const [i, v] of theta.entries()) {
      if (!(Math.abs(v) <= MAX_INPUT_MAGNITUDE))
        fail('experiments.start', `initialTheta[${i}]: ${v} is too large: with |values| above ${MAX_INPUT_MAGNITUDE.toExponential(0)} the loss overflows float64 (Infinity)`);
    }
  }

  /** analyze / split / surface / landscape on a point: memory for analyze, grid work for grids, input range for all. */
  point(
    method: string,
    source: PointSource,
    options: { analyze?: { mode: 'auto' | 'dense' | 'extremal'; smallest: number; largest: number }; resolution?: number } = {},
  ): void {
    if (source.kind === 'network') {
      fail(method, inputRangeProblem({ kind: 'checkpoint', checkpoint: source.checkpoint }, null, { network: 'source.checkpoint.', data: 'source.data.' }));
      if (source.data.kind === 'inline') {
        fail(method, rawRowsProblem(source.data.X, 'source.data.X'));
        fail(method, rawRowsProblem(source.data.y, 'source.data.y'));
      }
    }
    const found = pointShape(this.workspace, source);
    if (!found) return;
    const spectrum = options.analyze;
    if (spectrum) {
      const dense = spectrum.mode === 'dense' || (spectrum.mode === 'auto' && found.shape.parameters <= DENSE_SPECTRUM_LIMIT);
      fail(method, analyzeProblem('source', found.shape, found.samples, this.limits, dense, spectrum.smallest + spectrum.largest));
    }
    if (options.resolution !== undefined) fail(method, gridProblem('resolution', options.resolution, found.shape, found.samples, this.limits));
  }

  /** hierarchy.explore: the widest student's training must fit one job. */
  hierarchy(request: HierarchyExploreRequest): void {
    const info = teacherInfo(request.teacher);
    const samples = teacherSamples(request.teacher, request.samples);
    let widest = 0;
    for (const w of request.widths) widest = Math.max(widest, w);
    fail(
      'hierarchy.explore',
      trainProblem({ widthField: 'widths', samplesField: 'samples', width: widest, samples, shapeFor: (m) => twoLayerShape(info.inputDim, m, 1) }, this.limits),
    );
  }
}
