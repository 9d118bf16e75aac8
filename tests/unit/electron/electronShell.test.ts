/** The Electron pieces that need no Electron binary: the preload bridge and the window's security settings. */
import { describe, expect, it, vi } from 'vitest';

const exposed = new Map<string, unknown>();
const invoke = vi.fn(async (..._args: unknown[]) => ({ ok: true, result: { jobs: [] } }));
const listeners = new Map<string, (...args: unknown[]) => void>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: {
    invoke,
    on: (channel: string, fn: (...args: unknown[]) => void) => listeners.set(channel, fn),
    removeListener: (channel: string) => listeners.delete(channel),
  },
  BrowserWindow: class {},
  session: {},
  shell: {},
}));

describe('preload bridge', () => {
  it('exposes exactly call and subscribe on window.escapeStudio, and no raw ipcRenderer', async () => {
    await import('../../../preload/index');
    expect([...exposed.keys()]).toEqual(['escapeStudio']);
    const bridge = exposed.get('escapeStudio') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['call', 'files', 'subscribe']);
    const { files, ...api } = bridge as { files: Record<string, unknown> };
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
    // The file dialogs: exactly open, save and the export folder, each on its one fixed channel.
    expect(Object.keys(files).sort()).toEqual(['chooseExportFolder', 'open', 'save']);
    invoke.mockClear();
    await (files.open as () => Promise<unknown>)();
    expect(invoke).toHaveBeenLastCalledWith('studio-file:open');
    await (files.save as (n: string, b: string) => Promise<unknown>)('net.pt', 'AAAA');
    expect(invoke).toHaveBeenLastCalledWith('studio-file:save', 'net.pt', 'AAAA');
    // The folder dialog takes no arguments: the renderer cannot name a folder.
    await (files.chooseExportFolder as (...a: unknown[]) => Promise<unknown>)('/etc');
    expect(invoke).toHaveBeenLastCalledWith('studio-file:export-folder');
  });

  it('forwards known methods to their IPC channel and refuses anything else without touching IPC', async () => {
    const bridge = exposed.get('escapeStudio') as {
      call(m: string, p: unknown): Promise<unknown>;
      subscribe(l: (type: string, payload: unknown) => void): () => void;
    };
    expect(await bridge.call('jobs.list', {})).toEqual({ ok: true, result: { jobs: [] } });
    expect(invoke).toHaveBeenLastCalledWith('studio:jobs.list', {});
    invoke.mockClear();
    expect(await bridge.call('studio:event', {})).toMatchObject({ ok: false, error: { code: 'invalid', message: "method: unknown method 'studio:event'" } });
    expect(invoke).not.toHaveBeenCalled();

    const seen: unknown[] = [];
    const unsubscribe = bridge.subscribe((type, payload) => seen.push([type, payload]));
    listeners.get('studio:event')!({ sender: 'main' }, 'run.added', { run: 1 });
    expect(seen).toEqual([['run.added', { run: 1 }]]);
    unsubscribe();
    expect(listeners.has('studio:event')).toBe(false);
  });
});

describe('studio window settings', () => {
  it('isolates and sandboxes the renderer and sets a strict CSP', async () => {
    const { WEB_PREFERENCES, ELECTRON_CSP } = await import('../../../main/electron/window');
    expect(WEB_PREFERENCES).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true, webSecurity: true, webviewTag: false });
    expect(ELECTRON_CSP).toContain("script-src 'self'");
    expect(ELECTRON_CSP).toContain("object-src 'none'");
    expect(ELECTRON_CSP).not.toMatch(/unsafe-(inline|eval)/);
  });
});
