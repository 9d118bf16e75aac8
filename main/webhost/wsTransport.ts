/** One WebSocket connection speaking the contract: requests in, replies and events out (JSON). */
import type { WebSocket } from 'ws';
import { formatIssues } from '../../contract/errors';
import type { StudioEvent } from '../../contract/events';
import { ClientMessageSchema, type ServerMessage } from '../../contract/wire';
import type { Dispatch } from '../services/dispatch';

/** Progress events are dropped for a client this far behind (final events are always sent). */
const SLOW_CLIENT_BYTES = 8 * 1024 * 1024;

export function serveConnection(socket: WebSocket, dispatch: Dispatch, subscribe: (listener: (e: StudioEvent) => void) => () => void): void {
  const send = (message: ServerMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const protocolError = (id: number | null, message: string): void =>
    send({ id, ok: false, error: { code: 'protocol', message } });

  const unsubscribe = subscribe((event) => {
    if (event.type === 'job.progress' && socket.bufferedAmount > SLOW_CLIENT_BYTES) return;
    send({ event: event.type, payload: event.payload });
  });
  socket.on('close', unsubscribe);
  socket.on('error', unsubscribe);

  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      protocolError(null, 'message: expected a JSON text frame');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch (error) {
      protocolError(null, `message: not valid JSON (${(error as Error).message})`);
      return;
    }
    const parsed = ClientMessageSchema.safeParse(json);
    if (!parsed.success) {
      const id = typeof json === 'object' && json !== null && 'id' in json && Number.isInteger(json.id) ? (json.id as number) : null;
      protocolError(id !== null && id >= 0 ? id : null, formatIssues('message', parsed.error.issues));
      return;
    }
    const { id, method, params } = parsed.data;
    void dispatch(method, params).then((envelope) => send({ id, ...envelope }));
  });
}
