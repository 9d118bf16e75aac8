/** Serving the built renderer (out/renderer) with a strict Content-Security-Policy. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

export function contentTypeOf(path: string): string {
  return TYPES[extname(path)] ?? 'application/octet-stream';
}

/**
 * No inline script or style, no eval, no plugins, no framing; WebSocket only back to this host
 * (CSP 3: 'self' matches ws: on the same host and port). Nothing from the request (not even its
 * Host header) goes into the policy.
 */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  };
}

/** Maps a URL path to a file under root, or null when it would escape root. */
export function resolveStaticPath(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = resolve(root, normalize(relative));
  const base = resolve(root);
  return full === base || full.startsWith(base + sep) ? full : null;
}

export async function serveStatic(root: string, pathname: string, req: IncomingMessage, res: ServerResponse, extraHeaders: Record<string, string>): Promise<void> {
  const headers = { ...securityHeaders(), ...extraHeaders };
  const file = resolveStaticPath(root, pathname);
  if (file === null) {
    res.writeHead(400, { ...headers, 'Content-Type': 'text/plain' }).end('bad path\n');
    return;
  }
  let target = file;
  try {
    const info = await stat(target);
    if (info.isDirectory()) target = join(target, 'index.html');
    await stat(target);
  } catch {
    if (pathname === '/favicon.ico') {
      res.writeHead(204, headers).end(); // browsers ask for it; the studio has none
      return;
    }
    const missingRenderer = pathname === '/' || pathname === '/index.html';
    res
      .writeHead(missingRenderer ? 503 : 404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' })
      .end(missingRenderer ? 'The renderer is not built: run `npm run build` first.\n' : 'not found\n');
    return;
  }
  res.writeHead(200, {
    ...headers,
    'Content-Type': TYPES[extname(target)] ?? 'application/octet-stream',
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(target).pipe(res);
}
