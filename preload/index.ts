/**
 * The preload bridge (sandboxed): exposes exactly the StudioApi's `call` and `subscribe` on
 * window.escapeStudio. Only known method names reach ipcRenderer; no raw IPC is exposed.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_GLOBAL, type StudioBridge } from '../contract/bridge';
import type { Envelope } from '../contract/envelope';
import { IPC_EVENT_CHANNEL, ipcChannel, METHOD_NAMES } from '../contract/names';

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
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
