import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tsxWorkerEntry } from '../../../native-workers/pool/entry';
import { JobCancelledError, TaskError, WorkerFaultError } from '../../../native-workers/pool/errors';
import { WorkerPool, defaultPoolSize } from '../../../native-workers/pool/pool';

const entry = tsxWorkerEntry(fileURLToPath(new URL('../helpers/test.worker.ts', import.meta.url)));
const pools: WorkerPool[] = [];
function makePool(options: { size?: number; cancelGraceMs?: number; hangTimeoutMs?: number } = {}): WorkerPool {
  const pool = new WorkerPool({ entry, size: 1, ...options });
  pools.push(pool);
  return pool;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

/** Submits a job and resolves `running` at its first progress message (it is then surely executing). */
function submitRunning(pool: WorkerPool, kind: string, payload: unknown) {
  let markRunning!: () => void;
  const running = new Promise<void>((r) => (markRunning = r));
  const job = pool.submit(kind, payload, { onProgress: () => markRunning() });
  return { job, running };
}

async function reason(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the job to fail');
}

describe('WorkerPool', () => {
  it('defaults to cores − 1 workers, at least one', () => {
    expect(defaultPoolSize()).toBeGreaterThanOrEqual(1);
  });

  it('transfers Float64Array buffers both ways and returns the result', async () => {
    const pool = makePool();
    const values = new Float64Array([1, 2.5, -3]);
    const job = pool.submit('echo', { values }, { transfer: [values.buffer] });
    const result = (await job.result) as { doubled: Float64Array; receivedLength: number };
    expect(values.length).toBe(0); // moved to the worker, not copied
    expect(result.receivedLength).toBe(3);
    expect(result.doubled).toBeInstanceOf(Float64Array);
    expect(Array.from(result.doubled)).toEqual([2, 5, -6]);
  });

  it('streams throttled progress and runs queued jobs in order', async () => {
    const pool = makePool();
    const updates: number[] = [];
    const first = pool.submit('spin', { ms: 300 }, { onProgress: (p) => updates.push(p.progress) });
    const second = pool.submit('echo', { values: new Float64Array([4]) });
    expect(pool.queued).toBe(2);
    await first.result;
    // Throttled to one message per 50 ms: a few, not thousands, and monotone.
    expect(updates.length).toBeGreaterThanOrEqual(3);
    expect(updates.length).toBeLessThan(30);
    for (let i = 1; i < updates.length; i++) expect(updates[i]).toBeGreaterThanOrEqual(updates[i - 1]);
    expect(Array.from(((await second.result) as { doubled: Float64Array }).doubled)).toEqual([8]);
  });

  it('a task error fails only that job and keeps the worker', async () => {
    const pool = makePool();
    const error = await reason(pool.submit('fail', {}).result);
    expect(error).toBeInstanceOf(TaskError);
    expect(error.message).toBe('bad input for the task');
    expect((error as TaskError).taskErrorName).toBe('RangeError');
    const ok = (await pool.submit('echo', { values: new Float64Array([1]) }).result) as { receivedLength: number };
    expect(ok.receivedLength).toBe(1);
  });

  it('cancels a queued job at once and a cooperative running job within 200 ms', async () => {
    const pool = makePool();
    const { job: running, running: started } = submitRunning(pool, 'spin', { ms: 20_000 });
    const queued = pool.submit('spin', { ms: 20_000 });
    queued.cancel();
    expect(await reason(queued.result)).toBeInstanceOf(JobCancelledError);
    await started;
    const t0 = performance.now();
    running.cancel();
    const error = await reason(running.result);
    const elapsed = performance.now() - t0;
    expect(error).toBeInstanceOf(JobCancelledError);
    expect(elapsed).toBeLessThan(200);
    expect(pool.workers).toBe(1); // cooperative stop: the same worker stays
  });

  it('terminates and replaces a worker that ignores cancellation, still within 200 ms', async () => {
    const pool = makePool({ cancelGraceMs: 100 });
    const { job: deaf, running } = submitRunning(pool, 'spin', { ms: 60_000, deaf: true });
    await running;
    const t0 = performance.now();
    deaf.cancel();
    const error = await reason(deaf.result);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(error).toBeInstanceOf(JobCancelledError);
    expect(error.message).toMatch(/worker was terminated/);
    const next = (await pool.submit('echo', { values: new Float64Array([3]) }).result) as { doubled: Float64Array };
    expect(Array.from(next.doubled)).toEqual([6]);
  });

  it('a worker killed mid-job fails that job with a reason; the pool heals', async () => {
    const pool = makePool();
    const { job: victim, running } = submitRunning(pool, 'spin', { ms: 60_000 });
    await running;
    expect(pool.killWorkerOf(victim.id)).toBe(true);
    const error = await reason(victim.result);
    expect(error).toBeInstanceOf(WorkerFaultError);
    expect(error.message).toMatch(/exited unexpectedly/);
    const next = (await pool.submit('echo', { values: new Float64Array([5]) }).result) as { doubled: Float64Array };
    expect(Array.from(next.doubled)).toEqual([10]);
  });

  it('an uncaught exception or process.exit in a worker fails only its job', async () => {
    const pool = makePool({ size: 2 });
    const bystander = pool.submit('spin', { ms: 600 });
    const crash = await reason(pool.submit('crash', {}).result);
    expect(crash).toBeInstanceOf(WorkerFaultError);
    expect(crash.message).toMatch(/deliberate crash in the test worker/);
    const exit = await reason(pool.submit('exit', {}).result);
    expect(exit.message).toMatch(/code 7/);
    expect(await bystander.result).toMatchObject({ steps: expect.any(Number) });
    const next = (await pool.submit('echo', { values: new Float64Array([1]) }).result) as { receivedLength: number };
    expect(next.receivedLength).toBe(1);
  });

  it('prefetches the next job to a busy worker; a crash requeues it instead of failing it', async () => {
    const pool = makePool();
    const { job: first, running } = submitRunning(pool, 'spin', { ms: 60_000 });
    const second = pool.submit('echo', { values: new Float64Array([7]) });
    const third = pool.submit('echo', { values: new Float64Array([8]) });
    await running;
    expect(pool.running).toBe(1);
    expect(pool.queued).toBe(2); // one prefetched on the worker, one in the pool's queue
    expect(pool.killWorkerOf(second.id)).toBe(true); // the prefetched job is on the same worker
    expect(await reason(first.result)).toBeInstanceOf(WorkerFaultError);
    expect(Array.from(((await second.result) as { doubled: Float64Array }).doubled)).toEqual([14]);
    expect(Array.from(((await third.result) as { doubled: Float64Array }).doubled)).toEqual([16]);
  });

  it('cancelling a prefetched job settles it at once and the worker skips it', async () => {
    const pool = makePool();
    const { job: first, running } = submitRunning(pool, 'spin', { ms: 400 });
    const second = pool.submit('spin', { ms: 60_000, deaf: true });
    const third = pool.submit('echo', { values: new Float64Array([1]) });
    await running;
    second.cancel();
    expect(await reason(second.result)).toBeInstanceOf(JobCancelledError);
    expect(await first.result).toMatchObject({ steps: expect.any(Number) });
    expect(((await third.result) as { receivedLength: number }).receivedLength).toBe(1);
    expect(pool.workers).toBe(1); // no termination was needed
  });

  it('a hung worker (silent past its hang timeout) fails its job and is replaced', async () => {
    const pool = makePool();
    const error = await reason(pool.submit('hang', {}, { hangTimeoutMs: 300 }).result);
    expect(error).toBeInstanceOf(WorkerFaultError);
    expect(error.message).toMatch(/hung: no message for 300 ms/);
    const next = (await pool.submit('echo', { values: new Float64Array([2]) }).result) as { doubled: Float64Array };
    expect(Array.from(next.doubled)).toEqual([4]);
  });
});
