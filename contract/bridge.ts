/**
 * What the Electron preload exposes on `window.escapeStudio` (contextBridge): exactly the
 * StudioApi's two operations. Replies are envelopes because Error subclasses do not survive
 * contextBridge; the renderer's client unwraps and validates them.
 */
import type { Envelope } from './envelope';
import type { MethodName } from './methods';

export const BRIDGE_GLOBAL = 'escapeStudio';

export interface StudioBridge {
  call(method: MethodName, params: unknown): Promise<Envelope>;
  /** Listener receives every event as (type, payload); returns the unsubscribe function. */
  subscribe(listener: (type: string, payload: unknown) => void): () => void;
}
