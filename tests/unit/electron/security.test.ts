/** The Electron security checklist logic, driven with fakes (no Electron binary). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { appProtocolHandler } from '../../../main/electron/appProtocol';
import type { IpcMainLike } from '../../../main/electron/ipc';
import {
  APP_ENTRY,
  denyAllPermissions,
  devRendererUrl,
  externalLinkAllowed,
  guardedIpcMain,
  guardWebContents,
  rendererOrigin,
  trustedSender,
  type WebContentsLike,
} from '../../../main/electron/security';
import { tempDir } from '../helpers/service';

const ORIGIN = 'app://studio';
const top = (url: string) => ({ senderFrame: { url, parent: null } });

describe('IPC sender check', () => {
  it('accepts only the top frame of the studio origin', () => {
    expect(trustedSender(top('app://studio/index.html'), ORIGIN)).toBe(true);
    expect(trustedSender(top('https://evil.example/'), ORIGIN)).toBe(false);
    expect(trustedSender(top('file:///etc/passwd'), ORIGIN)).toBe(false);
    expect(trustedSender({ senderFrame: { url: 'app://studio/index.html', parent: {} } }, ORIGIN)).toBe(false); // a subframe
    expect(trustedSender({ senderFrame: null }, ORIGIN)).toBe(false); // frame gone
    expect(trustedSender({ sender: 'x' }, ORIGIN)).toBe(false);
  });

  it('every handler registered through the guarded ipcMain refuses untrusted senders before running', async () => {
    const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
    const ipc: IpcMainLike = { handle: (c, l) => void handlers.set(c, l), removeHandler: (c) => void handlers.delete(c) };
    const listener = vi.fn(() => 'ran');
    const guarded = guardedIpcMain(ipc, ORIGIN);
    guarded.handle('studio:jobs.list', listener);
    const handler = handlers.get('studio:jobs.list')!;
    expect(() => handler(top('https://evil.example/'), {})).toThrow("studio:jobs.list: refused: the call does not come from the studio's own window");
    expect(listener).not.toHaveBeenCalled();
    expect(handler(top('app://studio/index.html'), {})).toBe('ran');
    guarded.removeHandler('studio:jobs.list');
    expect(handlers.size).toBe(0);
  });
});

describe('permissions, links, navigation', () => {
  it('denies every permission request and check', () => {
    let request: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | null = null;
    let check: ((c: unknown, p: string) => boolean) | null = null;
    denyAllPermissions({ setPermissionRequestHandler: (h) => (request = h), setPermissionCheckHandler: (h) => (check = h) });
    const granted: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read']) request!(null, p, (g) => granted.push(g));
    expect(granted).toEqual([false, false, false, false]);
    expect(check!(null, 'media')).toBe(false);
  });

  it('opens only allowlisted https links externally', () => {
    expect(externalLinkAllowed('https://arxiv.org/abs/1234')).toBe(true);
    expect(externalLinkAllowed('https://github.com/x/y')).toBe(true);
    expect(externalLinkAllowed('http://arxiv.org/abs/1234')).toBe(false);
    expect(externalLinkAllowed('https://arxiv.org.evil.example/')).toBe(false);
    expect(externalLinkAllowed('https://user:pw@github.com/')).toBe(false);
    expect(externalLinkAllowed('file:///etc/passwd')).toBe(false);
    expect(externalLinkAllowed('smb://server/share')).toBe(false);
    expect(externalLinkAllowed('not a url')).toBe(false);
  });

  it('guards every web contents: no navigation or redirect away, no webviews, no new windows', () => {
    const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    let openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
    const contents = {
      on: (name: string, l: (event: { preventDefault(): void }, url?: string) => void) => void listeners.set(name, l),
      setWindowOpenHandler: (h: (d: { url: string }) => { action: 'deny' }) => (openHandler = h),
    } as unknown as WebContentsLike;
    const opened: string[] = [];
    guardWebContents(contents, ORIGIN, (url) => opened.push(url));
    const fire = (name: string, url?: string): boolean => {
      let prevented = false;
      listeners.get(name)!({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-navigate', 'app://studio/index.html#runs')).toBe(false);
    expect(fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(fire('will-attach-webview')).toBe(true);
    expect(openHandler!({ url: 'https://arxiv.org/abs/1' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://arxiv.org/abs/1']);
  });

  it('honours ELECTRON_RENDERER_URL only in development and only on loopback', () => {
    expect(devRendererUrl(true, 'http://localhost:5173/')).toBeNull();
    expect(devRendererUrl(false, 'http://localhost:5173/')).toBe('http://localhost:5173/');
    expect(devRendererUrl(false, 'http://127.0.0.1:5173/')).toBe('http://127.0.0.1:5173/');
    expect(devRendererUrl(false, 'https://evil.example/')).toBeNull();
    expect(devRendererUrl(false, 'file:///tmp/index.html')).toBeNull();
    expect(devRendererUrl(false, undefined)).toBeNull();
    expect(rendererOrigin(null)).toBe(ORIGIN);
    expect(rendererOrigin('http://localhost:5173/')).toBe('http://localhost:5173');
  });
});

describe('app:// protocol', () => {
  it('serves only the renderer folder, with the CSP, never file:// paths outside it', async () => {
    const dir = tempDir('appproto');
    try {
      mkdirSync(join(dir.path, 'assets'));
      writeFileSync(join(dir.path, 'index.html'), '<!doctype html><title>Escape Studio</title>');
      writeFileSync(join(dir.path, 'assets', 'app.js'), 'console.log(1)');
      const handle = appProtocolHandler(dir.path, "default-src 'self'");
      const index = await handle(new Request(APP_ENTRY));
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toMatch(/text\/html/);
      expect(index.headers.get('content-security-policy')).toBe("default-src 'self'");
      expect(await index.text()).toContain('Escape Studio');
      expect((await handle(new Request('app://studio/assets/app.js'))).headers.get('content-type')).toMatch(/javascript/);
      expect((await handle(new Request('app://studio/..%2f..%2fetc%2fpasswd'))).status).toBe(400);
      expect((await handle(new Request('app://studio/missing.js'))).status).toBe(404);
      expect((await handle(new Request('app://other/index.html'))).status).toBe(404);
    } finally {
      dir.remove();
    }
  });
});
