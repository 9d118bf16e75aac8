/**
 * Work and memory caps checked before anything starts, the global run queue (batches expand
 * lazily, jobs.list pages, cancel is immediate), and inputs too large for float64 — on a real
 * service told it runs on a 4 GB machine (one job: 1 GB; queue: 4e9 / 2²⁰ = 3,814 runs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioApi } from '../../../contract/api';
import { StudioError } from '../../../contract/errors';
import type { StudioEvent } from '../../../contract/events';
import { analyzeBytes, formatBytes, machineLimits, trainBytes, twoLayerShape } from '../../../main/services/budgets';
import { localStudioApi } from '../../../main/services/localApi';
import { StudioService } from '../../../main/services/studioService';
import { computeWorkerEntry } from '../../../native-workers/pool/entry';
import { tempDir } from '../helpers/service';

const GB = 1e9;
const dir = tempDir('caps');
let service: StudioService;
let api: StudioApi;
const events: StudioEvent[] = [];
beforeAll(async () => {
  service = await StudioService.open({ workspaceDir: dir.path, workerEntry: computeWorkerEntry(), poolSize: 1, totalMemoryBytes: 4 * GB });
  api = localStudioApi(service);
  api.subscribe((e) => events.push(e));
});
afterAll(async () => {
  await service.shutdown();
  dir.remove();
});

async function refusal(promise: Promise<unknown>): Promise<StudioError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof StudioError)) throw new Error(`expected a StudioError, got ${String(error)}`);
  return error;
}

/** A d → m → 1 softplus checkpoint with every weight `value`. */
function checkpoint(d: number, m: number, value = 0.1) {
  return {
    format: 'escape-studio/mlp@1' as const,
    layers: [
      { weight: Array.from({ length: m }, () => Array.from({ length: d }, () => value)), bias: Array.from({ length: m }, () => 0), activation: 'softplus' as const },
      { weight: [Array.from({ length: m }, () => value)], bias: [0], activation: 'identity' as const },
    ],
  };
}

describe('caps checked before a job starts', () => {
  it('width 100,000 is refused at once, naming the width, the memory and the largest width that fits', async () => {
    const error = await refusal(api.call('experiments.start', { teacher: 'fig6', width: 100_000, seeds: [0] }));
    expect(error.code).toBe('invalid');
    const limits = machineLimits(4 * GB);
    const need = trainBytes(twoLayerShape(2, 100_000, 1), 1600);
    // The largest width that fits, found independently by a linear scan of the same estimate.
    let fits = 1;
    while (trainBytes(twoLayerShape(2, fits + 1, 1), 1600) <= limits.jobBytes) fits++;
    expect(error.message).toBe(
      `experiments.start: width: 100,000 needs about ${formatBytes(need)} for 400,001 parameters (a dense 400,001² Hessian) and 1,600 samples; ` +
        `one job may use ${formatBytes(limits.jobBytes)} on this machine (a quarter of its 4.0 GB): at most ${fits.toLocaleString('en-US')} fits with 1,600 samples`,
    );
    expect((await api.call('jobs.list', {})).jobs).toEqual([]);
  });

  it('refuses a dense analyze whose Hessian does not fit (P = 12,001), says how many parameters fit, and lets the extremal path through', async () => {
    const m = 2_400; // d = 3 → 2,400 → 1 with biases: P = 3m + m + m + 1 = 12,001
    const error = await refusal(
      api.call('analyze', {
        source: { kind: 'network', checkpoint: checkpoint(3, m), data: { kind: 'inline', X: [[0, 1, 2]], y: [[1]] } },
        spectrum: { mode: 'dense' },
        escapeDirections: false,
      }),
    );
    const need = analyzeBytes(twoLayerShape(3, m, 1), 1);
    expect(need).toBeGreaterThan(1e9);
    expect(error.message).toMatch(/^analyze: source: 12,001 parameters need about 3\.5 GB for the dense 12,001² Hessian and its full spectrum \(with 1 samples\); one job may use 1\.0 GB on this machine: at most [\d,]+ parameters fit \(spectrum\.mode 'extremal' needs only P·k memory\)$/);
    const most = Number(/at most ([\d,]+) parameters/.exec(error.message)![1]!.replaceAll(',', ''));
    // 3 dense P×P copies of 8 bytes within 1 GB: P ≈ sqrt(1e9 / 24) ≈ 6,455.
    expect(most).toBe(Math.floor(Math.sqrt((1e9 - 8 * (3 + 1 + 4 * (m + 1))) / 24)));
    // The default (auto → extremal above 2,000 parameters) needs O(P·k) memory and is let through.
    const partial = await api.call('analyze', {
      source: { kind: 'network', checkpoint: checkpoint(3, m), data: { kind: 'inline', X: [[0, 1, 2]], y: [[1]] } },
      escapeDirections: false,
    });
    expect(partial.parameterCount).toBe(12_001);
    expect(partial.spectrum?.kind).toBe('partial');
  });

  it('refuses a landscape grid whose work exceeds the limit, naming the resolution that fits', async () => {
    const error = await refusal(
      api.call('landscape', {
        source: { kind: 'network', checkpoint: checkpoint(2, 2_000), data: { kind: 'teacher', teacher: 'fig3a' } },
        plane: { kind: 'random', seed: 1 },
        resolution: 129,
      }),
    );
    // 129² points × 30,000 samples × 2,001 units = 9.99e11 > 1e11; 40² × 30,000 × 2,001 = 9.6e10 fits, 41² does not.
    expect(error.message).toMatch(/^landscape: resolution: a 129×129 grid costs 1\.0e\+12 unit evaluations .* at most 40×40 fits$/);
  });

  it('numbers near the float limit are refused naming the input field, not answered with loss null', async () => {
    const net = checkpoint(2, 2);
    net.layers[0]!.weight[1]![1] = 1e308;
    const error = await refusal(
      api.call('analyze', { source: { kind: 'network', checkpoint: net, data: { kind: 'inline', X: [[1, 2]], y: [[0]] } }, escapeDirections: false }),
    );
    expect(error.message).toMatch(/^analyze: source\.checkpoint\.layers\[0\]\.weight\[1\]\[1\]: 1e\+308 is too large/);
    const data = await refusal(
      api.call('analyze', { source: { kind: 'network', checkpoint: checkpoint(2, 2), data: { kind: 'inline', X: [[1, 2], [3, -1e300]], y: [[0], [1]] } }, escapeDirections: false }),
    );
    expect(data.message).toMatch(/^analyze: source\.data\.X\[1\]\[1\]: -1e\+300 is too large/);
  });
});

