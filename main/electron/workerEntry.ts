/**
 * The compute worker inside the bundled app: electron-vite builds native-workers/compute.worker.ts
 * as its own chunk and `?modulePath` gives its path. (From sources — CLI, serve, tests — the pool
 * uses native-workers/pool/entry.ts, which runs the TypeScript through tsx instead.)
 */
import computeWorkerPath from '../../native-workers/compute.worker?modulePath';
import type { WorkerEntry } from '../../native-workers/pool/entry';

export const bundledComputeWorker: WorkerEntry = { file: computeWorkerPath };
