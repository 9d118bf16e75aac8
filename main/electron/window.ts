/** The studio window: isolated, sandboxed renderer with the preload bridge as its only door. */
import { BrowserWindow, session } from 'electron';
import { join } from 'node:path';
import { contentSecurityPolicy } from '../webhost/staticFiles';
import { APP_ENTRY } from './security';

/** The same policy the web host sends (one definition: main/webhost/staticFiles.ts), for the app:// (or dev-server) renderer. */
export const ELECTRON_CSP = contentSecurityPolicy();

export const WEB_PREFERENCES = {
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  sandbox: true,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
} as const;

export function installContentSecurityPolicy(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [ELECTRON_CSP] } });
  });
}

/**
 * The studio window, loading app://studio/index.html (or, in development only, the dev server
 * URL). Navigation, redirects, new windows and webviews are guarded for every web contents in
 * index.ts (security.ts: guardWebContents).
 */
export function createStudioWindow(outDir: string, devUrl: string | null): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Escape Studio',
    show: false,
    webPreferences: { ...WEB_PREFERENCES, preload: join(outDir, 'preload', 'index.cjs') },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(devUrl ?? APP_ENTRY);
  return window;
}
