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
  'files.inspect',
  'runs.import',
  'datasets.inspect',
  'datasets.import',
  'datasets.list',
  'networks.export',
  'analyze',
  'split',
  'landscape',
  'surface.export',
  'batches.export',
  'teacher',
  'hierarchy.explore',
  'hierarchy.list',
  'hierarchy.get',
  'scenes.save',
  'scenes.list',
  'scenes.get',
  'batches.resume',
  'analyses.list',
  'analyses.delete',
  'exports.list',
  'exports.delete',
  'recipes.list',
  'recipes.start',
  'recipes.get',
  'system.gpu',
] as const;

export const EVENT_NAMES = ['job.progress', 'job.done', 'job.failed', 'run.added'] as const;

/** IPC channel carrying one method (Electron host). */
export function ipcChannel(method: string): string {
  return `studio:${method}`;
}

/** IPC channels of the native file dialogs (Electron host, preload's `files`). */
export const IPC_FILE_OPEN_CHANNEL = 'studio-file:open';
export const IPC_FILE_SAVE_CHANNEL = 'studio-file:save';
/** The folder dialog for `runs.export` (the chosen folder is allowed as an export target in main). */
export const IPC_FOLDER_EXPORT_CHANNEL = 'studio-file:export-folder';

/** IPC channel on which the main process pushes events to renderers. */
export const IPC_EVENT_CHANNEL = 'studio:event';
