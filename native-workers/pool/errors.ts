/** Why a pool job did not produce a result. */
import type { ErrorCode } from '../engine';

export class PoolError extends Error {
  override name = 'PoolError';
}

/** The job was cancelled (queued jobs: at once; running ones: cooperatively or by terminating the worker). */
export class JobCancelledError extends PoolError {
  override name = 'JobCancelledError';
}

/** The worker died, hung or broke the protocol; the pool replaced it. */
export class WorkerFaultError extends PoolError {
  override name = 'WorkerFaultError';
}

/** The task itself threw (bad input, numerical failure); the worker stays up. */
export class TaskError extends PoolError {
  override name = 'TaskError';
  constructor(
    readonly taskErrorName: string,
    message: string,
    /** 'input' when the task's input was wrong (engine/core/errors.ts), else 'failed'. */
    readonly code: ErrorCode = 'failed',
  ) {
    super(message);
  }
}
