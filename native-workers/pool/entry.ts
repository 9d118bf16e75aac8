/**
 * How a worker thread is started. The only place where running from TypeScript sources (tsx:
 * vitest, bench, a CLI whose build is stale) differs from the builds: the bundled CLI
 * (out/cli/) starts its sibling compute.worker.mjs, and the Electron app gets the `?modulePath`
 * URL of its built worker from main/electron/.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { packageRoot } from './packageRoot';

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

/** Set (to true) by esbuild in the bundled CLI (scripts/buildCli.mjs); undefined when running from sources. */
declare const __ESCAPE_STUDIO_BUNDLED__: boolean | undefined;

/**
 * The studio's compute worker: in the bundled CLI, the `compute.worker.mjs` built beside it;
 * from sources, native-workers/compute.worker.ts through tsx.
 */
export function computeWorkerEntry(): WorkerEntry {
  if (typeof __ESCAPE_STUDIO_BUNDLED__ !== 'undefined' && __ESCAPE_STUDIO_BUNDLED__) {
    return { file: join(packageRoot(), 'out/cli/compute.worker.mjs') };
  }
  return tsxWorkerEntry(fileURLToPath(new URL('../compute.worker.ts', import.meta.url)));
}
