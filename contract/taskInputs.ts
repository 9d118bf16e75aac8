/** What every compute task receives: a network and a dataset (large arrays as Float64Array, transferred not copied). */
import { z } from 'zod';
import { CheckpointSchema } from './analysis';
import { ArchitectureSchema } from './architecture';
import { TeacherDataSchema } from './experiment';
import { positiveInt } from './fields';

export const f64 = (): z.ZodCustom<Float64Array> =>
  z.instanceof(Float64Array, { error: 'expected Float64Array' }) as z.ZodCustom<Float64Array>;

/** A network as a task receives it: an architecture + θ (e.g. a stored run), or a checkpoint JSON. */
export const TaskNetworkSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('theta'), architecture: ArchitectureSchema, theta: f64() }),
  z.strictObject({ kind: z.literal('checkpoint'), checkpoint: CheckpointSchema }),
]);
export type TaskNetwork = z.output<typeof TaskNetworkSchema>;

export const TaskDataSchema = z.discriminatedUnion('kind', [
  TeacherDataSchema.extend({ kind: z.literal('teacher') }),
  z.strictObject({ kind: z.literal('inline'), count: positiveInt(), X: f64(), Y: f64(), inputDim: positiveInt(), outputDim: positiveInt() }),
]);
export type TaskData = z.output<typeof TaskDataSchema>;
