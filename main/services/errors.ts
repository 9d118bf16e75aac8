/** Mapping any error thrown behind the contract to a StudioError with a code. */
import { StudioError } from '../../contract/errors';
import { JobCancelledError, PoolError, TaskError } from '../../native-workers/pool/errors';
import { NotFoundError } from '../workspace/errors';

/** Engine errors that mean "your input is wrong" rather than "the computation failed". */
const INPUT_ERRORS = new Set([
  'CheckpointFormatError',
  'DatasetFormatError',
  'ArchitectureError',
  'ContractError',
  'InputError',
  'ZodError',
  'NeuronOperationError',
  'LandscapeError',
]);

export function toStudioError(error: unknown, context: string): StudioError {
  if (error instanceof StudioError) return error;
  if (error instanceof NotFoundError) return new StudioError('not-found', `${context}: ${error.message}`);
  if (error instanceof TaskError)
    return new StudioError(INPUT_ERRORS.has(error.taskErrorName) ? 'invalid' : 'failed', `${context}: ${error.message}`);
  if (error instanceof JobCancelledError) return new StudioError('failed', `${context}: ${error.message}`);
  if (error instanceof PoolError) return new StudioError('failed', `${context}: ${error.message}`);
  const message = error instanceof Error ? error.message : String(error);
  return new StudioError('failed', `${context}: ${message}`);
}
