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
 */
import type { RunGpuPhase } from '../../contract/gpu';
import { TASKS, type TaskResult } from '../../contract/tasks';
import { initialize, networkObjective, Rng, teacherNetwork, twoLayerArchitecture } from '../engine';
import type { TaskContext } from '../pool/runtime';
import { InputError, teacherData, toDataset } from '../tasks/inputs';
import { trainTask } from '../tasks/train';

/** The GPU phase's name in a run's phases (RunPhase.name). */
export const GPU_PHASE_NAME = 'flow/gpu-bs23-f32';

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
  const cpu = trainTask({ ...train, initialTheta: usable ? Float64Array.from(gpu.theta) : Float64Array.from(theta0) }, context);
  if (!usable) return { ...cpu, initialTheta: Float64Array.from(theta0), result: { ...cpu.result, device: 'gpu', gpu: phase(gpu) } };
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
      stoppedBy: `${GPU_PHASE_NAME}: ${gpu.stoppedBy}; ${cpu.result.stoppedBy}`.slice(0, 100),
      phases: [{ name: GPU_PHASE_NAME, fromIndex: 0, toIndex: 1, stopReason: STOP_AS_TRAINER[gpu.stoppedBy] ?? gpu.stoppedBy, steps: gpu.steps }, ...phases].slice(0, 64),
      device: 'gpu',
      gpu: phase(gpu),
    },
  };
}

function phase(gpu: RunGpuPhase): RunGpuPhase {
  return { steps: gpu.steps, rejected: gpu.rejected, odeTime: gpu.odeTime, stoppedBy: gpu.stoppedBy, loss: gpu.loss, seconds: gpu.seconds };
}
