/**
 * app://studio/… — the renderer's files (out/renderer) served through a custom protocol instead
 * of file:// (a file:// page may read any file:// URL; app:// reaches only this folder). Paths
 * that escape the folder are refused; every response carries the studio's CSP. No electron import:
 * index.ts passes this handler to protocol.handle().
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { contentTypeOf, resolveStaticPath } from '../webhost/staticFiles';
import { APP_ORIGIN, originOf } from './security';

export function appProtocolHandler(rendererDir: string, csp: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const headers = { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' };
    const url = new URL(request.url);
    if (originOf(request.url) !== APP_ORIGIN) return new Response('unknown host', { status: 404, headers });
    const file = resolveStaticPath(rendererDir, url.pathname);
    if (file === null) return new Response('bad path', { status: 400, headers });
    let target = file;
    try {
      if ((await stat(target)).isDirectory()) target = join(target, 'index.html');
      const body = await readFile(target);
      return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': contentTypeOf(target) } });
    } catch {
      return new Response('not found', { status: 404, headers });
    }
  };
}
