/** The reply to one call on any transport: a result or an error with a code. */
import { StudioError, type ErrorCode } from './errors';
import type { MethodName, MethodResult } from './methods';
import { parseResult } from './validate';

export type Envelope = { ok: true; result: unknown } | { ok: false; error: { code: ErrorCode; message: string } };

/** Client side: check the result against the method's response schema, or throw the error. */
export function unwrapEnvelope<M extends MethodName>(method: M, envelope: Envelope): MethodResult<M> {
  if (!envelope.ok) throw new StudioError(envelope.error.code, envelope.error.message);
  return parseResult(method, envelope.result);
}
