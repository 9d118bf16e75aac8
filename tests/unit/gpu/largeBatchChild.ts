/**
 * Child process of largeBatch.test.ts (Dawn outside the vitest worker, as kernelChild.ts).
 * argv[2]: a JSON file { architecture, samples, inits, batches: [{ pattern, nanAt, kernel }] }.
 * Student i of a batch starts at inits[pattern[i]], with θ[0] = NaN where i is in nanAt (the
 * starts are built here so 20,000 students need not travel as JSON). Prints, per batch, every
 * student's end point, loss, steps, stop reason and the dispatch count; then what the trainer
 * said to a batch one student over maxComputeWorkgroupsPerDimension × 64; then this process's
 * CPU seconds (all threads, SwiftShader's included).
 */
import { readFileSync } from 'node:fs';
import { teacherDataset, type Architecture } from '../../../native-workers/engine';
import { trainBatchGpu, type GpuTrainOptions } from '../../../native-workers/gpu/batchTrainer';
import { closeGpu, gpuDevice } from '../../../native-workers/gpu/device';

interface Input {
  architecture: Architecture;
  samples: number;
  inits: number[][];
  batches: { pattern: number[]; nanAt: number[]; kernel: GpuTrainOptions }[];
}

const input = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as Input;
const data = teacherDataset('fig3c', { samples: input.samples });
const inits = input.inits.map((t) => Float64Array.from(t));
const batches = [];
for (const b of input.batches) {
  const starts = b.pattern.map((g) => Float64Array.from(inits[g]!));
  for (const i of b.nanAt) starts[i]![0] = NaN;
  const r = await trainBatchGpu(input.architecture, data, starts, b.kernel);
  batches.push({
    dispatches: r.dispatches,
    students: r.students.map((s) => ({ theta: Array.from(s.theta), loss: s.loss, steps: s.steps, time: s.time, stoppedBy: s.stoppedBy })),
  });
}

// One student more than a single 1-D dispatch of 64-wide workgroups can hold: the trainer must
// refuse it (it neither splits dispatches nor uses a second dimension). One shared θ array, so
// the ~4 M entries cost only their references.
const { summary } = await gpuDevice();
const maxGroups = summary.limits.maxComputeWorkgroupsPerDimension;
let oversize = 'accepted';
try {
  await trainBatchGpu(input.architecture, data, new Array<Float64Array>(maxGroups * 64 + 1).fill(inits[0]!), { method: 'gd', maxSteps: 1 });
} catch (e) {
  oversize = `${(e as Error).name}: ${(e as Error).message}`;
}

const cpu = process.cpuUsage();
// No process.exit (it would cut a piped stdout short); closeGpu() releases Dawn so Node exits.
await closeGpu();
process.stdout.write(JSON.stringify({ batches, maxGroups, oversize, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
