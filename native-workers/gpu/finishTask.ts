/**
 * The `gpuFinish` task: the float64 finish of one student the GPU flow stopped. It runs the very
 * procedure of the CPU `train` task (trainTask: float64 gradient flow — Rosenbrock with Filippov
 * sliding at ReLU kinks —, trust-region Newton polish to 1e-25, the extra flow + polish rounds
 * while uncertified, analyzePoint) starting at the GPU's f32 end point instead of θ₀. Near a
 * critical point that CPU flow is a few dozen implicit steps (it also supplies the kink set the
 * polish works on, which the f32 kernel does not track); the GPU did the thousands of explicit
 * steps before it. The record is the CPU run's, with θ₀ the run's own initialization, the GPU
 * phase prepended to the curve and the phases, steps / ODE time including the GPU's, and
 * `device: 'gpu'` + `gpu` (f32 steps, stop reason, loss).
 *
 * ReLU flow students the kernel stopped as settled: the f32 end point is first moved onto the
 * kinks of the samples within the f32 resolution of a hyperplane on its inactive side, and the
 * float64 flow starts sliding on them (nearKinks.ts says why: the f32 flow overshoots kinks the
 * float64 flow stops on; handsOverKinks says when); `gpu.snappedKinks` counts them.
 */
import type { RunGpuPhase } from '../../contract/gpu';
import { TASKS, type TaskResult } from '../../contract/tasks';
import { initialize, networkObjective, Rng, teacherNetwork, twoLayerArchitecture } from '../engine';
import type { TaskContext } from '../pool/runtime';
import { InputError, teacherData, toDataset } from '../tasks/inputs';
import { trainTask } from '../tasks/train';
import { nearKinks, snapToKinks } from './nearKinks';

/** The GPU phase's name in a run's phases (RunPhase.name). */
export const GPU_PHASE_NAME = 'flow/gpu-bs23-f32';

/** The GPU phase's name for a run's method (the kernel's gd and Adam are named like the CPU's). */
export function gpuPhaseName(method: string): string {
  return method === 'adam' ? 'adam/gpu-f32' : method === 'gd' ? 'gd/gpu-f32' : GPU_PHASE_NAME;
}

/** The GPU stop reason as a trainer StopReason (stall = the flow's patience rule; f32 floor = converged). */
const STOP_AS_TRAINER: Record<string, string> = {
  'loss-floor': 'converged',
  stalled: 'patience',
  'max-steps': 'max-steps',
  'max-time': 'max-time',
  'non-finite': 'non-finite',
  running: 'stopped',
};

export function gpuFinishTask(raw: unknown, context: TaskContext): TaskResult<'train'> {
  const { gpu, ...train } = TASKS.gpuFinish.payload.parse(raw);
  const { spec } = train;
  const data = train.data ? toDataset(train.data) : teacherData(spec.teacher, spec.samples ?? undefined, spec.dataSeed);
  const activation = spec.activation ?? teacherNetwork(spec.teacher).architecture.layers[0].activation;
  const architecture = train.architecture ?? twoLayerArchitecture(data.inputDim, spec.width, data.outputDim, activation);
  const theta0 = train.initialTheta ?? initialize(architecture, spec.init, new Rng(spec.seed));
  if (gpu.theta.length !== theta0.length) throw new InputError(`gpu.theta: has ${gpu.theta.length} entries, the network has ${theta0.length}`);
  // A GPU student that went non-finite hands over nothing usable: the CPU trains it from θ₀.
  const usable = gpu.stoppedBy !== 'non-finite' && gpu.theta.every(Number.isFinite);
  if (!usable) {
    const cpu = trainTask({ ...train, initialTheta: Float64Array.from(theta0) }, context);
    return { ...cpu, initialTheta: Float64Array.from(theta0), result: { ...cpu.result, device: 'gpu', gpu: phase(gpu) } };
  }
  const f32End = Float64Array.from(gpu.theta);
  const start = handsOverKinks(spec.method, gpu.stoppedBy) ? snapToKinks(architecture, data, f32End, nearKinks(architecture, data, f32End)) : { theta: f32End, kinks: [] };
  const cpu = trainTask({ ...train, initialTheta: start.theta }, context, start.kinks.length > 0 ? { initialKinks: start.kinks } : {});
  const L0 = networkObjective(architecture, data).loss(Float64Array.from(theta0));
  const shift = gpu.odeTime;
  const phases = cpu.result.phases?.map((p) => ({ ...p, fromIndex: p.fromIndex + 1, toIndex: p.toIndex + 1 })) ?? [];
  return {
    ...cpu,
    initialTheta: Float64Array.from(theta0),
    // The GPU phase is one segment θ₀ → its end point (the kernel keeps no curve).
    curveTime: Float64Array.from([0, ...Array.from(cpu.curveTime, (t) => t + shift)]),
    curveLoss: Float64Array.from([L0, ...cpu.curveLoss]),
    trajectoryTime: Float64Array.from(cpu.trajectoryTime, (t) => t + shift),
    result: {
      ...cpu.result,
      steps: cpu.result.steps + gpu.steps,
      odeTime: cpu.result.odeTime === null ? null : cpu.result.odeTime + shift,
      stoppedBy: `${gpuPhaseName(spec.method)}: ${gpu.stoppedBy}; ${cpu.result.stoppedBy}`.slice(0, 100),
      phases: [{ name: gpuPhaseName(spec.method), fromIndex: 0, toIndex: 1, stopReason: STOP_AS_TRAINER[gpu.stoppedBy] ?? gpu.stoppedBy, steps: gpu.steps }, ...phases].slice(0, 64),
      device: 'gpu',
      gpu: { ...phase(gpu), snappedKinks: start.kinks.length },
    },
  };
}

/**
 * The near-kink handover (nearKinks.ts) only for flow students the kernel stopped as settled
 * (stall or f32 loss floor): the overshoot it undoes is the last steps' onto a kink the float64
 * flow would hold. A student cut off by its step or time budget is still moving, its near-kink
 * samples are in transit, and holding them changed more classes away from the CPU's than towards
 * them (fig3c m = 4, 200 seeds, 2,000 f32 steps: 11 fixed, 15 broken; stalled students alone 7
 * fixed, 4 broken; docs/results/gpu-agreement-200-2026-12-02.txt). gd / adam have no sliding.
 */
export function handsOverKinks(method: string, stoppedBy: RunGpuPhase['stoppedBy']): boolean {
  return method === 'flow' && (stoppedBy === 'stalled' || stoppedBy === 'loss-floor');
}

function phase(gpu: RunGpuPhase): RunGpuPhase {
  return { steps: gpu.steps, rejected: gpu.rejected, odeTime: gpu.odeTime, stoppedBy: gpu.stoppedBy, loss: gpu.loss, seconds: gpu.seconds };
}
