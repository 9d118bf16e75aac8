export type { StudioApi } from '../../../contract/api';
export { connectToHost, type Connection, type HostKind } from './connect';
export { connectWebSocketApi, type WebSocketApi, type WebSocketLike } from './wsClient';
export { bridgeApi } from './electronClient';
