/**
 * The preload bridge (sandboxed): exposes exactly the StudioApi's `call` and `subscribe`, and the
 * native file dialogs' `files.open` / `files.save`, on window.escapeStudio. Only known method names
 * reach ipcRenderer; no raw IPC is exposed.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_GLOBAL, type FileDialogBridge, type StudioBridge } from '../contract/bridge';
import type { Envelope } from '../contract/envelope';
import { IPC_EVENT_CHANNEL, IPC_FILE_OPEN_CHANNEL, IPC_FILE_SAVE_CHANNEL, IPC_FOLDER_EXPORT_CHANNEL, ipcChannel, METHOD_NAMES } from '../contract/names';

const known = new Set<string>(METHOD_NAMES);

const bridge: StudioBridge = {
  call(method, params) {
    if (typeof method !== 'string' || !known.has(method)) {
      const error: Envelope = { ok: false, error: { code: 'invalid', message: `method: unknown method '${String(method)}'` } };
      return Promise.resolve(error);
    }
    return ipcRenderer.invoke(ipcChannel(method), params) as Promise<Envelope>;
  },
  subscribe(listener) {
    const handler = (_event: IpcRendererEvent, type: unknown, payload: unknown): void => listener(String(type), payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
    };
  },
  // Native Open / Save dialogs (main/electron/fileDialogs.ts): two fixed channels, no paths from the renderer.
  files: {
    open: () => ipcRenderer.invoke(IPC_FILE_OPEN_CHANNEL) as ReturnType<FileDialogBridge['open']>,
    save: (suggestedName, base64) => ipcRenderer.invoke(IPC_FILE_SAVE_CHANNEL, String(suggestedName), String(base64)) as ReturnType<FileDialogBridge['save']>,
    chooseExportFolder: () => ipcRenderer.invoke(IPC_FOLDER_EXPORT_CHANNEL) as ReturnType<FileDialogBridge['chooseExportFolder']>,
  },
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
