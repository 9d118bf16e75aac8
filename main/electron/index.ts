/** Electron main entry (`npm start`): workspace + worker pool + IPC host + the window. */
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDispatch } from '../services/dispatch';
import { StudioService } from '../services/studioService';
import { defaultWorkspaceDir } from '../workspace/location';
import { registerFileDialogs } from './fileDialogs';
import { appProtocolHandler } from './appProtocol';
import { registerIpcHandlers } from './ipc';
import {
  APP_SCHEME,
  denyAllPermissions,
  devRendererUrl,
  guardedIpcMain,
  guardWebContents,
  rendererOrigin,
  type SessionLike,
  type WebContentsLike,
} from './security';
import { createStudioWindow, ELECTRON_CSP, installContentSecurityPolicy } from './window';
import { launchGpuUtilityProcess } from './gpuWorker';
import { bundledComputeWorker } from './workerEntry';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The dev server, only when not packaged and only on loopback; otherwise app://studio. */
const devUrl = devRendererUrl(app.isPackaged, process.env.ELECTRON_RENDERER_URL);
const origin = rendererOrigin(devUrl);

// Before ready: app:// behaves like https (standard, secure origin; fetch allowed).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
// Every web contents (windows, devtools, anything created later): no navigation away, no new windows, no webviews.
app.on('web-contents-created', (_event, contents) =>
  // Electron's WebContents has many `on` overloads; these three are the ones guardWebContents uses.
  guardWebContents(contents as unknown as WebContentsLike, origin, (url) => void shell.openExternal(url)),
);

async function startStudio(): Promise<void> {
  await app.whenReady();
  protocol.handle(APP_SCHEME, appProtocolHandler(join(outDir, 'renderer'), ELECTRON_CSP));
  denyAllPermissions(session.defaultSession as unknown as SessionLike);
  installContentSecurityPolicy();
  const workspaceArg = process.argv.find((a) => a.startsWith('--workspace='));
  const service = await StudioService.open({
    workspaceDir: workspaceArg ? workspaceArg.slice('--workspace='.length) : defaultWorkspaceDir(app.getPath('userData')),
    workerEntry: bundledComputeWorker,
    gpuWorker: launchGpuUtilityProcess,
  });
  // Every IPC handler (contract methods and file dialogs) first checks that the call comes from the studio's top frame.
  const trustedIpc = guardedIpcMain(ipcMain, origin);
  const unregister = registerIpcHandlers(trustedIpc, createDispatch(service.handlers), (l) => service.subscribe(l), () =>
    BrowserWindow.getAllWindows().map((w) => w.webContents),
  );
  const unregisterDialogs = registerFileDialogs(trustedIpc, dialog, (folder) => service.allowExportFolder(folder));
  createStudioWindow(outDir, devUrl);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createStudioWindow(outDir, devUrl);
  });
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    unregister();
    unregisterDialogs();
    // Cancel jobs and let in-flight workspace writes finish before the process ends.
    void service.shutdown().finally(() => app.quit());
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

void startStudio();
