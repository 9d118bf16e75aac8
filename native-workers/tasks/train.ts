/** The `train` task: one student from a teacher preset (or a given θ₀), trained and classified. */
import { TASKS, type TaskResult } from '../../contract/tasks';
import { analyzePoint } from '../engine/analysis';
import { initialize } from '../engine/init';
import { parameterCount, twoLayerArchitecture } from '../engine/layout';
import { Rng } from '../engine/random';
import { teacherNetwork } from '../engine/teachers';
import { trainNetwork, type TrainOptions } from '../engine/train/train';
import { TaskCancelledError, type TaskContext } from '../pool/runtime';
import { InputError, teacherData } from './inputs';

/** Points are classified (full Hessian spectrum) up to this many parameters. */
export const CLASSIFY_MAX_PARAMETERS = 1000;
const DEFAULT_LOSS_TARGET = 1e-25;

export function trainTask(raw: unknown, context: TaskContext): TaskResult<'train'> {
  const { spec, initialTheta } = TASKS.train.payload.parse(raw);
  const t0 = performance.now();
  const data = teacherData(spec.teacher, spec.samples ?? undefined, spec.dataSeed);
  const activation = spec.activation ?? teacherNetwork(spec.teacher).architecture.layers[0]!.activation;
  const architecture = twoLayerArchitecture(data.inputDim, spec.width, data.outputDim, activation);
  const P = parameterCount(architecture);
  if (initialTheta && initialTheta.length !== P)
    throw new InputError(`initialTheta: has ${initialTheta.length} entries, a width-${spec.width} student has ${P}`);
  const theta0 = initialTheta ?? initialize(architecture, spec.init, new Rng(spec.seed));
  const b = spec.budgets;
  const options: TrainOptions = {
    method: spec.method,
    ...(b.maxSteps !== undefined ? { maxSteps: b.maxSteps } : {}),
    ...(b.maxTime !== undefined ? { maxTime: b.maxTime } : {}),
    ...(b.lossTarget !== undefined ? { lossTarget: b.lossTarget } : {}),
    ...(b.gradTolerance !== undefined ? { gradFloor: b.gradTolerance } : {}),
    ...(b.learningRate !== undefined ? { learningRate: b.learningRate } : {}),
    ...(b.polishSteps !== undefined ? { polishSteps: b.polishSteps, polish: b.polishSteps > 0 } : {}),
    seed: spec.seed,
    shouldStop: context.shouldStop,
    progressEvery: 5,
    onProgress: (fraction, info) =>
      context.progress({ progress: fraction, step: info.step, loss: Number.isFinite(info.bestLoss) ? info.bestLoss : null }),
  };
  const result = trainNetwork({ architecture, theta: theta0 }, data, options);
  const steps = result.steps;
  const odeTime = spec.method === 'flow' ? (result.phases[0]?.time ?? null) : null;
  if (result.stoppedBy === 'stopped') throw new TaskCancelledError('training cancelled');
  if (!Number.isFinite(result.loss)) throw new Error(`training ended without a finite loss (${result.stoppedBy})`);

  let classification: string | null = null;
  let index: number | null = null;
  const lossTarget = spec.budgets.lossTarget ?? DEFAULT_LOSS_TARGET;
  if (P <= CLASSIFY_MAX_PARAMETERS && !context.shouldStop()) {
    const point = analyzePoint({ architecture, theta: result.theta }, data, { lossTarget, maxEscapeDirections: 0 });
    classification = point.classification;
    index = point.index;
  }
  const trajectory = spec.recordTrajectory ? result.trajectory : { times: [], losses: [], thetas: [] };
  const trajectoryTheta = new Float64Array(trajectory.thetas.length * P);
  trajectory.thetas.forEach((theta, k) => trajectoryTheta.set(theta, k * P));
  context.progress({ progress: 1, step: steps, loss: result.loss });
  return {
    result: {
      finalLoss: result.loss,
      gradNorm: result.gradNorm,
      steps,
      odeTime,
      stoppedBy: result.stoppedBy,
      seconds: (performance.now() - t0) / 1000,
      success: result.loss < lossTarget,
      classification,
      index,
    },
    architecture: { layers: architecture.layers.map((l) => ({ ...l })) },
    parameterCount: P,
    initialTheta: Float64Array.from(theta0),
    finalTheta: Float64Array.from(result.theta),
    curveTime: Float64Array.from(result.trajectory.curve.times),
    curveLoss: Float64Array.from(result.trajectory.curve.losses),
    trajectoryTime: Float64Array.from(trajectory.times),
    trajectoryLoss: Float64Array.from(trajectory.losses),
    trajectoryTheta,
  };
}
