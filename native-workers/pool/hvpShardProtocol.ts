/**
 * What the caller of ShardedHvp (shardedHvp.ts) and its shard threads (hvpShard.ts) share: the
 * workerData of a shard and the layout of the SharedArrayBuffers they talk through.
 *
 * Control words (Int32Array `control`): CMD and COUNT are written by the caller before it bumps a
 * shard's REQUEST word; the shard answers by setting its DONE word to the request's number
 * (negative when it failed; the message then waits on `errors`, a MessagePort read with
 * receiveMessageOnPort because the caller's event loop is blocked in Atomics.wait).
 */
import type { MessagePort } from 'node:worker_threads';
import { z } from 'zod';
import { ArchitectureSchema } from '../../contract/architecture';

export const SHARD_CMD = 0;
export const SHARD_COUNT = 1;
export const shardRequest = (shard: number): number => 2 + 2 * shard;
export const shardDone = (shard: number): number => 3 + 2 * shard;
export const controlWords = (shards: number): number => 2 + 2 * shards;

export const SHARD_PREPARE = 1;
export const SHARD_APPLY = 2;
export const SHARD_CLOSE = 3;

export const HvpShardDataSchema = z.looseObject({
  hvpShard: z.strictObject({
    /** This thread's index among the worker shards (0-based; the caller's own slice is not counted). */
    index: z.number().int().nonnegative(),
    architecture: ArchitectureSchema,
    count: z.number().int().positive(),
    inputDim: z.number().int().positive(),
    outputDim: z.number().int().positive(),
    X: z.instanceof(Float64Array),
    Y: z.instanceof(Float64Array),
    block: z.number().int().min(1).max(16),
    control: z.instanceof(SharedArrayBuffer),
    /** θ (P doubles), the directions (block·P), then each shard's loss (1 each) and products (block·P each). */
    floats: z.instanceof(SharedArrayBuffer),
    errors: z.custom<MessagePort>((v) => typeof v === 'object' && v !== null && 'postMessage' in v, 'a MessagePort'),
  }),
});
export type HvpShardData = z.infer<typeof HvpShardDataSchema>['hvpShard'];

/** Views of `floats` for P parameters, blocks of `block` and `shards` worker shards. */
export function shardViews(floats: SharedArrayBuffer, P: number, block: number, shards: number) {
  const all = new Float64Array(floats);
  const theta = all.subarray(0, P);
  const V = all.subarray(P, P + block * P);
  const losses = all.subarray(P + block * P, P + block * P + shards);
  const outAt = P + block * P + shards;
  const out = (shard: number): Float64Array => all.subarray(outAt + shard * block * P, outAt + (shard + 1) * block * P);
  return { theta, V, losses, out };
}

export function floatsLength(P: number, block: number, shards: number): number {
  return P + block * P + shards + shards * block * P;
}
