/**
 * One batch on the GPU: the runs of one spec (same teacher, width, activation, budgets; one seed
 * each) start from their seeded initializations — exactly the θ₀ the CPU `train` task draws —,
 * advance together in the f32 kernel (flow, or full-batch gd / adam with the spec's learning
 * rate), and each end point becomes a `gpuFinish` task payload for the CPU pool (finishTask.ts).
 * Used by the studio's batches (main/services/gpuBatches.ts), recipes (main/recipes/gpuExecutor.ts)
 * and scripts/gpuAgreement.ts.
 *
 * gd / adam: the finish is the CPU `train` procedure of the same method from the GPU end point,
 * given what is left of the step budget (maxSteps − GPU steps, at least one step), so a run takes
 * as many gd / adam steps as on the CPU, the first ones in f32; Adam's moments restart at the
 * hand-over (the CPU Adam starts from m = v = 0). Then the usual polish and analyzePoint.
 */
import type { RunSpec } from '../../contract/experiment';
import type { TaskData, TaskPayload } from '../../contract/tasks';
import { FLOW_DEFAULTS, initialize, Rng, teacherNetwork, twoLayerArchitecture, type Architecture, type Dataset } from '../engine';
import { gpuShape, trainBatchGpu, type GpuTrainOptions } from './batchTrainer';
import type { GpuMethod } from './shader';
import type { GpuAdapterSummary } from './device';
import { teacherData, toDataset } from '../tasks/inputs';

/** Kernel settings of a batch (the rest comes from the run spec's budgets). */
export const GPU_FLOW_SETTINGS = {
  /** f32 tolerances: the CPU's 1e-6 sits too near f32 ε = 1.2e-7 (see batchTrainer.ts). */
  relTol: 1e-5,
  absTol: 1e-6,
  /** Hand over to the CPU when the best loss fell < 0.01 % per doubling of ODE time (the CPU flow goes on from there). */
  stallRel: 1e-4,
} as const;

/**
 * The engine's gd / adam defaults (train/firstOrder.ts: maxSteps 100,000; learning rate 0.01 for
 * gd, 0.001 for adam), used when the spec gives none; firstOrderKernel.test.ts checks them against the CPU.
 */
export const FIRST_ORDER_DEFAULTS = { maxSteps: 100_000, learningRate: { gd: 0.01, adam: 0.001 } } as const;

interface SpecLike {
  readonly method: RunSpec['method'];
  readonly samples?: number | null | undefined;
  readonly settings?: { readonly batchSize?: number | undefined } | undefined;
  readonly teacher: RunSpec['teacher'];
  readonly width: number;
  readonly activation?: RunSpec['activation'] | undefined;
  readonly architecture?: { readonly layers: readonly { readonly activation: string; readonly inputs: number; readonly outputs: number; readonly bias: boolean }[] } | undefined;
}

/**
 * Why the GPU cannot run this spec (the user's words), or null when it can: the kernel trains
 * gradient flow, full-batch gd and full-batch adam of two-layer nets d → m → 1 with
 * relu/softplus/tanh/sigmoid/g hidden units.
 */
export function gpuUnsupported(spec: SpecLike, hasInitialTheta = false): string | null {
  if (spec.method === 'minimize') return `the GPU trains flow, gd and adam; method 'minimize' (L-BFGS + Newton) runs on the CPU`;
  const batchSize = spec.settings?.batchSize;
  if (spec.method !== 'flow' && batchSize !== undefined && !(spec.samples != null && batchSize >= spec.samples))
    return `the GPU trains full-batch ${spec.method}; minibatches (batchSize ${batchSize}) run on the CPU`;
  if (hasInitialTheta) return 'a given initialTheta (one start for every seed) runs on the CPU';
  try {
    gpuShape((spec.architecture ?? architectureOf(spec, null)) as Architecture);
  } catch (error) {
    return (error as Error).message;
  }
  return null;
}

function architectureOf(spec: SpecLike, data: Dataset | null): Architecture {
  const teacher = teacherNetwork(spec.teacher).architecture.layers;
  const activation = spec.activation ?? teacher[0].activation;
  return twoLayerArchitecture(data?.inputDim ?? teacher[0].inputs, spec.width, data?.outputDim ?? teacher[teacher.length - 1].outputs, activation);
}

