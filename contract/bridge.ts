/**
 * What the Electron preload exposes on `window.escapeStudio` (contextBridge): exactly the
 * StudioApi's two operations. Replies are envelopes because Error subclasses do not survive
 * contextBridge; the renderer's client unwraps and validates them.
 */
import type { Envelope } from './envelope';
import type { MethodName } from './methods';

export const BRIDGE_GLOBAL = 'escapeStudio';

export interface StudioBridge {
  call(method: MethodName, params: unknown): Promise<Envelope>;
  /** Listener receives every event as (type, payload); returns the unsubscribe function. */
  subscribe(listener: (type: string, payload: unknown) => void): () => void;
  /** Native file dialogs (Electron only): the renderer never sees a path it did not get from the user. */
  readonly files?: FileDialogBridge;
}

/** A file the user picked, with its content as base64 (bounded by MAX_UPLOAD_BYTES). */
export interface PickedFile {
  readonly name: string;
  readonly base64: string;
}

export type FileDialogReply<T> = { ok: true; value: T } | { ok: false; message: string };

export interface FileDialogBridge {
  /** The native Open dialog; `value` null when the user cancelled. */
  open(): Promise<FileDialogReply<PickedFile | null>>;
  /** The native Save dialog proposing `suggestedName`, then writes the bytes; `value` is the path, null when cancelled. */
  save(suggestedName: string, base64: string): Promise<FileDialogReply<string | null>>;
  /**
   * The native folder dialog for `runs.export`: the folder the user picks becomes an allowed export
   * target (StudioService.allowExportFolder) and its path is returned for `runs.export`'s `directory`.
   */
  chooseExportFolder(): Promise<FileDialogReply<string | null>>;
}
