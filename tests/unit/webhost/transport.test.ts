import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { StudioError } from '../../../contract/errors';
import type { StudioEvent } from '../../../contract/events';
import { METHODS, type MethodName } from '../../../contract/methods';
import { createDispatch } from '../../../main/services/dispatch';
import { startWebHost, type WebHost } from '../../../main/webhost/server';
import { connectWebSocketApi, type WebSocketApi, type WebSocketLike } from '../../../renderer/src/api/wsClient';
import { CANNED, fakeService, REQUESTS, type FakeService } from '../helpers/canned';
import { syntheticRun, tempDir } from '../helpers/service';

const TOKEN = 'test-token-0123456789';
let service: FakeService;
let host: WebHost;
let api: WebSocketApi;
const dir = tempDir('webhost');

const factory = (url: string): WebSocketLike => new WebSocket(url) as unknown as WebSocketLike;
const base = (): string => `http://127.0.0.1:${host.port}`;
const wsUrl = (query = `?token=${TOKEN}`): string => `ws://127.0.0.1:${host.port}/api${query}`;

beforeAll(async () => {
  mkdirSync(join(dir.path, 'assets'));
  writeFileSync(join(dir.path, 'index.html'), '<!doctype html><title>Escape Studio</title>');
  writeFileSync(join(dir.path, 'assets', 'app.js'), 'console.log(1)');
  service = fakeService();
  host = await startWebHost({
    dispatch: createDispatch(service.handlers),
    subscribe: (l) => service.events.subscribe(l),
    staticDir: dir.path,
    token: TOKEN,
    port: 0,
  });
  api = await connectWebSocketApi(wsUrl(), factory);
});

afterAll(async () => {
  api.close();
  await host.close();
  dir.remove();
});

/** Sends raw text on a fresh authorized socket and returns the first reply. */
async function rawExchange(text: string): Promise<{ id: number | null; ok: boolean; error?: { code: string; message: string } }> {
  const socket = new WebSocket(wsUrl());
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const reply = new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
  socket.send(text);
  const parsed = JSON.parse(await reply) as { id: number | null; ok: boolean; error?: { code: string; message: string } };
  socket.close();
  return parsed;
}

