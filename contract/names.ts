/**
 * Method and event names without their schemas, for the preload bridge (which should not bundle
 * zod). api.ts checks at compile time that these lists equal the schema tables' keys.
 */
export const METHOD_NAMES = [
  'experiments.start',
  'jobs.cancel',
  'jobs.list',
  'runs.list',
  'runs.get',
  'runs.delete',
  'runs.export',
  'analyze',
  'split',
  'surface',
  'landscape',
  'teacher',
  'hierarchy.explore',
  'hierarchy.list',
  'hierarchy.get',
] as const;

export const EVENT_NAMES = ['job.progress', 'job.done', 'job.failed', 'run.added'] as const;

/** IPC channel carrying one method (Electron host). */
export function ipcChannel(method: string): string {
  return `studio:${method}`;
}

/** IPC channel on which the main process pushes events to renderers. */
export const IPC_EVENT_CHANNEL = 'studio:event';
