/** An HVP shard thread that starts and then never answers (shardedHvp.test.ts: the answer limit). */
import { parentPort } from 'node:worker_threads';

parentPort?.postMessage({ type: 'ready' });
