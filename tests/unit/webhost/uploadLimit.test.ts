/**
 * Network uploads over the real WebSocket host: a file of exactly MAX_UPLOAD_BYTES fits in one
 * frame (its base64 + the request stay under MAX_MESSAGE_BYTES), a larger one is refused with the
 * limit in the error, and the connection stays usable.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { StudioError } from '../../../contract/errors';
import { MAX_UPLOAD_BYTES } from '../../../contract/files';
import { MAX_MESSAGE_BYTES } from '../../../contract/wire';
import { createDispatch } from '../../../main/services/dispatch';
import { startWebHost, type WebHost } from '../../../main/webhost/server';
import { connectWebSocketApi, type WebSocketApi, type WebSocketLike } from '../../../renderer/src/api/wsClient';
import { fakeService, type FakeService } from '../helpers/canned';
import { tempDir } from '../helpers/service';

const TOKEN = 'upload-token-0123456789';
let service: FakeService;
let host: WebHost;
let api: WebSocketApi;
const dir = tempDir('upload');

beforeAll(async () => {
  mkdirSync(join(dir.path, 'assets'));
  writeFileSync(join(dir.path, 'index.html'), '<!doctype html><title>Escape Studio</title>');
  service = fakeService();
  host = await startWebHost({ dispatch: createDispatch(service.handlers), subscribe: (l) => service.events.subscribe(l), staticDir: dir.path, token: TOKEN, port: 0 });
  api = await connectWebSocketApi(`ws://127.0.0.1:${host.port}/api?token=${TOKEN}`, (url) => new WebSocket(url) as unknown as WebSocketLike);
});

afterAll(async () => {
  api.close();
  await host.close();
  dir.remove();
});

describe('network uploads over the WebSocket', () => {
  it('accepts a file of exactly the upload limit in one frame', async () => {
    const base64 = Buffer.alloc(MAX_UPLOAD_BYTES, 7).toString('base64');
    expect(base64.length).toBeLessThan(MAX_MESSAGE_BYTES - 1000);
    service.received.length = 0;
    await api.call('files.inspect', { file: { name: 'limit.pt', base64 } });
    expect(service.received.map((r) => r.method)).toEqual(['files.inspect']);
  });

  it('refuses a larger file naming the limit, and the connection stays open', async () => {
    const base64 = Buffer.alloc(MAX_UPLOAD_BYTES + 3 * 1024, 7).toString('base64');
    service.received.length = 0;
    const error = await api.call('files.inspect', { file: { name: 'over.pt', base64 } }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(StudioError);
    expect((error as StudioError).code).toBe('invalid');
    expect((error as StudioError).message).toMatch(/^files\.inspect: file\.base64: file is [\d.]+ MiB, over the upload limit of [\d.]+ MiB$/);
    expect(service.received).toEqual([]);
    expect(await api.call('jobs.list', {})).toBeDefined();
  });
});
