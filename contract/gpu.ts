/**
 * GPU batch training (issue 13): the device a batch trains on, what the GPU phase of a run did,
 * and the adapter the studio reports (`system.gpu`). The GPU advances the students in f32; every
 * run is then finished on the CPU in float64 (polish + certification), so results stay float64.
 */
import { z } from 'zod';
import { nonNegativeInt, nonNegativeNumber, oneOf, text } from './fields';

/** `auto`: the GPU when an adapter exists and the batch has at least AUTO_GPU_MIN_SEEDS seeds. */
export const DEVICES = ['cpu', 'gpu', 'auto'] as const;
export type Device = (typeof DEVICES)[number];

/**
 * Smallest batch `auto` sends to the GPU. Below it the CPU pool wins even on a real GPU: a batch
 * pays the kernel compile and the read-back loop once, and the students that run longest set the
 * GPU phase's wall time while the pool keeps every core busy.
 */
export const AUTO_GPU_MIN_SEEDS = 256;

/** Why a GPU student stopped (the kernel's stop codes; a test keeps them equal to native-workers/gpu/shader.ts). */
export const GPU_STOP_REASONS = ['running', 'loss-floor', 'stalled', 'max-steps', 'max-time', 'non-finite'] as const;

/** The GPU phase of one run, stored in its result. */
export const RunGpuPhaseSchema = z.strictObject({
  /** Accepted and rejected f32 steps of the GPU flow. */
  steps: nonNegativeInt(),
  rejected: nonNegativeInt(),
  odeTime: nonNegativeNumber(),
  stoppedBy: oneOf(GPU_STOP_REASONS),
  /** The kernel's f32 loss at its end point (null when it was not finite). */
  loss: nonNegativeNumber().nullable(),
  /** This run's share of the batch's GPU wall time (seconds / students). */
  seconds: nonNegativeNumber(),
  /** ReLU students: kinks the f32 end point was moved onto before the CPU finish (native-workers/gpu/nearKinks.ts). */
  snappedKinks: nonNegativeInt().optional(),
});
export type RunGpuPhase = z.output<typeof RunGpuPhaseSchema>;

export const GpuAdapterInfoSchema = z.strictObject({
  vendor: text(200),
  architecture: text(200),
  device: text(200),
  description: text(500),
  /** A CPU implementation (SwiftShader): correct, never fast. */
  software: z.boolean(),
  limits: z.strictObject({
    maxStorageBufferBindingSize: nonNegativeNumber(),
    maxBufferSize: nonNegativeNumber(),
    maxComputeWorkgroupsPerDimension: nonNegativeInt(),
    maxComputeInvocationsPerWorkgroup: nonNegativeInt(),
  }),
});

/** `system.gpu`: the adapter, or null with the reason there is none. */
export const GpuInfoSchema = z.strictObject({
  adapter: GpuAdapterInfoSchema.nullable(),
  reason: text(1000).nullable(),
  autoMinSeeds: nonNegativeInt(),
});
export type GpuInfo = z.output<typeof GpuInfoSchema>;
