/**
 * The web host: serves the built renderer over HTTP and the StudioApi over a WebSocket at /api.
 * Every HTTP request and WebSocket upgrade must carry the token (`?token=` or the cookie set on
 * the first visit): none → 401, a wrong one → 403 (a page that says how to reconnect), and the
 * upgrade is refused before any frame. Hardening: the Host header must name this server (DNS
 * rebinding), half-sent requests are dropped (header / request / keep-alive timeouts, checked
 * every second), and a WebSocket frame larger than MAX_MESSAGE_BYTES is refused on its length,
 * before its payload is buffered (ws `maxPayload`, close code 1009).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { StudioEvent } from '../../contract/events';
import { MAX_MESSAGE_BYTES } from '../../contract/wire';
import type { Dispatch } from '../services/dispatch';
import { hostAllowed } from './hostCheck';
import { refusalPage } from './refusalPage';
import { securityHeaders, serveStatic } from './staticFiles';
import { checkToken, requestToken, tokenCookieName } from './token';
import { serveConnection } from './wsTransport';

export const API_PATH = '/api';

export interface WebHostOptions {
  readonly dispatch: Dispatch;
  readonly subscribe: (listener: (event: StudioEvent) => void) => () => void;
  /** Folder of the built renderer (index.html + assets). */
  readonly staticDir: string;
  readonly token: string;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Host names (besides IP literals and localhost) a browser may use to reach the server. */
  readonly allowedHosts?: readonly string[];
  /** Slow-client limits (ms); defaults: headers 10 s, whole request 30 s, keep-alive 5 s. */
  readonly timeouts?: { readonly headersMs?: number; readonly requestMs?: number; readonly keepAliveMs?: number };
}

/** At most this many connections at once (each costs a socket and its buffers). */
export const MAX_CONNECTIONS = 512;

export interface WebHost {
  readonly url: string;
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

function requestUrl(req: IncomingMessage): URL {
  return new URL(req.url ?? '/', 'http://localhost');
}

/** A browser's Origin must be this host (blocks cross-site WebSocket hijacking with the cookie). */
function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // non-browser clients
  return origin === `http://${req.headers.host ?? ''}`;
}

function refuseUpgrade(socket: Duplex, status: 401 | 403 | 421, reason: string): void {
  const text = status === 401 ? 'Unauthorized' : status === 421 ? 'Misdirected Request' : 'Forbidden';
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length + 1}\r\n\r\n${reason}\n`);
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const host = options.host ?? '127.0.0.1';
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  const headersMs = options.timeouts?.headersMs ?? 10_000;
  const requestMs = Math.max(headersMs, options.timeouts?.requestMs ?? 30_000);
  let port = 0; // known once listening; requests only arrive after that
  const allowedHosts = options.allowedHosts ?? [];

  const server: Server = createServer(
    {
      headersTimeout: headersMs,
      requestTimeout: requestMs,
      keepAliveTimeout: options.timeouts?.keepAliveMs ?? 5_000,
      // Node checks the two timeouts above only this often (default 30 s).
      connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(headersMs / 2))),
    },
    (req, res) => {
      if (!hostAllowed(req.headers.host, port, allowedHosts)) {
        res.writeHead(421, { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' }).end('misdirected request: the Host header does not name this studio\n');
        return;
      }
      const url = requestUrl(req);
      const cookieName = tokenCookieName(port);
      const check = checkToken(requestToken(url, req.headers.cookie, cookieName), options.token);
      if (check !== 'ok') {
        const status = check === 'missing' ? 401 : 403;
        res.writeHead(status, { ...securityHeaders(), 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(refusalPage(status));
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { ...securityHeaders(), Allow: 'GET, HEAD' }).end();
        return;
      }
      // Remember the token for the page's own asset requests (they carry no query string).
      const cookie = `${cookieName}=${encodeURIComponent(options.token)}; HttpOnly; SameSite=Strict; Path=/`;
      void serveStatic(options.staticDir, url.pathname, req, res, { 'Set-Cookie': cookie });
    },
  );
  server.maxConnections = MAX_CONNECTIONS;

  server.on('upgrade', (req, socket, head) => {
    const url = requestUrl(req);
    if (!hostAllowed(req.headers.host, port, allowedHosts)) return refuseUpgrade(socket, 421, 'the Host header does not name this studio');
    if (url.pathname !== API_PATH) return refuseUpgrade(socket, 403, 'unknown endpoint');
    const check = checkToken(requestToken(url, req.headers.cookie, tokenCookieName(port)), options.token);
    if (check === 'missing') return refuseUpgrade(socket, 401, 'token required');
    if (check === 'wrong') return refuseUpgrade(socket, 403, 'wrong token');
    if (!originAllowed(req)) return refuseUpgrade(socket, 403, 'cross-origin WebSocket refused');
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, options.dispatch, options.subscribe));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${options.token}`,
    port,
    host,
    async close() {
      for (const client of wss.clients) client.close(1001, 'server shutting down');
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
