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
 * --cpu-reference RECIPE.json reuses a fig3c-scaling recipe's stored CPU runs (same teacher,
 * N, maxSteps, seeds) for the CPU-only side, per width only after the first --verify-seeds
 * (default 20) seeds recomputed today match them bit for bit (else every seed is computed).
 *
 * --plain-finish also runs the finish without the near-kink handover (nearKinks.ts) and reports
 * its agreement beside (WidthAgreement.plain).
 *
 * Writes OUT.json and OUT.txt after every width (an interrupted run keeps what it finished).
 * On SwiftShader (no GPU) the GPU seconds are a CPU emulation's: a functional check, not a timing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { agreementTable, runAgreement, type AgreementReport } from '../native-workers/gpu/agreement';
import { closeGpu } from '../native-workers/gpu/device';
import { outcomeClass } from '../native-workers/engine';
import { scriptFlags } from './stats';

const flags = scriptFlags(process.argv.slice(2));
const widths = (flags.get('widths') ?? '4,5,6,7').split(',').map(Number);
const seeds = Number(flags.get('seeds') ?? 200);
const maxSteps = Number(flags.get('max-steps') ?? 30000);
const workers = Number(flags.get('workers') ?? 1);
const gpuMaxSteps = flags.has('gpu-max-steps') ? Number(flags.get('gpu-max-steps')) : undefined;
const out = flags.get('out') ?? 'docs/results/gpu-agreement-2026-12-02';
const started = new Date().toISOString();
const referencePath = flags.get('cpu-reference');
const plainFinish = flags.has('plain-finish');
const verifySeeds = Number(flags.get('verify-seeds') ?? 20);
interface StoredRun { width: number; seed: number; loss: number; classification: string | null; stoppedBy: string; steps: number; seconds: number }
const stored = new Map<string, StoredRun>();
if (referencePath) for (const r of (JSON.parse(readFileSync(referencePath, 'utf8')) as { runs: StoredRun[] }).runs) stored.set(`${r.width}/${r.seed}`, r);
const cpuReference = (width: number, seed: number) => {
  const r = stored.get(`${width}/${seed}`);
  return r && { seed, loss: r.loss, outcome: outcomeClass(r.loss), classification: r.classification, stoppedBy: r.stoppedBy, steps: r.steps, seconds: r.seconds };
};

function write(report: AgreementReport, complete: boolean): void {
  const meta = { experiment: 'GPU f32 flow + CPU float64 finish vs CPU-only, fig3c teacher (N = 1600, data seed 0), ReLU students with biases, Glorot-normal seeds m·100000 + k', started, complete, seedsPerWidth: seeds, maxSteps, cpuReference: referencePath ?? null, verifySeeds, plainFinish, gpuMaxSteps: gpuMaxSteps ?? maxSteps, workers, node: process.version };
  writeFileSync(`${out}.json`, JSON.stringify({ ...meta, ...report }, null, 1) + '\n');
  writeFileSync(`${out}.txt`, `${JSON.stringify(meta)}\nadapter: ${JSON.stringify(report.adapter)}\n\n${agreementTable(report)}\n`);
}

const report = await runAgreement({ widths, seeds, maxSteps, ...(gpuMaxSteps !== undefined ? { gpuMaxSteps } : {}), workers, plainFinish, ...(referencePath ? { cpuReference, verifySeeds } : {}), log: (l) => process.stderr.write(`${l}\n`), onWidth: (r) => write(r, false) });
write(report, true);
process.stdout.write(agreementTable(report) + '\n');
await closeGpu();
