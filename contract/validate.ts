/** Boundary checks: every host and client runs payloads through these before trusting them. */
import type { z } from 'zod';
import { ContractError, formatIssues } from './errors';
import { EVENTS, type EventName, type StudioEvent } from './events';
import { METHODS, type MethodName, type MethodRequest, type MethodResult } from './methods';

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(METHODS, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(EVENTS, name);
}

function check<T extends z.ZodType>(schema: T, value: unknown, context: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ContractError(formatIssues(context, parsed.error.issues));
  return parsed.data;
}

export function parseMethodName(name: unknown): MethodName {
  if (!isMethodName(name)) {
    const shown = typeof name === 'string' ? `'${name.slice(0, 80)}'` : typeof name;
    throw new ContractError(`method: unknown method ${shown} (known: ${Object.keys(METHODS).join(', ')})`);
  }
  return name;
}

export function parseRequest<M extends MethodName>(method: M, params: unknown): MethodRequest<M> {
  return check(METHODS[method].request, params, method) as MethodRequest<M>;
}

export function parseResult<M extends MethodName>(method: M, result: unknown): MethodResult<M> {
  return check(METHODS[method].response, result, `${method} (response)`) as MethodResult<M>;
}

export function parseEvent(type: unknown, payload: unknown): StudioEvent {
  if (!isEventName(type)) throw new ContractError(`event: unknown event '${String(type).slice(0, 80)}'`);
  return { type, payload: check(EVENTS[type], payload, type) } as StudioEvent;
}
