/**
 * The Electron security checklist pieces that are logic, not configuration — written against
 * small interfaces (no `electron` import) so tests drive them with fakes:
 * - every IPC handler checks its sender frame (the studio's own top frame, on app://studio);
 * - permission requests and checks are denied by default;
 * - shell.openExternal only for https links on an allowlist;
 * - every web contents: no navigation or redirect away from the studio, no new windows, no webviews;
 * - the renderer URL from ELECTRON_RENDERER_URL only in development and only on loopback.
 * See https://www.electronjs.org/docs/latest/tutorial/security.
 */
import type { IpcMainLike } from './ipc';

/** The studio is served from this custom protocol (appProtocol.ts), never from file://. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://studio';
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** Hosts a link may open in the system browser (https only). */
export const EXTERNAL_HOSTS: ReadonlySet<string> = new Set(['github.com', 'arxiv.org', 'openreview.net', 'doi.org', 'www.electronjs.org']);

/**
 * scheme://host of a URL. (WHATWG `URL.origin` is "null" for schemes it does not know, such as
 * app: outside Electron, so the origin is assembled from protocol and host.)
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host === '' ? null : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

export function externalLinkAllowed(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && EXTERNAL_HOSTS.has(parsed.hostname);
  } catch {
    return false;
  }
}

/** The origin the renderer is loaded from: app://studio, or the dev server's origin in development. */
export function rendererOrigin(devUrl: string | null): string {
  return devUrl === null ? APP_ORIGIN : (originOf(devUrl) ?? APP_ORIGIN);
}

/** ELECTRON_RENDERER_URL is honoured only in development, and only for a loopback http(s) dev server. */
export function devRendererUrl(isPackaged: boolean, value: string | undefined): string | null {
  if (isPackaged || value === undefined || value === '') return null;
  try {
    const url = new URL(value);
    const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
    return (url.protocol === 'http:' || url.protocol === 'https:') && loopback ? url.href : null;
  } catch {
    return null;
  }
}

interface FrameLike {
  readonly url: string;
  readonly parent?: unknown;
}

/** True when an IPC event comes from the studio's top frame on its own origin. */
export function trustedSender(event: unknown, origin: string): boolean {
  const frame = (event as { senderFrame?: FrameLike | null } | null)?.senderFrame;
  if (!frame || (frame.parent !== null && frame.parent !== undefined)) return false;
  return originOf(frame.url) === origin;
}

/** An ipcMain whose every handler first checks the sender frame; untrusted calls are refused. */
export function guardedIpcMain(ipcMain: IpcMainLike, origin: string): IpcMainLike {
  return {
    handle(channel, listener) {
      ipcMain.handle(channel, (event, ...args) => {
        if (!trustedSender(event, origin)) throw new Error(`${channel}: refused: the call does not come from the studio's own window`);
        return listener(event, ...args);
      });
    },
    removeHandler: (channel) => ipcMain.removeHandler(channel),
  };
}

export interface SessionLike {
  setPermissionRequestHandler(handler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null): void;
  setPermissionCheckHandler(handler: ((webContents: unknown, permission: string) => boolean) | null): void;
}

/** The studio needs no permission (camera, notifications, geolocation, …): deny every request and check. */
export function denyAllPermissions(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

interface PreventableEvent {
  preventDefault(): void;
}

export interface WebContentsLike {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): void;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Guards for every web contents (app.on('web-contents-created')): navigation and redirects only
 * within the studio's origin, no webviews, no new windows — allowlisted links go to the system browser.
 */
export function guardWebContents(contents: WebContentsLike, origin: string, openExternal: (url: string) => void): void {
  const stayHome = (event: PreventableEvent, url: string): void => {
    if (originOf(url) !== origin) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (externalLinkAllowed(url)) openExternal(url);
    return { action: 'deny' };
  });
}
