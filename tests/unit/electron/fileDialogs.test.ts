/** The Electron host's native Open / Save dialogs (fake ipcMain and dialog; real files in a temp folder). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../../../contract/files';
import { registerFileDialogs, type DialogLike } from '../../../main/electron/fileDialogs';
import { tempDir } from '../helpers/service';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

function fakeIpc(): { handlers: Map<string, Handler>; ipc: { handle(c: string, h: Handler): void; removeHandler(c: string): void } } {
  const handlers = new Map<string, Handler>();
  return { handlers, ipc: { handle: (c, h) => void handlers.set(c, h), removeHandler: (c) => void handlers.delete(c) } };
}

function fakeDialog(openPath: string | null, savePath: string | null): DialogLike & { saveDefaults: string[]; openProperties: string[][] } {
  const saveDefaults: string[] = [];
  const openProperties: string[][] = [];
  return {
    saveDefaults,
    openProperties,
    showOpenDialog: async (o) => (openProperties.push([...o.properties]), { canceled: openPath === null, filePaths: openPath === null ? [] : [openPath] }),
    showSaveDialog: async (o) => {
      saveDefaults.push(o.defaultPath);
      return savePath === null ? { canceled: true } : { canceled: false, filePath: savePath };
    },
  };
}

const dirs: { path: string; remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

describe('Electron file dialogs', () => {
  it('open returns the picked file as name + base64, null when cancelled, and refuses files over the upload limit', async () => {
    const dir = tempDir('dialogs');
    dirs.push(dir);
    const path = join(dir.path, 'net.safetensors');
    writeFileSync(path, Buffer.from([1, 2, 3, 250]));
    const { handlers, ipc } = fakeIpc();
    const remove = registerFileDialogs(ipc, fakeDialog(path, null));
    expect(await handlers.get('studio-file:open')!({})).toEqual({ ok: true, value: { name: 'net.safetensors', base64: Buffer.from([1, 2, 3, 250]).toString('base64') } });
    remove();
    expect(handlers.size).toBe(0);

    registerFileDialogs(ipc, fakeDialog(null, null));
    expect(await handlers.get('studio-file:open')!({})).toEqual({ ok: true, value: null });

    const big = join(dir.path, 'big.pt');
    writeFileSync(big, Buffer.alloc(MAX_UPLOAD_BYTES + 1));
    registerFileDialogs(ipc, fakeDialog(big, null));
    const mib = (MAX_UPLOAD_BYTES / 2 ** 20).toFixed(1);
    expect(await handlers.get('studio-file:open')!({})).toEqual({ ok: false, message: `big.pt: file is ${mib} MiB, over the upload limit of ${mib} MiB` });
  });

  it('save asks where, proposing the export name, and writes the bytes there; refuses names with folders', async () => {
    const dir = tempDir('dialogs');
    dirs.push(dir);
    const target = join(dir.path, 'chosen.pt');
    const dialog = fakeDialog(null, target);
    const { handlers, ipc } = fakeIpc();
    registerFileDialogs(ipc, dialog);
    const save = handlers.get('studio-file:save')!;
    expect(await save({}, 'run-1-final.pt', Buffer.from('PK\u0003\u0004').toString('base64'))).toEqual({ ok: true, value: target });
    expect(dialog.saveDefaults).toEqual(['run-1-final.pt']);
    expect(readFileSync(target, 'latin1')).toBe('PK\u0003\u0004');
    expect(await save({}, '../../etc/passwd', 'AAAA')).toEqual({ ok: false, message: 'save: expected a file name without folders' });
    expect(await save({}, 'x.pt', 'not base64!')).toEqual({ ok: false, message: 'save: expected the file content as base64' });
    expect(dialog.saveDefaults).toHaveLength(1);
  });

  it('the export folder dialog allows exactly the folder the user picked, and nothing when cancelled', async () => {
    const allowed: string[] = [];
    const { handlers, ipc } = fakeIpc();
    const dialog = fakeDialog('/home/user/exports', null);
    const remove = registerFileDialogs(ipc, dialog, (f) => allowed.push(f));
    const choose = handlers.get('studio-file:export-folder')!;
    // Arguments from the renderer are ignored: only the dialog's answer counts.
    expect(await choose({}, '/etc')).toEqual({ ok: true, value: '/home/user/exports' });
    expect(allowed).toEqual(['/home/user/exports']);
    expect(dialog.openProperties).toEqual([['openDirectory', 'createDirectory']]);
    remove();
    expect(handlers.size).toBe(0);

    registerFileDialogs(ipc, fakeDialog(null, null), (f) => allowed.push(f));
    expect(await handlers.get('studio-file:export-folder')!({})).toEqual({ ok: true, value: null });
    expect(allowed).toHaveLength(1);
    // Without a service to allow folders, the channel does not exist.
    const bare = fakeIpc();
    registerFileDialogs(bare.ipc, fakeDialog('/x', null));
    expect(bare.handlers.has('studio-file:export-folder')).toBe(false);
  });
});
