/** The `train` task: one student from a teacher preset (or a given θ₀), trained and certified. */
import { TASKS, type TaskResult } from '../../contract/tasks';
import { initialize } from '../engine';
import { parameterCount, twoLayerArchitecture } from '../engine';
import { Rng } from '../engine';
import { teacherNetwork } from '../engine';
import { TaskCancelledError, type TaskContext } from '../pool/runtime';
import { InputError, teacherData } from './inputs';
import { trainAndCertify } from '../engine';

/** End points are certified (dense Hessian spectrum) up to this many parameters. */
export const CLASSIFY_MAX_PARAMETERS = 1000;
const DEFAULT_LOSS_TARGET = 1e-25;

export function trainTask(raw: unknown, context: TaskContext): TaskResult<'train'> {
  const { spec, initialTheta } = TASKS.train.payload.parse(raw);
  const data = teacherData(spec.teacher, spec.samples ?? undefined, spec.dataSeed);
  const activation = spec.activation ?? teacherNetwork(spec.teacher).architecture.layers[0].activation;
  const architecture = twoLayerArchitecture(data.inputDim, spec.width, data.outputDim, activation);
  const P = parameterCount(architecture);
  if (initialTheta && initialTheta.length !== P)
    throw new InputError(`initialTheta: has ${initialTheta.length} entries, a width-${spec.width} student has ${P}`);
  const theta0 = initialTheta ?? initialize(architecture, spec.init, new Rng(spec.seed));
  const b = spec.budgets;
  const s = spec.settings;
  const { outcome, analysis, seconds } = trainAndCertify(
    { architecture, theta: theta0 },
    data,
    {
      method: spec.method,
      seed: spec.seed,
      ...(s.solver !== undefined ? { solver: s.solver } : {}),
      ...(s.batchSize !== undefined ? { batchSize: s.batchSize } : {}),
      ...(s.polish !== undefined ? { polish: s.polish } : {}),
      ...(b.maxSteps !== undefined ? { maxSteps: b.maxSteps } : {}),
      ...(b.maxTime !== undefined ? { maxTime: b.maxTime } : {}),
      ...(b.lossTarget !== undefined ? { lossTarget: b.lossTarget } : {}),
      ...(b.gradTolerance !== undefined ? { gradFloor: b.gradTolerance } : {}),
      ...(b.learningRate !== undefined ? { learningRate: b.learningRate } : {}),
      ...(b.polishSteps !== undefined ? { polishSteps: b.polishSteps } : {}),
    },
    {
      shouldStop: context.shouldStop,
      progressEvery: 5,
      onProgress: (fraction, info) =>
        context.progress({ progress: fraction, step: info.step, loss: Number.isFinite(info.bestLoss) ? info.bestLoss : null }),
    },
    (count) => count <= CLASSIFY_MAX_PARAMETERS && !context.shouldStop(),
  );
  if (outcome.stoppedBy === 'stopped' || context.shouldStop()) throw new TaskCancelledError('training cancelled');
  if (!Number.isFinite(outcome.loss)) throw new Error(`training ended without a finite loss (${outcome.stoppedBy})`);

  const lossTarget = b.lossTarget ?? DEFAULT_LOSS_TARGET;
  const trajectory = spec.recordTrajectory ? outcome.trajectory : { times: [], losses: [], thetas: [] };
  const trajectoryTheta = new Float64Array(trajectory.thetas.length * P);
  trajectory.thetas.forEach((theta, k) => trajectoryTheta.set(theta, k * P));
  return {
    result: {
      finalLoss: outcome.loss,
      gradNorm: outcome.gradNorm,
      steps: outcome.steps,
      odeTime: spec.method === 'flow' ? (outcome.phases[0]?.time ?? null) : null,
      stoppedBy: outcome.phases.map((p) => `${p.method}: ${p.stoppedBy}`).join('; ').slice(0, 100),
      seconds,
      success: outcome.loss < lossTarget,
      classification: analysis?.classification ?? null,
      index: analysis?.index ?? null,
    },
    architecture: { layers: architecture.layers.map((l) => ({ ...l })) },
    parameterCount: P,
    initialTheta: Float64Array.from(theta0),
    finalTheta: Float64Array.from(outcome.theta),
    curveTime: Float64Array.from(outcome.trajectory.curve.times),
    curveLoss: Float64Array.from(outcome.trajectory.curve.losses),
    trajectoryTime: Float64Array.from(trajectory.times),
    trajectoryLoss: Float64Array.from(trajectory.losses),
    trajectoryTheta,
  };
}
