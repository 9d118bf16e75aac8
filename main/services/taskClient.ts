/** Typed submission of compute tasks to the pool; results are checked against the task schemas. */
import { formatIssues } from '../../contract/errors';
import { TASKS, type TaskKind, type TaskPayload, type TaskProgress, type TaskResult } from '../../contract/tasks';
import { WorkerFaultError } from '../../native-workers/pool/errors';
import type { JobLane, PoolJob, WorkerPool } from '../../native-workers/pool/pool';
import { transferables } from '../../native-workers/pool/runtimeTransfer';

export interface TypedJob<K extends TaskKind> {
  readonly poolJob: PoolJob;
  readonly result: Promise<TaskResult<K>>;
}

/** Tasks someone waits for on screen: they take the pool's interactive lane (never behind a batch). */
const INTERACTIVE_TASKS: ReadonlySet<string> = new Set(['analyze', 'split', 'landscape', 'teacher']);

export function submitTask<K extends TaskKind>(
  pool: WorkerPool,
  kind: K,
  payload: TaskPayload<K>,
  options: { onProgress?: (p: TaskProgress) => void; onStart?: () => void; transferPayload?: boolean; lane?: JobLane } = {},
): TypedJob<K> {
  const poolJob = pool.submit(kind, payload, {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.onStart ? { onStart: options.onStart } : {}),
    ...(options.transferPayload ? { transfer: transferables(payload) } : {}),
    lane: options.lane ?? (INTERACTIVE_TASKS.has(kind) ? 'interactive' : 'batch'),
  });
  const result = poolJob.result.then((raw) => {
    const parsed = TASKS[kind].result.safeParse(raw);
    // A worker answering outside its schema is a worker fault, reported like a crash.
    if (!parsed.success) throw new WorkerFaultError(formatIssues(`${kind} task result`, parsed.error.issues));
    return parsed.data as TaskResult<K>;
  });
  result.catch(() => undefined);
  return { poolJob, result };
}
