/** The StudioApi: one typed surface, identical under Electron IPC and the WebSocket host. */
import type { EventName, StudioEvent } from './events';
import type { MethodName, MethodParams, MethodRequest, MethodResult } from './methods';
import type { EVENT_NAMES, METHOD_NAMES } from './names';

export interface StudioApi {
  /** Validated on both sides; rejects with StudioError (ContractError for schema violations). */
  call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>>;
  /** Receives every event; returns the unsubscribe function. */
  subscribe(listener: (event: StudioEvent) => void): () => void;
}

/** What a host needs from the service: one handler per method, receiving validated requests. */
export type StudioHandlers = {
  [M in MethodName]: (request: MethodRequest<M>) => Promise<MethodResult<M>>;
};

// Compile-time guarantee that names.ts lists exactly the schema tables' keys.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const methodNamesMatch: Same<(typeof METHOD_NAMES)[number], MethodName> = true;
const eventNamesMatch: Same<(typeof EVENT_NAMES)[number], EventName> = true;
export const NAMES_MATCH = methodNamesMatch && eventNamesMatch;
