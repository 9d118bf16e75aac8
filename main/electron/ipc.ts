/**
 * Electron IPC host: one `ipcMain.handle` channel per contract method; events go to every window.
 * Written against the small interfaces below (not `electron` itself) so tests can pass a fake ipcMain.
 */
import { IPC_EVENT_CHANNEL, ipcChannel, METHOD_NAMES } from '../../contract/names';
import type { StudioEvent } from '../../contract/events';
import type { Dispatch, Envelope } from '../services/dispatch';

export interface IpcMainLike {
  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => Promise<unknown> | unknown): void;
  removeHandler(channel: string): void;
}

export interface EventTarget {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** Registers every method; returns a function that removes the handlers and the event feed. */
export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  dispatch: Dispatch,
  subscribe: (listener: (event: StudioEvent) => void) => () => void,
  targets: () => readonly EventTarget[],
): () => void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(ipcChannel(method), async (_event, ...args): Promise<Envelope> => {
      if (args.length > 1) return { ok: false, error: { code: 'protocol', message: `${method}: expected one params argument, got ${args.length}` } };
      return dispatch(method, args[0]);
    });
  }
  const unsubscribe = subscribe((event) => {
    for (const target of targets()) if (!target.isDestroyed()) target.send(IPC_EVENT_CHANNEL, event.type, event.payload);
  });
  return () => {
    unsubscribe();
    for (const method of METHOD_NAMES) ipcMain.removeHandler(ipcChannel(method));
  };
}
