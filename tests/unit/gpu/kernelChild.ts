/**
 * Child process of kernel.test.ts (Dawn runs outside the vitest worker, so a native crash fails
 * one test instead of the worker). Evaluates L and ∇L on the GPU for every kernel activation at
 * 70 Glorot starts (two workgroups, the second partial) — width 5 (unrolled kernel) and one
 * width-40 case (loop kernel) — and prints JSON on stdout. Run with
 * `node --expose-gc`: gc() before every batch collects every unreferenced Dawn wrapper, which
 * before device.ts pinned the `create()` instance crashed every run.
 */
import { initialize, Rng, teacherDataset, twoLayerArchitecture } from '../../../native-workers/engine';
import { trainBatchGpu } from '../../../native-workers/gpu/batchTrainer';
import { closeGpu } from '../../../native-workers/gpu/device';
import { GPU_ACTIVATIONS } from '../../../native-workers/gpu/shader';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const data = teacherDataset('fig3c');
const out = [];
// Width 5 (m·d = 10): the unrolled lossGrad; one width-40 case (m·d = 80 > UNROLL_MAX_WEIGHTS): the loop form.
const cases = [...GPU_ACTIVATIONS.map((activation) => ({ activation, width: 5 })), { activation: 'softplus' as const, width: 40 }];
for (const { activation, width } of cases) {
  const arch = twoLayerArchitecture(2, width, 1, activation);
  const starts = Array.from({ length: 70 }, (_, s) => initialize(arch, 'glorot_normal', new Rng(1000 + s)));
  gc();
  const r = await trainBatchGpu(arch, data, starts, { maxSteps: 0 });
  gc();
  out.push({
    activation,
    width,
    software: r.adapter.software,
    starts: starts.map((t) => Array.from(t)),
    loss: r.students.map((s) => s.loss),
    gradient: r.students.map((s) => Array.from(s.gradient)),
    stoppedBy: r.students.map((s) => s.stoppedBy),
  });
}
// No process.exit: it would cut a piped stdout short. closeGpu() releases Dawn so Node exits.
await closeGpu();
process.stdout.write(JSON.stringify(out));
