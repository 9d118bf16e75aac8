/**
 * Host detection: under Electron the preload has put the bridge on window; in a browser the page
 * was opened from `escape-studio serve` with `?token=…`, and the API is a WebSocket back to it.
 */
import type { StudioApi } from '../../../contract/api';
import type { StudioBridge } from '../../../contract/bridge';
import { bridgeApi } from './electronClient';
import { connectWebSocketApi } from './wsClient';

export type HostKind = 'electron' | 'web';

export interface Connection {
  readonly host: HostKind;
  readonly api: StudioApi;
  /** Called when the host goes away (web host stopped); never under Electron. */
  onLost(listener: () => void): void;
}

const TOKEN_KEY = 'escape-studio-token';

function bridgeOnWindow(): StudioBridge | undefined {
  return window.escapeStudio;
}

/** Reads the token from the URL once, keeps it for reloads, and removes it from the address bar. */
function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export async function connectToHost(): Promise<Connection> {
  const bridge = bridgeOnWindow();
  if (bridge) return { host: 'electron', api: bridgeApi(bridge), onLost: () => undefined };
  const token = takeToken();
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${scheme}://${window.location.host}/api?token=${encodeURIComponent(token)}`;
  const api = await connectWebSocketApi(url, (u) => new WebSocket(u));
  return { host: 'web', api, onLost: (listener) => api.onClose(() => listener()) };
}
