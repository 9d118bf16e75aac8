/**
 * GPU ↔ CPU agreement on fig3c (issue 13): the fig3c-scaling seeds (m·100000 + k) trained by the
 * GPU f32 flow + CPU float64 finish and by the CPU `train` task alone, same initializations; per
 * width the same-outcome count, same classification, both success fractions with Wilson 95 %
 * intervals, timings, and every disagreement with its loss levels (native-workers/gpu/agreement.ts).
 *
 *   npx tsx scripts/gpuAgreement.ts [--widths 4,5,6,7] [--seeds 200] [--max-steps 30000]
 *        [--gpu-max-steps N] [--workers 1] [--out docs/results/gpu-agreement-2026-12-02]
 *
 * --gpu-max-steps caps the GPU phase (each student then hands over to the CPU finish, which keeps
 * the full --max-steps budget): on SwiftShader the slowest student sets the batch's wall time.
 *
 * Writes OUT.json and OUT.txt after every width (an interrupted run keeps what it finished).
 * On SwiftShader (no GPU) the GPU seconds are a CPU emulation's: a functional check, not a timing.
 */
import { writeFileSync } from 'node:fs';
import { agreementTable, runAgreement, type AgreementReport } from '../native-workers/gpu/agreement';
import { closeGpu } from '../native-workers/gpu/device';
import { scriptFlags } from './stats';

const flags = scriptFlags(process.argv.slice(2));
const widths = (flags.get('widths') ?? '4,5,6,7').split(',').map(Number);
const seeds = Number(flags.get('seeds') ?? 200);
const maxSteps = Number(flags.get('max-steps') ?? 30000);
const workers = Number(flags.get('workers') ?? 1);
const gpuMaxSteps = flags.has('gpu-max-steps') ? Number(flags.get('gpu-max-steps')) : undefined;
const out = flags.get('out') ?? 'docs/results/gpu-agreement-2026-12-02';
const started = new Date().toISOString();

function write(report: AgreementReport, complete: boolean): void {
  const meta = { experiment: 'GPU f32 flow + CPU float64 finish vs CPU-only, fig3c teacher (N = 1600, data seed 0), ReLU students with biases, Glorot-normal seeds m·100000 + k', started, complete, seedsPerWidth: seeds, maxSteps, gpuMaxSteps: gpuMaxSteps ?? maxSteps, workers, node: process.version };
  writeFileSync(`${out}.json`, JSON.stringify({ ...meta, ...report }, null, 1) + '\n');
  writeFileSync(`${out}.txt`, `${JSON.stringify(meta)}\nadapter: ${JSON.stringify(report.adapter)}\n\n${agreementTable(report)}\n`);
}

const report = await runAgreement({ widths, seeds, maxSteps, ...(gpuMaxSteps !== undefined ? { gpuMaxSteps } : {}), workers, log: (l) => process.stderr.write(`${l}\n`), onWidth: (r) => write(r, false) });
write(report, true);
process.stdout.write(agreementTable(report) + '\n');
await closeGpu();
