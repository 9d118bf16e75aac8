/**
 * The native Open and Save dialogs behind the preload's `files` (the renderer never names a path):
 * Open reads the file the user picked (bounded by MAX_UPLOAD_BYTES) and returns its name and
 * base64 content for `files.inspect` / `runs.import`; Save asks where to write an exported
 * network and writes it there; the folder dialog picks where `runs.export` may write. Written
 * against small interfaces so tests pass fakes.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FileDialogReply, PickedFile } from '../../contract/bridge';
import { MAX_UPLOAD_BYTES } from '../../contract/files';
import { IPC_FILE_OPEN_CHANNEL, IPC_FILE_SAVE_CHANNEL, IPC_FOLDER_EXPORT_CHANNEL } from '../../contract/names';
import type { IpcMainLike } from './ipc';

export interface DialogLike {
  showOpenDialog(options: { title: string; properties: ('openFile' | 'openDirectory' | 'createDirectory')[]; filters?: { name: string; extensions: string[] }[] }): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(options: { title: string; defaultPath: string }): Promise<{ canceled: boolean; filePath?: string }>;
}

const NETWORK_EXTENSIONS = ['pt', 'pth', 'onnx', 'safetensors', 'npz', 'npy', 'json'];
const mib = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

async function openFile(dialog: DialogLike): Promise<FileDialogReply<PickedFile | null>> {
  const picked = await dialog.showOpenDialog({
    title: 'Open a network file',
    properties: ['openFile'],
    filters: [
      { name: 'Network files', extensions: NETWORK_EXTENSIONS },
      { name: 'All files', extensions: ['*'] },
    ],
  });
  const path = picked.filePaths[0];
  if (picked.canceled || path === undefined) return { ok: true, value: null };
  const name = basename(path);
  try {
    const size = (await stat(path)).size;
    if (size > MAX_UPLOAD_BYTES) return fail(`${name}: file is ${mib(size)}, over the upload limit of ${mib(MAX_UPLOAD_BYTES)}`);
    return { ok: true, value: { name, base64: (await readFile(path)).toString('base64') } };
  } catch (error) {
    return fail(`${name}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

async function saveFile(dialog: DialogLike, suggestedName: unknown, base64: unknown): Promise<FileDialogReply<string | null>> {
  if (typeof suggestedName !== 'string' || suggestedName.length === 0 || suggestedName.length > 255 || /[\\/]/.test(suggestedName))
    return fail('save: expected a file name without folders');
  if (typeof base64 !== 'string' || base64.length > Math.ceil((2 * MAX_UPLOAD_BYTES) / 3) * 4 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64))
    return fail('save: expected the file content as base64');
  const picked = await dialog.showSaveDialog({ title: 'Export network', defaultPath: suggestedName });
  if (picked.canceled || !picked.filePath) return { ok: true, value: null };
  try {
    await writeFile(picked.filePath, Buffer.from(base64, 'base64'));
    return { ok: true, value: picked.filePath };
  } catch (error) {
    return fail(`${basename(picked.filePath)}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** The folder dialog for `runs.export`: only a folder the user picked here is allowed (no path from the renderer). */
async function chooseExportFolder(dialog: DialogLike, allow: (folder: string) => void): Promise<FileDialogReply<string | null>> {
  const picked = await dialog.showOpenDialog({ title: 'Export the run to a folder', properties: ['openDirectory', 'createDirectory'] });
  const folder = picked.filePaths[0];
  if (picked.canceled || folder === undefined) return { ok: true, value: null };
  allow(folder);
  return { ok: true, value: folder };
}

/** Registers the dialog channels (the folder one when `allowExportFolder` is given); returns a function that removes them. */
export function registerFileDialogs(ipcMain: IpcMainLike, dialog: DialogLike, allowExportFolder?: (folder: string) => void): () => void {
  ipcMain.handle(IPC_FILE_OPEN_CHANNEL, () => openFile(dialog));
  ipcMain.handle(IPC_FILE_SAVE_CHANNEL, (_event, name, base64) => saveFile(dialog, name, base64));
  if (allowExportFolder) ipcMain.handle(IPC_FOLDER_EXPORT_CHANNEL, () => chooseExportFolder(dialog, allowExportFolder));
  return () => {
    ipcMain.removeHandler(IPC_FILE_OPEN_CHANNEL);
    ipcMain.removeHandler(IPC_FILE_SAVE_CHANNEL);
    if (allowExportFolder) ipcMain.removeHandler(IPC_FOLDER_EXPORT_CHANNEL);
  };
}
