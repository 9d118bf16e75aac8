/**
 * Messages between the service (GpuWorkerBackend, workerBackend.ts) and the GPU worker process
 * (gpu.worker.ts), checked on both ends with these schemas. Requests carry an id; the worker
 * answers each with exactly one `probed` / `done` / `failed` of that id, `progress` in between.
 * Float64Arrays travel as such (structured clone: `serialization: 'advanced'` / utilityProcess).
 */
import { z } from 'zod';
import { RunSpecSchema } from '../../contract/experiment';
import { ArchitectureSchema } from '../../contract/architecture';
import { GpuAdapterInfoSchema } from '../../contract/gpu';
import { TaskDataSchema } from '../../contract/taskInputs';
import { TASKS } from '../../contract/tasks';
import { GPU_METHODS } from './shader';

const RequestId = z.number().int().min(1);

/** The data-only part of GpuTrainOptions (no callbacks: they stay on the service side). */
export const KernelOverridesSchema = z.strictObject({
  method: z.enum(GPU_METHODS).optional(),
  beta1: z.number().optional(),
  beta2: z.number().optional(),
  epsilon: z.number().optional(),
  maxSteps: z.number().optional(),
  maxTime: z.number().optional(),
  relTol: z.number().optional(),
  absTol: z.number().optional(),
  initialStep: z.number().optional(),
  maxStep: z.number().optional(),
  lossFloorRel: z.number().optional(),
  lossTarget: z.number().optional(),
  stallRel: z.number().optional(),
  stallSteps: z.number().optional(),
  stepsPerDispatch: z.number().optional(),
  dispatchesPerCheck: z.number().optional(),
});

export const ToGpuWorkerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('probe'), id: RequestId }),
  z.strictObject({
    type: z.literal('flow'),
    id: RequestId,
    input: z.strictObject({
      specs: z.array(RunSpecSchema).min(1),
      architecture: ArchitectureSchema.optional(),
      data: TaskDataSchema.optional(),
      kernel: KernelOverridesSchema.optional(),
    }),
  }),
  /** Ends flow `id` at its next read-back (answered by `failed` with name GpuCancelledError). */
  z.strictObject({ type: z.literal('cancel'), id: RequestId }),
]);
export type ToGpuWorker = z.input<typeof ToGpuWorkerSchema>;

const ProbeSchema = z.union([
  z.strictObject({ adapter: GpuAdapterInfoSchema, reason: z.null() }),
  z.strictObject({ adapter: z.null(), reason: z.string() }),
]);

export const FromGpuWorkerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('probed'), id: RequestId, probe: ProbeSchema }),
  z.strictObject({ type: z.literal('progress'), id: RequestId, running: z.number().int().min(0), total: z.number().int().min(1) }),
  z.strictObject({
    type: z.literal('done'),
    id: RequestId,
    output: z.strictObject({
      payloads: z.array(TASKS.gpuFinish.payload),
      adapter: GpuAdapterInfoSchema,
      seconds: z.number().min(0),
      dispatches: z.number().int().min(0),
    }),
  }),
  z.strictObject({ type: z.literal('failed'), id: RequestId, error: z.strictObject({ name: z.string().max(200), message: z.string().max(10_000) }) }),
]);
export type FromGpuWorker = z.output<typeof FromGpuWorkerSchema>;
