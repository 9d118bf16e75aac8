/**
 * GpuWorkerBackend (native-workers/gpu/workerBackend.ts) against an in-memory worker: what the
 * service does when the GPU worker answers, breaks the protocol, dies, hangs or ignores a cancel.
 * No Dawn here; gpuWorker.test.ts runs the real worker process on SwiftShader.
 */
import { describe, expect, it } from 'vitest';
import type { RunSpec } from '../../../contract/experiment';
import { GpuCancelledError, GpuTrainError } from '../../../native-workers/gpu/batchTrainer';
import type { GpuChannel } from '../../../native-workers/gpu/gpuChannel';
import { GpuWorkerBackend, GpuWorkerStoppedError } from '../../../native-workers/gpu/workerBackend';
import { ToGpuWorkerSchema, type ToGpuWorker } from '../../../native-workers/gpu/workerProtocol';
import { zeroStepAdapter } from '../helpers/zeroStepGpu';

const spec = (seed: number): RunSpec => ({
  teacher: 'fig3c', samples: 16, dataSeed: 0, width: 2, activation: 'relu', init: 'glorot_normal', method: 'flow', seed,
  budgets: { maxSteps: 10 }, settings: {}, recordTrajectory: false,
});

/** A fake worker: `answer` gets each request and the means to reply or die. */
function fakeWorkers(answer: (m: ToGpuWorker, w: { reply(x: unknown): void; die(reason: string): void }) => void) {
  const launched: { sent: ToGpuWorker[]; killed: boolean; busy: boolean[] }[] = [];
  const launch = (): GpuChannel => {
    const record = { sent: [] as ToGpuWorker[], killed: false, busy: [] as boolean[] };
    launched.push(record);
    let onMessage: (m: unknown) => void = () => undefined;
    const exits: ((reason: string) => void)[] = [];
    let dead = false;
    const die = (reason: string): void => {
      if (dead) return;
      dead = true;
      setTimeout(() => exits.forEach((l) => l(reason)), 1);
    };
    return {
      pid: launched.length,
      send: (m) => {
        // What the real worker would see: the message must pass its schema.
        ToGpuWorkerSchema.parse(m);
        record.sent.push(m);
        setTimeout(() => answer(m, { reply: (x) => !dead && onMessage(x), die }), 1);
      },
      onMessage: (l) => (onMessage = l),
      onExit: (l) => exits.push(l),
      kill: () => {
        record.killed = true;
        die('killed by SIGKILL');
      },
      close: () => die('exit code 0'),
      setBusy: (b) => record.busy.push(b),
    };
  };
  return { launch, launched };
}

const payload = (s: RunSpec) => ({ spec: s, initialTheta: null, gpu: { theta: new Float64Array(9), steps: 1, rejected: 0, odeTime: 0.1, stoppedBy: 'max-steps' as const, loss: 0.5, seconds: 0 } });

