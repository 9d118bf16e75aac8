/**
 * Web host hardening with bounded raw clients on 127.0.0.1: slow-loris connections are dropped,
 * oversized frames are refused on their length alone, the Host header must name this server and
 * never reaches the CSP, the cookie is per port, the token is stable per workspace (0600).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../../../contract/wire';
import { createDispatch } from '../../../main/services/dispatch';
import { startWebHost, type WebHost } from '../../../main/webhost/server';
import { TOKEN_FILE, workspaceToken } from '../../../main/webhost/token';
import { fakeService } from '../helpers/canned';
import { tempDir } from '../helpers/service';

const TOKEN = 'hardening-token-0123456789';
const dir = tempDir('hardening');
let host: WebHost;

beforeAll(async () => {
  writeFileSync(join(dir.path, 'index.html'), '<!doctype html><title>Escape Studio</title>');
  const service = fakeService();
  host = await startWebHost({
    dispatch: createDispatch(service.handlers),
    subscribe: (l) => service.events.subscribe(l),
    staticDir: dir.path,
    token: TOKEN,
    port: 0,
    timeouts: { headersMs: 300, requestMs: 600, keepAliveMs: 300 },
  });
});
afterAll(async () => {
  await host.close();
  dir.remove();
});

/** Opens a raw socket; resolves when the server closes it, or with 'still open' after boundMs. */
function rawSocket(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(host.port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

function closedWithin(socket: Socket, boundMs: number): Promise<{ closed: boolean; received: string }> {
  let received = '';
  socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ closed: false, received }), boundMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ closed: true, received });
    });
  });
}

function get(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web host hardening', () => {
  it('drops connections that never finish their headers (slow loris), many at once', async () => {
    const sockets = await Promise.all(Array.from({ length: 40 }, () => rawSocket()));
    for (const s of sockets) s.write(`GET /?token=${TOKEN} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nX-Slow: `);
    // A bound far above the configured 300 ms header timeout, far below Node's default (60 s).
    const results = await Promise.all(sockets.map((s) => closedWithin(s, 8_000)));
    for (const s of sockets) s.destroy();
    expect(results.filter((r) => r.closed)).toHaveLength(40);
    expect(results[0]!.received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('refuses a 57 MB WebSocket frame on its header alone, before any payload is sent', async () => {
    const socket = await rawSocket();
    const key = randomBytes(16).toString('base64');
    socket.write(
      `GET /api?token=${TOKEN} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    const handshake = await new Promise<string>((resolve) => socket.once('data', (d: Buffer) => resolve(d.toString('latin1'))));
    expect(handshake).toMatch(/^HTTP\/1\.1 101/);
    const length = 57 * 1024 * 1024;
    expect(length).toBeGreaterThan(MAX_MESSAGE_BYTES);
    // FIN + text opcode, MASK + 127 (64-bit length follows), the length, a mask key — and no payload.
    const header = Buffer.alloc(2 + 8 + 4);
    header[0] = 0x81;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
    randomBytes(4).copy(header, 10);
    const outcome = closedWithin(socket, 8_000);
    socket.write(header);
    const { closed, received } = await outcome;
    socket.destroy();
    expect(closed).toBe(true);
    // A close frame with status 1009 (message too big): 0x88, length, then 0x03F1.
    const bytes = Buffer.from(received, 'latin1');
    expect(bytes[0]).toBe(0x88);
    expect(bytes.readUInt16BE(2)).toBe(1009);
  });

  it('refuses Host headers that do not name this server (DNS rebinding), for pages and upgrades', async () => {
    const evil = await get(`/?token=${TOKEN}`, { Host: `evil.example:${host.port}` });
    expect(evil.status).toBe(421);
    expect((await get(`/?token=${TOKEN}`, { Host: `127.0.0.1:${host.port + 1}` })).status).toBe(421);
    for (const ok of [`127.0.0.1:${host.port}`, `localhost:${host.port}`, `[::1]:${host.port}`])
      expect((await get(`/?token=${TOKEN}`, { Host: ok })).status).toBe(200);
    const socket = await rawSocket();
    const outcome = closedWithin(socket, 8_000);
    socket.write(
      `GET /api?token=${TOKEN} HTTP/1.1\r\nHost: rebind.example:${host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    expect((await outcome).received).toMatch(/^HTTP\/1\.1 421/);
  });

  it('never copies the Host header into the CSP; the cookie is named per port; a stale token gets a page saying how to reconnect', async () => {
    const page = await get(`/?token=${TOKEN}`, { Host: `localhost:${host.port}` });
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('localhost');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie.startsWith(`escape_studio_token_${host.port}=${TOKEN};`)).toBe(true);
    // Another studio's cookie (other port) is not this one's: missing, not wrong.
    expect((await get('/', { Host: `127.0.0.1:${host.port}`, Cookie: `escape_studio_token_1=${TOKEN}` })).status).toBe(401);
    const stale = await get('/', { Host: `127.0.0.1:${host.port}`, Cookie: `escape_studio_token_${host.port}=old-token` });
    expect(stale.status).toBe(403);
    expect(stale.headers['content-type']).toMatch(/text\/html/);
    expect(stale.body).toContain('To reconnect, open the URL that <code>escape-studio serve</code> printed');
  });
});

describe('workspace token', () => {
  it('is stable per workspace, stored owner-only (0600), replaced when rotated or when its file is readable by others', async () => {
    const ws = tempDir('token');
    try {
      mkdirSync(ws.path, { recursive: true });
      const first = await workspaceToken(ws.path);
      expect(first.created).toBe(true);
      const path = join(ws.path, TOKEN_FILE);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(readFileSync(path, 'utf8').trim()).toBe(first.token);
      const again = await workspaceToken(ws.path);
      expect(again).toEqual({ token: first.token, created: false });
      const rotated = await workspaceToken(ws.path, { rotate: true });
      expect(rotated.token).not.toBe(first.token);
      chmodSync(path, 0o644);
      const replaced = await workspaceToken(ws.path);
      expect(replaced.created).toBe(true);
      expect(replaced.token).not.toBe(rotated.token);
      expect(statSync(path).mode & 0o777).toBe(0o600);
    } finally {
      ws.remove();
    }
  });
});