export interface GpuBatchInput {
  /** The runs (one per seed), all of one spec but the seed. */
  readonly specs: readonly RunSpec[];
  readonly architecture?: TaskPayload<'train'>['architecture'];
  /** A stored dataset's arrays (spec.dataset); the teacher's data when absent. */
  readonly data?: TaskData;
  readonly shouldStop?: () => boolean;
  /** Called after each read-back with how many students still run. */
  readonly onProgress?: (running: number, total: number) => void;
  /** Kernel overrides (tests, bench). */
  readonly kernel?: Partial<GpuTrainOptions>;
}

export interface GpuBatchOutput {
  /** One `gpuFinish` payload per spec, in order. */
  readonly payloads: TaskPayload<'gpuFinish'>[];
  readonly adapter: GpuAdapterSummary;
  /** Wall seconds of the GPU phase. */
  readonly seconds: number;
  readonly dispatches: number;
}

/** The kernel options of the spec's method and budgets. */
function kernelOptions(method: GpuMethod, b: RunSpec['budgets']): GpuTrainOptions {
  if (method === 'flow') return { method, maxSteps: b.maxSteps ?? FLOW_DEFAULTS.maxSteps, maxTime: b.maxTime ?? FLOW_DEFAULTS.maxTime, ...GPU_FLOW_SETTINGS };
  return {
    method,
    maxSteps: b.maxSteps ?? FIRST_ORDER_DEFAULTS.maxSteps,
    ...(b.maxTime !== undefined ? { maxTime: b.maxTime } : {}),
    initialStep: b.learningRate ?? FIRST_ORDER_DEFAULTS.learningRate[method],
    // The CPU stops at the run's loss target: so does its GPU part.
    ...(b.lossTarget !== undefined ? { lossTarget: b.lossTarget } : {}),
    stallRel: GPU_FLOW_SETTINGS.stallRel,
  };
}

/** What the CPU finish of a gd / adam run has left of its budget after `steps` GPU steps to `time`. */
function remainingBudgets(method: GpuMethod, b: RunSpec['budgets'], steps: number, time: number): RunSpec['budgets'] {
  if (method === 'flow') return b;
  const lr = b.learningRate ?? FIRST_ORDER_DEFAULTS.learningRate[method];
  const maxSteps = Math.max(1, (b.maxSteps ?? FIRST_ORDER_DEFAULTS.maxSteps) - steps);
  // maxTime is ODE time for gd (steps × lr), steps for adam; at least one more step either way.
  const maxTime = b.maxTime === undefined ? undefined : Math.max(method === 'gd' ? lr : 1, b.maxTime - time);
  return { ...b, maxSteps, ...(maxTime !== undefined ? { maxTime } : {}) };
}

/** Runs the GPU phase of the batch (the spec's method: flow, gd or adam) and returns the CPU finish payloads. */
export async function runGpuFlow(input: GpuBatchInput): Promise<GpuBatchOutput> {
  const first = input.specs[0];
  if (!first) throw new Error('a GPU batch needs at least one run');
  const data = input.data ? toDataset(input.data) : teacherData(first.teacher, first.samples ?? undefined, first.dataSeed);
  const architecture = (input.architecture as Architecture | undefined) ?? architectureOf(first, data);
  const starts = input.specs.map((s) => initialize(architecture, s.init, new Rng(s.seed)));
  if (first.method === 'minimize') throw new Error(gpuUnsupported(first) ?? 'minimize runs on the CPU');
  const method: GpuMethod = first.method;
  const r = await trainBatchGpu(architecture, data, starts, {
    ...kernelOptions(method, first.budgets),
    ...(input.shouldStop ? { shouldStop: input.shouldStop } : {}),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    ...input.kernel,
  });
  const share = r.seconds / starts.length;
  const payloads = input.specs.map((spec, i): TaskPayload<'gpuFinish'> => {
    const s = r.students[i]!;
    const time = Number.isFinite(s.time) && s.time >= 0 ? s.time : 0;
    return {
      spec: { ...spec, budgets: remainingBudgets(method, spec.budgets, s.steps, time) },
      initialTheta: null,
      ...(input.architecture !== undefined ? { architecture: input.architecture } : {}),
      ...(input.data !== undefined ? { data: input.data } : {}),
      gpu: {
        theta: s.theta,
        steps: s.steps,
        rejected: s.rejected,
        odeTime: time,
        stoppedBy: s.stoppedBy,
        loss: Number.isFinite(s.loss) && s.loss >= 0 ? s.loss : null,
        seconds: share,
      },
    };
  });
  return { payloads, adapter: r.adapter, seconds: r.seconds, dispatches: r.dispatches };
}
