/**
 * GPU batch training (issue 13): fig3c students (m = 4..7, ReLU, N = 1600) advanced by the f32
 * flow kernel, B = 1,000 and 10,000 at once, on whatever WebGPU adapter Dawn finds; next to it the
 * CPU pool's wall time per student for the full train task (flow + polish + certification).
 * The GPU steps are capped (a full flow is ~8,000 f32 steps per student, see
 * docs/results/gpu-agreement-2026-12-02.txt): the result is the wall time per student-step,
 * extrapolated to a full flow (× that median). On SwiftShader (a CPU Vulkan) this is a functional
 * check, not a GPU timing; without an adapter every case reports `skipped` with the reason.
 */
import { loadavg } from 'node:os';
import type { BenchCase } from '../harness';
import { initialize, Rng, teacherDataset, twoLayerArchitecture } from '../../native-workers/engine';
import { trainBatchGpu } from '../../native-workers/gpu/batchTrainer';
import { closeGpu, probeGpu } from '../../native-workers/gpu/device';
import { fig3cSpec } from '../../native-workers/gpu/agreement';
import { computeWorkerEntry } from '../../native-workers/pool/entry';
import { WorkerPool } from '../../native-workers/pool/pool';

/** Median f32 flow steps per fig3c student (m = 4, docs/results/gpu-agreement-2026-12-02-m4-uncapped.txt). */
const FULL_FLOW_STEPS = 8340;
const WIDTHS = [4, 5, 6, 7];

function gpuCase(students: number): BenchCase {
  return {
    name: `gpu.fig3c.flow.B${students}`,
    warmup: 0,
    repetitions: 1,
    maxSeconds: 1,
    async run() {
      const probe = await probeGpu();
      if (!probe.adapter) return { benchExtra: { skipped: probe.reason } };
      const software = probe.adapter.software;
      // SwiftShader: one dispatch of 16 steps, and B = 10,000 at m = 4 only (minutes otherwise).
      const steps = software ? 16 : 256;
      const widths = software && students > 1000 ? [4] : WIDTHS;
      const data = teacherDataset('fig3c');
      const perWidth: Record<string, unknown> = {};
      for (const m of widths) {
        const arch = twoLayerArchitecture(2, m, 1, 'relu');
        const starts = Array.from({ length: students }, (_, k) => initialize(arch, 'glorot_normal', new Rng(m * 100000 + k)));
        const r = await trainBatchGpu(arch, data, starts, { maxSteps: steps, stepsPerDispatch: 16, dispatchesPerCheck: Math.max(1, steps / 16), stallRel: 1e-30 });
        const done = r.students.reduce((s, x) => s + x.steps + x.rejected, 0);
        const perStepStudentUs = (r.seconds * 1e6) / done;
        perWidth[`m${m}`] = {
          seconds: Number(r.seconds.toFixed(3)),
          studentSteps: done,
          perStudentStepUs: Number(perStepStudentUs.toPrecision(3)),
          perStudentFullFlowMs: Number(((perStepStudentUs * FULL_FLOW_STEPS) / 1000).toPrecision(3)),
        };
      }
      await closeGpu();
      return { benchExtra: { adapter: `${probe.adapter.vendor} ${probe.adapter.architecture} ${probe.adapter.description}`, software, students, stepsPerStudent: steps, fullFlowSteps: FULL_FLOW_STEPS, widths: perWidth, loadAverage1m: Number(loadavg()[0].toFixed(2)) } };
    },
  };
}

const cases: BenchCase[] = [
  gpuCase(1000),
  gpuCase(10_000),
  {
    name: 'gpu.fig3c.cpuPool.perStudent',
    warmup: 0,
    repetitions: 1,
    maxSeconds: 1,
    async run() {
      // The CPU pool's full train task (flow + polish + certification), 4 seeds per width, 1 worker per core − 1.
      const pool = new WorkerPool({ entry: computeWorkerEntry(), reservedWorkers: 0 });
      try {
        const perWidth: Record<string, number> = {};
        for (const m of WIDTHS) {
          const t0 = performance.now();
          await Promise.all(Array.from({ length: 4 }, (_, k) => pool.submit('train', { spec: fig3cSpec(m, m * 100000 + k, 30000), initialTheta: null }).result));
          perWidth[`m${m}`] = Number(((performance.now() - t0) / 4).toFixed(1));
        }
        return { benchExtra: { workers: pool.size, perStudentWallMs: perWidth, loadAverage1m: Number(loadavg()[0].toFixed(2)) } };
      } finally {
        await pool.close();
      }
    },
  },
];

export default cases;
