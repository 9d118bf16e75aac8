/**
 * Child process of firstOrderBatch.test.ts: runs the GPU phase of one batch (gpuBatch.ts
 * runGpuFlow, Dawn on whatever adapter exists) for the run specs (and kernel overrides) in the
 * JSON file argv[2] and prints its gpuFinish payloads (Float64Arrays as plain arrays).
 */
import { readFileSync } from 'node:fs';
import type { RunSpec } from '../../../contract/experiment';
import { closeGpu } from '../../../native-workers/gpu/device';
import type { GpuTrainOptions } from '../../../native-workers/gpu/batchTrainer';
import { runGpuFlow } from '../../../native-workers/gpu/gpuBatch';

const { specs, kernel } = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as { specs: RunSpec[]; kernel?: Partial<GpuTrainOptions> };
const out = await runGpuFlow({ specs, ...(kernel ? { kernel } : {}) });
await closeGpu();
process.stdout.write(JSON.stringify(out.payloads.map((p) => ({ ...p, gpu: { ...p.gpu, theta: Array.from(p.gpu.theta) } }))));
