/** Messages on the WebSocket transport (JSON text frames). */
import { z } from 'zod';
import { ERROR_CODES } from './errors';
import { EVENT_NAMES } from './names';

/** Largest WebSocket frame a host accepts (refused on its length, before buffering). */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

export const ClientMessageSchema = z.strictObject({
  id: z.number({ error: 'expected integer id' }).int({ error: 'expected integer id' }).min(0),
  method: z.string({ error: 'expected method name' }).max(100),
  params: z.unknown().optional(),
});
export type ClientMessage = z.output<typeof ClientMessageSchema>;

export const ErrorBodySchema = z.strictObject({ code: z.enum(ERROR_CODES), message: z.string() });

export const ServerMessageSchema = z.union([
  z.strictObject({ id: z.number().int().min(0), ok: z.literal(true), result: z.unknown() }),
  z.strictObject({ id: z.number().int().min(0).nullable(), ok: z.literal(false), error: ErrorBodySchema }),
  z.strictObject({ event: z.enum(EVENT_NAMES), payload: z.unknown() }),
]);
export type ServerMessage = z.output<typeof ServerMessageSchema>;
