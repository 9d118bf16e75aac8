/** An in-process StudioApi over the service: the CLI and tests use the same dispatch as the hosts. */
import type { StudioApi } from '../../contract/api';
import { unwrapEnvelope } from '../../contract/envelope';
import { createDispatch } from './dispatch';
import type { StudioService } from './studioService';

export function localStudioApi(service: StudioService): StudioApi {
  const dispatch = createDispatch(service.handlers);
  return {
    async call(method, params) {
      return unwrapEnvelope(method, await dispatch(method, params));
    },
    subscribe: (listener) => service.subscribe(listener),
  };
}
