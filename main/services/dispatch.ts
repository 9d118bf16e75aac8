/**
 * The one entry point every transport uses: check the method name and the params against the
 * contract, run the handler, check the result, and answer an envelope (never throw), so a bad
 * payload costs one error reply and the host stays up.
 */
import type { StudioHandlers } from '../../contract/api';
import type { Envelope } from '../../contract/envelope';
import type { MethodName } from '../../contract/methods';
import { parseMethodName, parseRequest, parseResult } from '../../contract/validate';
import { toStudioError } from './errors';

export type { Envelope };

export type Dispatch = (method: unknown, params: unknown) => Promise<Envelope>;

export function createDispatch(handlers: StudioHandlers): Dispatch {
  return async (rawMethod, rawParams) => {
    let method: MethodName | 'method' = 'method';
    try {
      method = parseMethodName(rawMethod);
      const request = parseRequest(method, rawParams);
      const handler = handlers[method] as (r: unknown) => Promise<unknown>;
      const result = await handler(request);
      return { ok: true, result: parseResult(method, result) };
    } catch (error) {
      const failure = toStudioError(error, method);
      return { ok: false, error: { code: failure.code, message: failure.message } };
    }
  };
}
