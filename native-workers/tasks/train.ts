/** The `train` task: one student from a teacher preset (or a given θ₀), trained and certified. */
import { TASKS, type TaskPayload, type TaskResult } from '../../contract/tasks';
import { initialize } from '../engine';
import { parameterCount, twoLayerArchitecture } from '../engine';
import { Rng } from '../engine';
import { teacherNetwork } from '../engine';
import { TaskCancelledError, type TaskContext } from '../pool/runtime';
import { InputError, teacherData, toDataset } from './inputs';
import { phaseSegments, SPECTRUM_DEFAULTS, SUCCESS_LOSS, trainAndCertify } from '../engine';
import { trainOptionsFromSpec } from './trainOptions';
import type { TrainOptions } from '../engine';

/** End points are certified (dense Hessian spectrum) up to this many parameters: the engine's dense limit. */
export const CLASSIFY_MAX_PARAMETERS: number = SPECTRUM_DEFAULTS.denseLimit;

/** `extra`: trainer options no payload carries (the GPU finish's initialKinks, native-workers/gpu/finishTask.ts). */
export function trainTask(raw: unknown, context: TaskContext, extra: Pick<TrainOptions, 'initialKinks'> = {}): TaskResult<'train'> {
  const { spec, initialTheta, architecture: given, data: stored } = TASKS.train.payload.parse(raw);
  if (spec.dataset !== undefined && !stored) throw new InputError(`data: the run trains on dataset '${spec.dataset}', but its arrays were not sent`);
  const data = stored ? toDataset(stored) : teacherData(spec.teacher, spec.samples ?? undefined, spec.dataSeed);
  const activation = spec.activation ?? teacherNetwork(spec.teacher).architecture.layers[0].activation;
  const architecture = given ?? twoLayerArchitecture(data.inputDim, spec.width, data.outputDim, activation);
  if (given) checkArchitectureFitsData(given, data.inputDim, data.outputDim, stored ? `dataset ${spec.dataset ?? 'given'}` : spec.teacher);
  const P = parameterCount(architecture);
  if (initialTheta && initialTheta.length !== P)
    throw new InputError(`initialTheta: has ${initialTheta.length} entries, ${given ? 'the given architecture' : `a width-${spec.width} student`} has ${P}`);
  const theta0 = initialTheta ?? initialize(architecture, spec.init, new Rng(spec.seed));
  const b = spec.budgets;
  // The certification (dense Hessian + eigh: seconds at P = 2,000) reports progress too, marked
  // stage 'certify' and continuing from the training's last fraction, so the hang timer measures silence.
  let trained = { fraction: 0, step: 0, loss: null as number | null };
  const certified = cancellable(context, () => trainAndCertify(
    { architecture, theta: theta0 },
    data,
    {
      ...trainOptionsFromSpec(spec),
      ...extra,
      shouldStop: context.shouldStop,
      progressEvery: 5,
      onProgress: (fraction, info) => {
        trained = { fraction, step: info.step, loss: Number.isFinite(info.bestLoss) ? info.bestLoss : null };
        context.progress({ progress: fraction, step: info.step, loss: trained.loss });
      },
    },
    (count) => count <= CLASSIFY_MAX_PARAMETERS && !context.shouldStop(),
    {
      spectrum: {
        onProgress: (f) =>
          context.progress({ progress: Math.min(1, trained.fraction + (1 - trained.fraction) * f), step: trained.step, loss: trained.loss, stage: 'certify' }),
        shouldStop: () => context.shouldStop(),
      },
    },
  ));
  const { outcome, analysis, seconds } = certified;
  if (outcome.stoppedBy === 'stopped' || context.shouldStop()) throw new TaskCancelledError('training cancelled');
  if (!Number.isFinite(outcome.loss)) throw new Error(`training ended without a finite loss (${outcome.stoppedBy})`);

  const lossTarget = b.lossTarget ?? SUCCESS_LOSS;
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
      phases: phaseSegments(outcome.phases),
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

/** A stop seen inside the certification (its Hessian assembly throws) is a cancel, not a failure. */
function cancellable<T>(context: TaskContext, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (context.shouldStop()) throw new TaskCancelledError('training cancelled');
    throw error;
  }
}

/** A given architecture (imported or split network) must read the teacher's inputs and produce its outputs. */
function checkArchitectureFitsData(architecture: TaskPayload<'train'>['architecture'] & object, inputDim: number, outputDim: number, teacher: string): void {
  const layers = architecture.layers;
  if (layers[0].inputs !== inputDim)
    throw new InputError(`architecture: the network reads ${layers[0].inputs} inputs, the ${teacher} data has ${inputDim}`);
  const last = layers[layers.length - 1];
  if (last.outputs !== outputDim)
    throw new InputError(`architecture: the network has ${last.outputs} outputs, the ${teacher} data has ${outputDim}`);
}
