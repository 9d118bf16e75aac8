/** StudioApi over the Electron preload bridge (window.escapeStudio). */
import type { StudioApi } from '../../../contract/api';
import type { StudioBridge } from '../../../contract/bridge';
import { unwrapEnvelope } from '../../../contract/envelope';
import { parseEvent } from '../../../contract/validate';

export function bridgeApi(bridge: StudioBridge): StudioApi {
  return {
    async call(method, params) {
      return unwrapEnvelope(method, await bridge.call(method, params));
    },
    subscribe(listener) {
      return bridge.subscribe((type, payload) => {
        let event;
        try {
          event = parseEvent(type, payload);
        } catch (error) {
          console.error(`escape-studio: ignored an event that breaks the contract: ${(error as Error).message}`);
          return;
        }
        listener(event);
      });
    },
  };
}
