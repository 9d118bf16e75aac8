/** Events pushed from the service to every connected client. */
import { z } from 'zod';
import { fraction, finiteNumber, nonNegativeInt, nonNegativeNumber, text } from './fields';
import { JOB_REF_FIELDS } from './jobs';
import { RunSummarySchema } from './runs';

const jobRef = JOB_REF_FIELDS;

export const EVENTS = {
  'job.progress': z.strictObject({
    ...jobRef,
    progress: fraction(),
    step: nonNegativeInt(),
    loss: finiteNumber().nullable(),
    elapsedMs: nonNegativeNumber(),
  }),
  'job.done': z.strictObject({ ...jobRef, run: RunSummarySchema.nullable() }),
  'job.failed': z.strictObject({ ...jobRef, reason: text(2000), cancelled: z.boolean() }),
  'run.added': z.strictObject({ run: RunSummarySchema }),
} as const;

export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = z.output<(typeof EVENTS)[E]>;
/** A discriminated event as it travels: `{ type, payload }`. */
export type StudioEvent = { [E in EventName]: { type: E; payload: EventPayload<E> } }[EventName];