describe('the run queue', () => {
  it('queues a 3,700-seed batch as one lazily expanding item, pages jobs.list, refuses what does not fit and cancels at once', async () => {
    const seeds = Array.from({ length: 3_700 }, (_, i) => i);
    const started = await api.call('experiments.start', { teacher: 'fig6', width: 2, seeds, method: 'gd', budgets: { maxSteps: 100_000_000 } });
    expect(started.jobs).toHaveLength(3_700);
    // Only a few runs are pool jobs; the rest wait in the batch item.
    expect(service.pool.queued + service.pool.running).toBeLessThanOrEqual(2 * service.pool.size + 2);
    const page = await api.call('jobs.list', { offset: 0, limit: 50 });
    expect(page.jobs).toHaveLength(50);
    expect(page.total).toBe(3_700);
    const last = await api.call('jobs.list', { offset: 3_690, limit: 50 });
    expect(last.jobs.map((j) => j.seed)).toEqual(seeds.slice(3_690));
    expect(last.jobs.every((j) => j.state === 'queued' && j.batchId === started.batchId)).toBe(true);

    // 3,700 queued + 200 more > 3,814: refused, saying how many still fit.
    const full = await refusal(api.call('experiments.start', { teacher: 'fig6', width: 2, seeds: seeds.slice(0, 200), method: 'gd' }));
    expect(full.message).toBe(
      'experiments.start: seeds: 200 more runs would make 3,900 queued, the queue holds at most 3,814 on this machine: 114 more fit now (wait for queued runs or cancel a batch)',
    );

    const { cancelled } = await api.call('jobs.cancel', { batchId: started.batchId! });
    expect(cancelled).toBe(3_700);
    // Every run of the batch is announced as cancelled (pending ones at once, running ones when their worker stops).
    const ids = new Set(started.jobs.map((j) => j.jobId));
    await expect
      .poll(() => events.filter((e) => e.type === 'job.failed' && ids.has(e.payload.jobId) && e.payload.cancelled).length)
      .toBe(3_700);
    await expect.poll(async () => (await api.call('jobs.list', {})).jobs.filter((j) => j.state === 'queued' || j.state === 'running')).toEqual([]);
    // Room again.
    const again = await api.call('experiments.start', { teacher: 'fig6', width: 2, seeds: [1, 2], method: 'gd', budgets: { maxSteps: 5 } });
    expect(again.jobs).toHaveLength(2);
  });
});
