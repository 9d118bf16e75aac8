/** The pool's interactive lane: interactive jobs never wait behind batch jobs (issue 9 §3). */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tsxWorkerEntry } from '../../../native-workers/pool/entry';
import { WorkerPool } from '../../../native-workers/pool/pool';

const entry = tsxWorkerEntry(fileURLToPath(new URL('../helpers/test.worker.ts', import.meta.url)));
const pools: WorkerPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

/** Resolves with the order in which the given promises settled (by label). */
function settleOrder(jobs: Record<string, Promise<unknown>>, order: string[]): Promise<unknown> {
  return Promise.all(Object.entries(jobs).map(([label, p]) => p.then(() => order.push(label))));
}

describe('WorkerPool interactive lane', () => {
  it('runs an interactive job on the reserved worker while a long batch job holds the only regular worker', async () => {
    const pool = new WorkerPool({ entry, size: 1 });
    pools.push(pool);
    let markRunning!: () => void;
    const running = new Promise<void>((r) => (markRunning = r));
    const batch1 = pool.submit('spin', { ms: 4000 }, { onProgress: () => markRunning() });
    const batch2 = pool.submit('spin', { ms: 50 });
    await running;
    const order: string[] = [];
    const all = settleOrder({ batch1: batch1.result, batch2: batch2.result }, order);
    const interactive = pool.submit('echo', { values: new Float64Array([1, 2]) }, { lane: 'interactive' });
    const answer = (await interactive.result) as { doubled: Float64Array };
    order.push('interactive');
    expect(Array.from(answer.doubled)).toEqual([2, 4]);
    // The batch job was still running when the interactive answer came back.
    expect(order).toEqual(['interactive']);
    expect(pool.workers).toBe(1);
    expect(pool.reservedAlive).toBe(1);
    batch1.cancel();
    await all.catch(() => undefined);
  });

  it('without reserved workers, an interactive job jumps the batch queue (after the running job)', async () => {
    const pool = new WorkerPool({ entry, size: 1, reservedWorkers: 0, prefetch: 0 });
    pools.push(pool);
    const order: string[] = [];
    let markRunning!: () => void;
    const running = new Promise<void>((r) => (markRunning = r));
    const batch1 = pool.submit('spin', { ms: 300 }, { onProgress: () => markRunning() });
    await running;
    const jobs = {
      batch1: batch1.result,
      batch2: pool.submit('spin', { ms: 10 }).result,
      batch3: pool.submit('spin', { ms: 10 }).result,
      interactive: pool.submit('spin', { ms: 10 }, { lane: 'interactive' }).result,
    };
    await settleOrder(jobs, order);
    expect(order).toEqual(['batch1', 'interactive', 'batch2', 'batch3']);
    expect(pool.reservedAlive).toBe(0);
  });

  it('never prefetches an interactive job behind a running batch job', async () => {
    const pool = new WorkerPool({ entry, size: 1, reservedWorkers: 0, prefetch: 2 });
    pools.push(pool);
    const order: string[] = [];
    let markRunning!: () => void;
    const running = new Promise<void>((r) => (markRunning = r));
    const batch1 = pool.submit('spin', { ms: 400 }, { onProgress: () => markRunning() });
    await running;
    // batch2 is prefetched to the busy worker; the interactive job must wait in the pool's own
    // queue so that it is next once batch1 ends, and still runs before batch3.
    const jobs = {
      batch1: batch1.result,
      batch2: pool.submit('spin', { ms: 10 }).result,
      interactive: pool.submit('spin', { ms: 10 }, { lane: 'interactive' }).result,
      batch3: pool.submit('spin', { ms: 10 }).result,
    };
    await settleOrder(jobs, order);
    expect(order.indexOf('interactive')).toBeLessThan(order.indexOf('batch3'));
    expect(order[0]).toBe('batch1');
  });

  it('pauses a running batch job (inside shouldStop) while an interactive job runs, and resumes it after', async () => {
    /** Batch progress messages received while a 600 ms interactive job ran; the batch job resumes after it. */
    async function messagesDuringInteractive(pauseBatch: boolean): Promise<number> {
      const pool = new WorkerPool({ entry, size: 1, pauseBatch });
      pools.push(pool);
      let messages = 0;
      let markRunning!: () => void;
      const running = new Promise<void>((r) => (markRunning = r));
      const batch = pool.submit('spin', { ms: 60_000 }, { onProgress: () => (messages++, markRunning()) });
      await running;
      let atStart = 0;
      const interactive = pool.submit('spin', { ms: 600 }, { lane: 'interactive', onStart: () => (atStart = messages) });
      await interactive.result;
      const during = messages - atStart;
      const atEnd = messages;
      await expect.poll(() => messages, { timeout: 10_000 }).toBeGreaterThan(atEnd + 2); // running again
      batch.cancel();
      await batch.result.catch(() => undefined);
      return during;
    }
    const paused = await messagesDuringInteractive(true);
    const baseline = await messagesDuringInteractive(false);
    // Progress is throttled to one message per 50 ms: ~12 in 600 ms unless the job is paused.
    expect(baseline).toBeGreaterThan(4);
    expect(paused).toBeLessThanOrEqual(2);
  });
});
