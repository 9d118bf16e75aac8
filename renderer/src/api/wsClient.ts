/** StudioApi over the web host's WebSocket (browser WebSocket, or the `ws` package in Node tests). */
import type { StudioApi } from '../../../contract/api';
import { unwrapEnvelope } from '../../../contract/envelope';
import { StudioError } from '../../../contract/errors';
import type { StudioEvent } from '../../../contract/events';
import type { MethodName } from '../../../contract/methods';
import { parseEvent } from '../../../contract/validate';
import { ServerMessageSchema } from '../../../contract/wire';

/** The part of the WebSocket interface this client uses (browser and `ws` both provide it). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (event: { data?: unknown; code?: number }) => void): void;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

export interface WebSocketApi extends StudioApi {
  close(): void;
  /** Called once when the connection ends (server gone, refused, closed). */
  onClose(listener: (code: number) => void): void;
}

interface Pending {
  method: MethodName;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export function connectWebSocketApi(url: string, factory: WebSocketFactory): Promise<WebSocketApi> {
  const socket = factory(url);
  const pending = new Map<number, Pending>();
  const listeners = new Set<(event: StudioEvent) => void>();
  const closeListeners = new Set<(code: number) => void>();
  let nextId = 1;
  let closed = false;

  const failAll = (reason: string): void => {
    for (const p of pending.values()) p.reject(new StudioError('unavailable', reason));
    pending.clear();
  };

  // A refused or broken connection is reported through 'close' (which always follows 'error').
  socket.addEventListener('error', () => undefined);

  socket.addEventListener('message', (event) => {
    let message;
    try {
      message = ServerMessageSchema.parse(JSON.parse(String(event.data)));
    } catch (error) {
      // Not trusted, not applied — but said out loud: a host and renderer from different builds show up here.
      console.error(`escape-studio: ignored a malformed message from the host: ${(error as Error).message}`);
      return;
    }
    if ('event' in message) {
      let checked: StudioEvent;
      try {
        checked = parseEvent(message.event, message.payload);
      } catch (error) {
        console.error(`escape-studio: ignored an event that breaks the contract: ${(error as Error).message}`);
        return;
      }
      for (const l of listeners) l(checked);
      return;
    }
    if (message.id === null) return;
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    try {
      waiter.resolve(unwrapEnvelope(waiter.method, message.ok ? { ok: true, result: message.result } : { ok: false, error: message.error }));
    } catch (error) {
      waiter.reject(error as Error);
    }
  });

  const api: WebSocketApi = {
    call(method, params) {
      if (closed) return Promise.reject(new StudioError('unavailable', 'the connection to the studio is closed'));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject });
        socket.send(JSON.stringify({ id, method, params }));
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      socket.close(1000, 'client closed');
    },
    onClose(listener) {
      closeListeners.add(listener);
    },
  };

  return new Promise((resolve, reject) => {
    let opened = false;
    socket.addEventListener('open', () => {
      opened = true;
      resolve(api);
    });
    socket.addEventListener('close', (event) => {
      closed = true;
      failAll('the connection to the studio closed');
      if (!opened) reject(new StudioError('unavailable', `cannot connect to ${url.replace(/token=[^&]*/, 'token=…')}`));
      for (const l of closeListeners) l(event.code ?? 1006);
    });
  });
}
