/**
 * Issue 14: the certification after training (dense Hessian + eigh, seconds at P ≈ 1,500–2,000)
 * reports progress through the task's channel, so the pool's hang detector measures silence,
 * not size. Both Hessian paths: the analytic two-layer kernel and (deep nets) P exact HVPs.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { RunSpec } from '../../../contract/experiment';
import type { TaskProgress } from '../../../contract/tasks';
import { computeWorkerEntry } from '../../../native-workers/pool/entry';
import { WorkerPool } from '../../../native-workers/pool/pool';
import { CLASSIFY_MAX_PARAMETERS, trainTask } from '../../../native-workers/tasks/train';

/** 2 → 375 → 1 ReLU student: P = 375·3 + 376 = 1,501; a few GD steps, no polish: the certification is the long part. */
const spec: RunSpec = {
  teacher: 'fig3c',
  samples: 64,
  dataSeed: 1,
  width: 375,
  activation: null,
  init: 'glorot_normal',
  method: 'gd',
  seed: 3,
  budgets: { maxSteps: 3, learningRate: 1e-3 },
  settings: { polish: false },
  recordTrajectory: false,
};

/** A 2 → 40 → 30 → 1 tanh net (P = 120 + 1,230 + 31 = 1,381): its Hessian is assembled from HVPs. */
const deep = {
  layers: [
    { inputs: 2, outputs: 40, bias: true, activation: 'tanh' as const },
    { inputs: 40, outputs: 30, bias: true, activation: 'tanh' as const },
    { inputs: 30, outputs: 1, bias: true, activation: 'identity' as const },
  ],
};

const pools: WorkerPool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

describe('train task certification progress', () => {
  it('certifies up to the dense limit (2,000 parameters), not only 1,000', () => {
    expect(CLASSIFY_MAX_PARAMETERS).toBe(2000);
  });

  it('emits progress during the certification of a P = 1,501 net, monotone, after the training events', () => {
    const events: TaskProgress[] = [];
    const out = trainTask({ spec, initialTheta: null }, { shouldStop: () => false, progress: (p) => events.push(p) });
    expect(out.parameterCount).toBe(1501);
    expect(out.result.classification).not.toBeNull(); // certified
    const firstCertify = events.findIndex((e) => e.stage === 'certify');
    expect(firstCertify).toBeGreaterThanOrEqual(0);
    const certify = events.slice(firstCertify);
    // Every event after the first certification event is one (the training is over), and there are many: per panel/merge/block.
    expect(certify.every((e) => e.stage === 'certify')).toBe(true);
    expect(certify.length).toBeGreaterThan(20);
    for (let k = 1; k < certify.length; k++) expect(certify[k].progress).toBeGreaterThanOrEqual(certify[k - 1].progress);
    expect(certify[0].progress).toBeGreaterThanOrEqual(events[firstCertify - 1]?.progress ?? 0);
    expect(certify[certify.length - 1].progress).toBeGreaterThan(0.99);
    expect(certify.every((e) => e.progress <= 1 && e.step === out.result.steps)).toBe(true);
  });

  it('a pool whose hang timeout is far shorter than the certification keeps the job alive (deep net, HVP Hessian)', async () => {
    // 3 s of silence counts as a hang; the certification of P = 1,381 (1,381 HVPs + eigh) takes ~8 s here, its longest silence ≈ 0.7 s on a loaded machine.
    const pool = new WorkerPool({ entry: computeWorkerEntry(), size: 1, reservedWorkers: 0, hangTimeoutMs: 3000, progressIntervalMs: 20 });
    pools.push(pool);
    // Warm-up: the worker's first job pays tsx's compile of the engine, which is not what is measured here.
    await pool.submit('train', { spec: { ...spec, width: 2, budgets: { maxSteps: 1, learningRate: 1e-3 } }, initialTheta: null }, { hangTimeoutMs: 120_000 }).result;
    const stages: (string | undefined)[] = [];
    const job = pool.submit(
      'train',
      { spec: { ...spec, width: 40, activation: 'tanh', budgets: { maxSteps: 2, learningRate: 1e-3 } }, initialTheta: null, architecture: deep },
      {
        onProgress: (p) => stages.push((p as TaskProgress).stage),
      },
    );
    const result = (await job.result) as ReturnType<typeof trainTask>;
    expect(result.parameterCount).toBe(1381);
    expect(result.result.classification).not.toBeNull();
    const certifyEvents = stages.filter((s) => s === 'certify').length;
    expect(certifyEvents).toBeGreaterThan(10);
  }, 120_000);
});
