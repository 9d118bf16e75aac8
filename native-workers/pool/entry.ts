/**
 * How a worker thread is started. The only place where running from TypeScript sources (tsx:
 * CLI, `serve`, vitest, bench) differs from the bundled Electron app: there, main/electron/
 * passes the `?modulePath` URL of the built worker instead.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface WorkerEntry {
  /** A JavaScript file Node can run as a worker. */
  readonly file: string;
  /** Extra workerData fields for that file. */
  readonly workerData?: Record<string, unknown>;
}

const BOOTSTRAP = fileURLToPath(new URL('./tsx-bootstrap.mjs', import.meta.url));

/** Runs a TypeScript worker module through tsx (registered inside the worker by the bootstrap). */
export function tsxWorkerEntry(workerTsPath: string): WorkerEntry {
  return { file: BOOTSTRAP, workerData: { tsxEntry: pathToFileURL(workerTsPath).href } };
}

/** The studio's compute worker (native-workers/compute.worker.ts) from sources. */
export function computeWorkerEntry(): WorkerEntry {
  return tsxWorkerEntry(fileURLToPath(new URL('../compute.worker.ts', import.meta.url)));
}
