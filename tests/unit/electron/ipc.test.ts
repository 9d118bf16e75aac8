import { describe, expect, it } from 'vitest';
import { unwrapEnvelope, type Envelope } from '../../../contract/envelope';
import { IPC_EVENT_CHANNEL, ipcChannel, METHOD_NAMES } from '../../../contract/names';
import { METHODS, type MethodName } from '../../../contract/methods';
import { registerIpcHandlers, type EventTarget, type IpcMainLike } from '../../../main/electron/ipc';
import { createDispatch } from '../../../main/services/dispatch';
import { CANNED, fakeService, REQUESTS } from '../helpers/canned';
import { syntheticRun } from '../helpers/service';

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What ipcRenderer.invoke would get back (values pass through a structured clone). */
  async invoke(channel: string, ...args: unknown[]): Promise<Envelope> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return structuredClone(await handler({ sender: 'fake' }, ...structuredClone(args))) as Envelope;
  }
}

class FakeWebContents implements EventTarget {
  readonly sent: unknown[][] = [];
  destroyed = false;
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

function setup() {
  const service = fakeService();
  const ipc = new FakeIpcMain();
  const window = new FakeWebContents();
  const unregister = registerIpcHandlers(ipc, createDispatch(service.handlers), (l) => service.events.subscribe(l), () => [window]);
  return { service, ipc, window, unregister };
}

describe('Electron IPC host', () => {
  it('registers exactly one handler per contract method', () => {
    const { ipc } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual(METHOD_NAMES.map(ipcChannel).sort());
  });

  it('round-trips every method through ipcMain.handle', async () => {
    const { ipc, service } = setup();
    for (const method of Object.keys(METHODS) as MethodName[]) {
      service.received.length = 0;
      const envelope = await ipc.invoke(ipcChannel(method), REQUESTS[method]);
      expect(unwrapEnvelope(method, envelope), method).toEqual(CANNED[method]);
      expect(service.received).toEqual([{ method, request: METHODS[method].request.parse(REQUESTS[method]) }]);
    }
  });

  it('answers malformed payloads with an error naming the field and keeps serving', async () => {
    const { ipc, service } = setup();
    const bad = await ipc.invoke(ipcChannel('experiments.start'), { teacher: 'fig6', width: -3, seeds: [0] });
    expect(bad).toEqual({ ok: false, error: { code: 'invalid', message: 'experiments.start: width: expected positive integer' } });
    const cancel = await ipc.invoke(ipcChannel('jobs.cancel'), { jobId: 'a', batchId: 'b' });
    expect(cancel).toMatchObject({ ok: false, error: { message: 'jobs.cancel: jobId: expected exactly one of jobId or batchId' } });
    const extraArgs = await ipc.invoke(ipcChannel('jobs.list'), {}, { sneaky: true });
    expect(extraArgs).toMatchObject({ ok: false, error: { code: 'protocol' } });
    const missing = await ipc.invoke(ipcChannel('runs.get'));
    expect(missing).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^runs\.get: /) } });
    expect(service.received).toEqual([]);
    expect(unwrapEnvelope('jobs.list', await ipc.invoke(ipcChannel('jobs.list'), {}))).toEqual(CANNED['jobs.list']);
  });

  it('forwards events to live windows only, and unregisters cleanly', () => {
    const { service, window, unregister, ipc } = setup();
    const run = syntheticRun('run-ipc', null, 0).summary;
    service.events.emit({ type: 'run.added', payload: { run } });
    expect(window.sent).toEqual([[IPC_EVENT_CHANNEL, 'run.added', { run }]]);
    window.destroyed = true;
    service.events.emit({ type: 'run.added', payload: { run } });
    expect(window.sent).toHaveLength(1);
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });
});
