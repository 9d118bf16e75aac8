/** Mapping any error thrown behind the contract to a StudioError with a code. */
import { StudioError } from '../../contract/errors';
import { JobCancelledError, PoolError, TaskError } from '../../native-workers/pool/errors';
import { NotFoundError } from '../workspace/errors';
import { errorCode } from '../../native-workers/engine';
import { ZodError } from 'zod';

export function toStudioError(error: unknown, context: string): StudioError {
  if (error instanceof StudioError) return error;
  if (error instanceof NotFoundError) return new StudioError('not-found', `${context}: ${error.message}`);
  // Task errors carry the code their worker gave them; in-process errors carry their own.
  if (error instanceof TaskError) return new StudioError(error.code === 'input' ? 'invalid' : 'failed', `${context}: ${error.message}`);
  if (error instanceof ZodError || errorCode(error) === 'input') return new StudioError('invalid', `${context}: ${(error as Error).message}`);
  if (error instanceof JobCancelledError) return new StudioError('failed', `${context}: ${error.message}`);
  if (error instanceof PoolError) return new StudioError('failed', `${context}: ${error.message}`);
  const message = error instanceof Error ? error.message : String(error);
  return new StudioError('failed', `${context}: ${message}`);
}
