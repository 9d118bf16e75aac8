/** The `analyze` task: loss, ‖∇L‖, spectrum, classification and escape directions of one point. */
import { TASKS, type TaskResult } from '../../contract/tasks';
import { analyzePoint } from '../engine';
import type { TaskContext } from '../pool/runtime';
import { startAnalysisShards } from '../pool/shardedHvp';
import { checkFits, toDataset, toNetwork } from './inputs';

const MAX_ESCAPE_DIRECTIONS = 8;

export async function analyzeTask(raw: unknown, context: TaskContext): Promise<TaskResult<'analyze'>> {
  const payload = TASKS.analyze.payload.parse(raw);
  const network = toNetwork(payload.network);
  const data = toDataset(payload.data);
  checkFits(network, data);
  context.progress({ progress: 0, step: 0, loss: null });
  // Large extremal spectra: the HVPs (nearly all of the time) split by samples across threads.
  const hvp = context.workerEntry ? await startAnalysisShards(context.workerEntry, network, data, payload.spectrum) : null;
  // Progress per HVP on the extremal path, so the pool's hang timer measures silence, not size.
  let result;
  try {
    result = analyzePoint(network, data, {
      maxEscapeDirections: payload.escapeDirections ? MAX_ESCAPE_DIRECTIONS : 0,
      spectrum: {
        ...payload.spectrum,
        ...(hvp ? { hvp } : {}),
        onProgress: (fraction) => context.progress({ progress: fraction, step: 0, loss: null }),
        shouldStop: () => context.shouldStop(),
      },
    });
  } finally {
    await hvp?.close();
  }
  const P = result.parameterCount;
  const escapes = payload.escapeDirections ? result.escapeDirections : [];
  const directions = new Float64Array(escapes.length * P);
  escapes.forEach((d, k) => directions.set(d.vector, k * P));
  return {
    loss: result.loss,
    gradNorm: result.gradNorm,
    eigenvalues: Float64Array.from(result.eigenvalues),
    spectrum: { kind: result.spectrum.kind, smallestCount: result.spectrum.smallestCount, converged: result.spectrum.converged, indexExact: result.spectrum.indexExact },
    index: result.index,
    classification: result.classification,
    reason: result.reason.slice(0, 1000),
    parameterCount: P,
    escapeDirections: directions,
    escapeCount: escapes.length,
  };
}
