/**
 * Child process of firstOrderKernel.test.ts (Dawn outside the vitest worker, as kernelChild.ts).
 * argv[2]: a JSON file { batches: [{ architecture, samples, starts, kernel }] }; trains each batch
 * on the GPU and prints, per batch, every student's end point, loss, steps and stop reason.
 * Non-finite start entries travel as null (JSON) and are restored to NaN here.
 */
import { readFileSync } from 'node:fs';
import { teacherDataset, type Architecture } from '../../../native-workers/engine';
import { trainBatchGpu, type GpuTrainOptions } from '../../../native-workers/gpu/batchTrainer';
import { closeGpu } from '../../../native-workers/gpu/device';

interface Batch {
  architecture: Architecture;
  samples: number;
  starts: (number | null)[][];
  kernel: GpuTrainOptions;
}

const { batches } = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as { batches: Batch[] };
const out = [];
for (const b of batches) {
  const starts = b.starts.map((t) => Float64Array.from(t, (v) => (v === null ? NaN : v)));
  const r = await trainBatchGpu(b.architecture, teacherDataset('fig3c', { samples: b.samples }), starts, b.kernel);
  out.push(r.students.map((s) => ({ theta: Array.from(s.theta), loss: s.loss, steps: s.steps, time: s.time, stoppedBy: s.stoppedBy })));
}
// No process.exit (it would cut a piped stdout short); closeGpu() releases Dawn so Node exits.
await closeGpu();
process.stdout.write(JSON.stringify(out));