describe('WebSocket transport', () => {
  it('round-trips every contract method with the request validated and defaults applied', async () => {
    for (const method of Object.keys(METHODS) as MethodName[]) {
      service.received.length = 0;
      const result = await api.call(method, REQUESTS[method] as never);
      expect(result, method).toEqual(CANNED[method]);
      expect(service.received, method).toEqual([{ method, request: METHODS[method].request.parse(REQUESTS[method]) }]);
    }
    // Defaults reached the handler: e.g. init and dataSeed for experiments.start.
    service.received.length = 0;
    await api.call('experiments.start', REQUESTS['experiments.start']);
    expect(service.received[0].request).toMatchObject({ init: 'glorot_normal', dataSeed: 0, recordTrajectory: true });
  });

  it('pushes events to connected clients', async () => {
    const seen: StudioEvent[] = [];
    const unsubscribe = api.subscribe((e) => seen.push(e));
    const run = syntheticRun('run-ev', null, 2).summary;
    service.events.emit({ type: 'job.progress', payload: { jobId: 'job-1', kind: 'train', runId: 'run-ev', batchId: null, progress: 0.5, step: 7, loss: 0.1, elapsedMs: 12 } });
    service.events.emit({ type: 'run.added', payload: { run } });
    await expect.poll(() => seen.length).toBe(2);
    expect(seen[0]).toMatchObject({ type: 'job.progress', payload: { progress: 0.5, step: 7 } });
    expect(seen[1]).toEqual({ type: 'run.added', payload: { run } });
    unsubscribe();
  });

  it('answers malformed and hostile payloads with a schema error naming the field, and stays up', async () => {
    const cases: [unknown, RegExp][] = [
      [{ teacher: 'fig6', width: 0, seeds: [1] }, /^experiments\.start: width: expected positive integer/],
      [{ teacher: 'fig6', width: 2.5, seeds: [1] }, /^experiments\.start: width: expected positive integer/],
      [{ teacher: 'fig9', width: 3, seeds: [1] }, /^experiments\.start: teacher: expected one of fig3a, fig3c, fig6/],
      [{ teacher: 'fig6', seeds: [1] }, /^experiments\.start: width: required/],
      [{ teacher: 'fig6', width: 3, seeds: [1, -2] }, /^experiments\.start: seeds\[1\]: expected non-negative integer/],
      [{ teacher: 'fig6', width: 3, seeds: [1], budgets: { maxSteps: 'many' } }, /^experiments\.start: budgets\.maxSteps: expected positive integer/],
      [{ teacher: 'fig6', width: 3, seeds: [1], __proto__: { polluted: true }, constructor: 1 }, /^experiments\.start: constructor: unknown field/],
      [{ teacher: 'fig6', width: 3, seeds: [] }, /^experiments\.start: seeds: expected at least one seed/],
      ['not an object', /^experiments\.start: expected object|^experiments\.start: Invalid input/],
    ];
    for (const [params, message] of cases) {
      const error = await api.call('experiments.start', params as never).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, JSON.stringify(params)).toBeInstanceOf(StudioError);
      expect((error as StudioError).code).toBe('invalid');
      expect((error as StudioError).message).toMatch(message);
    }
    const deep = await api
      .call('analyze', { source: { kind: 'network', checkpoint: { format: 'escape-studio/mlp@1', layers: [{ weight: [[1, 2], [3, 'x']], bias: null, activation: 'relu' }] }, data: { kind: 'teacher', teacher: 'fig6' } } } as never)
      .catch((e: StudioError) => e);
    expect((deep as StudioError).message).toMatch(/^analyze: source\.checkpoint\.layers\[0\]\.weight\[1\]\[1\]: expected finite number/);
    const unknownMethod = await api.call('runs.destroyEverything' as MethodName, {} as never).catch((e: StudioError) => e);
    expect((unknownMethod as StudioError).message).toMatch(/^method: unknown method 'runs\.destroyEverything'/);

    expect(await rawExchange('{not json')).toMatchObject({ id: null, ok: false, error: { code: 'protocol', message: expect.stringMatching(/^message: not valid JSON/) } });
    expect(await rawExchange(JSON.stringify({ id: 'seven', method: 'jobs.list' }))).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^message: id: expected integer id/) } });
    expect(await rawExchange(JSON.stringify({ id: 3, method: 'jobs.list', params: {}, extra: 1 }))).toMatchObject({ id: 3, ok: false, error: { message: 'message: extra: unknown field' } });
    expect(await rawExchange(JSON.stringify({ id: 4, method: 'runs.get', params: { runId: '../../etc/passwd' } }))).toMatchObject({
      id: 4,
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^runs\.get: runId: expected identifier/) },
    });
    // Deeply nested garbage does not crash the host.
    const nested = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
    expect((await rawExchange(`{"id": 5, "method": "jobs.list", "params": ${nested}}`)).ok).toBe(false);

    // Still serving.
    expect(await api.call('jobs.list', {})).toEqual(CANNED['jobs.list']);
  });

  it('refuses HTTP requests without the token (401) or with a wrong one (403)', async () => {
    expect((await fetch(`${base()}/`)).status).toBe(401);
    expect((await fetch(`${base()}/?token=nope`)).status).toBe(403);
    expect((await fetch(`${base()}/assets/app.js`)).status).toBe(401);
    const ok = await fetch(`${base()}/?token=${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Escape Studio');
    expect(ok.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const cookie = ok.headers.get('set-cookie')!.split(';')[0];
    const asset = await fetch(`${base()}/assets/app.js`, { headers: { cookie } });
    expect(asset.status).toBe(200);
    expect((await fetch(`${base()}/assets/app.js`, { headers: { cookie: `escape_studio_token_${host.port}=wrong` } })).status).toBe(403);
    expect((await fetch(`${base()}/..%2f..%2fetc%2fpasswd?token=${TOKEN}`)).status).toBe(400);
  });

  it('refuses WebSocket upgrades without the token, with a wrong one, or from another origin', async () => {
    const attempt = (url: string, headers: Record<string, string> = {}): Promise<number> =>
      new Promise((resolve, reject) => {
        const socket = new WebSocket(url, { headers });
        socket.once('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          socket.terminate();
        });
        socket.once('open', () => reject(new Error('the upgrade was accepted')));
        socket.once('error', () => undefined);
      });
    expect(await attempt(wsUrl(''))).toBe(401);
    expect(await attempt(wsUrl('?token=wrong'))).toBe(403);
    expect(await attempt(wsUrl(), { Origin: 'http://evil.example' })).toBe(403);
    await expect(connectWebSocketApi(wsUrl('?token=wrong'), factory)).rejects.toThrow(/cannot connect/);
  });
});
