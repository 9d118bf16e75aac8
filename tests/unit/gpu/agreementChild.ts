/**
 * Child process of agreement.test.ts (Dawn outside the vitest worker, as kernelChild.ts): the
 * reduced GPU ↔ CPU agreement on fig3c — 16 seeds of m = 4, GPU phase capped at 1,000 f32 steps
 * (each student then continues in the CPU float64 finish with the full budget), with the finish
 * also run without the near-kink handover (plainFinish) — as JSON.
 */
import { runAgreement } from '../../../native-workers/gpu/agreement';
import { closeGpu } from '../../../native-workers/gpu/device';

const report = await runAgreement({ widths: [4], seeds: 16, maxSteps: 30000, gpuMaxSteps: 1000, workers: 1, plainFinish: true });
await closeGpu();
process.stdout.write(JSON.stringify(report));