describe('GpuWorkerBackend', () => {
  it('passes a flow and its progress through, and keeps the worker referenced only while busy', async () => {
    const { launch, launched } = fakeWorkers((m, w) => {
      if (m.type !== 'flow') return;
      w.reply({ type: 'progress', id: m.id, running: 1, total: 2 });
      w.reply({ type: 'done', id: m.id, output: { payloads: m.input.specs.map((s) => payload(s as RunSpec)), adapter: zeroStepAdapter, seconds: 0.5, dispatches: 4 } });
    });
    const b = new GpuWorkerBackend({ launch });
    const progress: number[][] = [];
    const out = await b.flow({ specs: [spec(1), spec(2)], onProgress: (r, t) => progress.push([r, t]), kernel: { maxSteps: 5, shouldStop: () => false } });
    expect(out.payloads.map((p) => p.spec.seed)).toEqual([1, 2]);
    expect(out.payloads[0]!.gpu.theta).toBeInstanceOf(Float64Array);
    expect(progress).toEqual([[1, 2]]);
    // Callbacks never cross the channel; the numbers do.
    expect(launched[0]!.sent[0]).toMatchObject({ type: 'flow', input: { kernel: { maxSteps: 5 } } });
    expect(launched[0]!.busy.at(-1)).toBe(false);
  });

  it('a worker that breaks the protocol is killed and the flow fails saying so', async () => {
    const { launch, launched } = fakeWorkers((m, w) => m.type === 'flow' && w.reply({ type: 'done', id: m.id, output: { payloads: 'none' } }));
    const b = new GpuWorkerBackend({ launch });
    const error = await b.flow({ specs: [spec(1)] }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(GpuWorkerStoppedError);
    expect((error as Error).message).toMatch(/^the GPU worker stopped \(it broke the message protocol: .*payloads/s);
    expect(launched[0]!.killed).toBe(true);
  });

  it('worker death fails the flows in flight with the reason; the next request starts a new worker', async () => {
    let first = true;
    const { launch, launched } = fakeWorkers((m, w) => {
      if (m.type === 'flow' && first) {
        first = false;
        w.reply({ type: 'progress', id: m.id, running: 1, total: 1 });
        w.die('exit code 134: FATAL ERROR: Error::ThrowAsJavaScriptException napi_throw');
      }
      if (m.type === 'probe') w.reply({ type: 'probed', id: m.id, probe: { adapter: zeroStepAdapter, reason: null } });
    });
    const b = new GpuWorkerBackend({ launch });
    await expect(b.flow({ specs: [spec(1)] })).rejects.toThrow(
      new GpuWorkerStoppedError('the GPU worker stopped (exit code 134: FATAL ERROR: Error::ThrowAsJavaScriptException napi_throw); the batch fails; batches.resume reruns its runs'),
    );
    expect(b.lastStop).toMatch(/^exit code 134/);
    expect((await b.probe()).adapter).toEqual(zeroStepAdapter);
    expect(launched).toHaveLength(2);
  });

  it('a probe whose worker dies answers "no adapter" with the reason', async () => {
    const { launch } = fakeWorkers((_m, w) => w.die('killed by SIGSEGV'));
    const probe = await new GpuWorkerBackend({ launch }).probe();
    expect(probe).toEqual({ adapter: null, reason: 'the GPU worker stopped (killed by SIGSEGV); no GPU until it starts again' });
  });

  it("rebuilds the worker's error classes (a kernel error is not a crash)", async () => {
    const { launch, launched } = fakeWorkers((m, w) => m.type === 'flow' && w.reply({ type: 'failed', id: m.id, error: { name: 'GpuTrainError', message: 'the GPU kernel did not compile: x' } }));
    const error = await new GpuWorkerBackend({ launch }).flow({ specs: [spec(1)] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GpuTrainError);
    expect((error as Error).message).toBe('the GPU kernel did not compile: x');
    expect(launched[0]!.killed).toBe(false);
  });

  it('cancel: asks the worker first; one that does not answer is killed after the grace time', async () => {
    const cooperative = fakeWorkers((m, w) => m.type === 'cancel' && w.reply({ type: 'failed', id: m.id, error: { name: 'GpuCancelledError', message: 'GPU batch cancelled' } }));
    let stop = false;
    const b1 = new GpuWorkerBackend({ launch: cooperative.launch, pollMs: 5 });
    const flow1 = b1.flow({ specs: [spec(1)], shouldStop: () => stop });
    stop = true;
    await expect(flow1).rejects.toBeInstanceOf(GpuCancelledError);
    expect(cooperative.launched[0]!.sent.map((m) => m.type)).toEqual(['flow', 'cancel']);
    expect(cooperative.launched[0]!.killed).toBe(false);

    const deaf = fakeWorkers(() => undefined);
    const b2 = new GpuWorkerBackend({ launch: deaf.launch, pollMs: 5, cancelGraceMs: 30 });
    const flow2 = b2.flow({ specs: [spec(1)], shouldStop: () => true });
    await expect(flow2).rejects.toBeInstanceOf(GpuCancelledError);
    expect(deaf.launched[0]!.killed).toBe(true);
    expect(b2.lastStop).toBe('it did not stop within 30 ms of a cancel');
  });

  it('a worker silent for hangTimeoutMs is killed as hung', async () => {
    const { launch, launched } = fakeWorkers(() => undefined);
    const b = new GpuWorkerBackend({ launch, pollMs: 5, hangTimeoutMs: 40 });
    await expect(b.flow({ specs: [spec(1)] })).rejects.toThrow(/^the GPU worker stopped \(no answer for 40 ms\)/);
    expect(launched[0]!.killed).toBe(true);
  });
});

describe('gpu worker protocol', () => {
  it('rejects malformed requests: no runs, data arrays that are not Float64Array, unknown kernel options', () => {
    expect(ToGpuWorkerSchema.safeParse({ type: 'flow', id: 1, input: { specs: [] } }).success).toBe(false);
    const data = { kind: 'inline', count: 1, X: [0, 0], Y: [1], inputDim: 2, outputDim: 1 };
    expect(ToGpuWorkerSchema.safeParse({ type: 'flow', id: 1, input: { specs: [spec(1)], data } }).success).toBe(false);
    const f64 = { ...data, X: new Float64Array(2), Y: new Float64Array(1) };
    expect(ToGpuWorkerSchema.safeParse({ type: 'flow', id: 1, input: { specs: [spec(1)], data: f64 } }).success).toBe(true);
    expect(ToGpuWorkerSchema.safeParse({ type: 'flow', id: 1, input: { specs: [spec(1)], kernel: { shouldStop: 1 } } }).success).toBe(false);
    expect(ToGpuWorkerSchema.safeParse({ type: 'probe', id: 0 }).success).toBe(false);
  });
});
