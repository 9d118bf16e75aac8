/** Electron main entry (`npm start`): workspace + worker pool + IPC host + the window. */
import { app, BrowserWindow, ipcMain } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDispatch } from '../services/dispatch';
import { StudioService } from '../services/studioService';
import { defaultWorkspaceDir } from '../workspace/location';
import { registerIpcHandlers } from './ipc';
import { createStudioWindow, installContentSecurityPolicy } from './window';
import { bundledComputeWorker } from './workerEntry';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');

async function startStudio(): Promise<void> {
  await app.whenReady();
  installContentSecurityPolicy();
  const workspaceArg = process.argv.find((a) => a.startsWith('--workspace='));
  const service = await StudioService.open({
    workspaceDir: workspaceArg ? workspaceArg.slice('--workspace='.length) : defaultWorkspaceDir(app.getPath('userData')),
    workerEntry: bundledComputeWorker,
  });
  const unregister = registerIpcHandlers(ipcMain, createDispatch(service.handlers), (l) => service.subscribe(l), () =>
    BrowserWindow.getAllWindows().map((w) => w.webContents),
  );
  createStudioWindow(outDir);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createStudioWindow(outDir);
  });
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    unregister();
    // Cancel jobs and let in-flight workspace writes finish before the process ends.
    void service.shutdown().finally(() => app.quit());
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

void startStudio();
