/**
 * One shard thread of ShardedHvp (shardedHvp.ts): holds a contiguous slice of the samples in its own
 * HvpEngine and answers the caller's prepare / apply / close requests through shared memory.
 * Started as the compute worker with `workerData.hvpShard` (compute.worker.ts), so every build
 * that can start a compute worker can start shards.
 */
import { parentPort } from 'node:worker_threads';
import { HvpEngine, parameterCount } from '../engine';
import { HvpShardDataSchema, SHARD_APPLY, SHARD_CLOSE, SHARD_CMD, SHARD_COUNT, SHARD_PREPARE, shardDone, shardRequest, shardViews } from './hvpShardProtocol';

/** How long one wait for the next request lasts before it looks again (the wait itself is free). */
const IDLE_WAIT_MS = 60_000;

export function serveHvpShard(raw: unknown): void {
  const d = HvpShardDataSchema.parse(raw).hvpShard;
  const { index, architecture, block } = d;
  const control = new Int32Array(d.control);
  const P = parameterCount(architecture);
  const shards = (control.length - 2) / 2;
  const views = shardViews(d.floats, P, block, shards);
  const out = views.out(index);
  let engine: HvpEngine;
  try {
    engine = new HvpEngine(architecture, { count: d.count, inputDim: d.inputDim, outputDim: d.outputDim, X: d.X, Y: d.Y }, { block });
  } catch (error) {
    parentPort?.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  parentPort?.postMessage({ type: 'ready' });
  let last = 0;
  for (;;) {
    Atomics.wait(control, shardRequest(index), last, IDLE_WAIT_MS);
    const seq = Atomics.load(control, shardRequest(index));
    if (seq === last) continue;
    last = seq;
    const cmd = Atomics.load(control, SHARD_CMD);
    if (cmd === SHARD_CLOSE) {
      Atomics.store(control, shardDone(index), seq);
      Atomics.notify(control, shardDone(index));
      break;
    }
    try {
      if (cmd === SHARD_PREPARE) views.losses[index] = engine.prepare(views.theta);
      else if (cmd === SHARD_APPLY) {
        const count = Atomics.load(control, SHARD_COUNT);
        if (count === 1) engine.apply(views.V.subarray(0, P), out.subarray(0, P));
        else engine.applyBlock(views.V, out, count);
      } else throw new Error(`unknown request ${cmd}`);
      Atomics.store(control, shardDone(index), seq);
    } catch (error) {
      d.errors.postMessage(error instanceof Error ? error.message : String(error));
      Atomics.store(control, shardDone(index), -seq);
    }
    Atomics.notify(control, shardDone(index));
  }
  d.errors.close();
  parentPort?.close();
}
