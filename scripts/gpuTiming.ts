/**
 * The Fig. 3c sweep on the GPU, timed (issue 13 "Speed"; run by scripts/gpuTiming.sh on a real
 * GPU): adapter info, then per width m = 4..7 the GPU f32 flow of all seeds at once (GPU-only
 * time) and the CPU float64 finish of every student on a pool of cores − 1 workers (end-to-end =
 * GPU + finish), with the outcome table. Goal: 4 × 4,000 students end-to-end ≤ 120 s on an H200.
 *
 *   npx tsx scripts/gpuTiming.ts [--seeds 4000] [--widths 4,5,6,7] [--max-steps 30000] [--out gpu-timing.json]
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { TASKS } from '../contract/tasks';
import { outcomeClass, planRuns } from '../native-workers/engine';
import { fig3cSpec } from '../native-workers/gpu/agreement';
import { closeGpu, probeGpu } from '../native-workers/gpu/device';
import { runGpuFlow } from '../native-workers/gpu/gpuBatch';
import { computeWorkerEntry } from '../native-workers/pool/entry';
import { WorkerPool } from '../native-workers/pool/pool';
import { scriptFlags } from './stats';

const flags = scriptFlags(process.argv.slice(2));
const seeds = Number(flags.get('seeds') ?? 4000);
const widths = (flags.get('widths') ?? '4,5,6,7').split(',').map(Number);
const maxSteps = Number(flags.get('max-steps') ?? 30000);
const out = flags.get('out') ?? 'gpu-timing.json';
const log = (line: string) => process.stderr.write(`${line}\n`);

const probe = await probeGpu();
const report: Record<string, unknown> = { started: new Date().toISOString(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, seeds, widths, maxSteps, adapter: probe.adapter, reason: probe.reason, widthsTimed: [] as unknown[] };
const save = () => writeFileSync(out, JSON.stringify(report, null, 1) + '\n');
save();
if (!probe.adapter) {
  log(`no adapter: ${probe.reason}`);
  process.exitCode = 2;
} else {
  log(`adapter: ${JSON.stringify(probe.adapter)}`);
  if (probe.adapter.software) log('WARNING: a software adapter (SwiftShader): these are not GPU timings');
  const pool = new WorkerPool({ entry: computeWorkerEntry(), size: Math.max(1, cpus().length - 1), reservedWorkers: 0 });
  let gpuTotal = 0;
  let endToEnd = 0;
  try {
    for (const m of widths) {
      const specs = planRuns({ widths: [m], seedsPerWidth: seeds }).map((p) => fig3cSpec(m, p.seed, maxSteps));
      const t0 = performance.now();
      const g = await runGpuFlow({ specs });
      const gpuSeconds = (performance.now() - t0) / 1000;
      log(`m=${m}: GPU ${gpuSeconds.toFixed(1)} s (${g.dispatches} dispatches)`);
      const results = await Promise.all(g.payloads.map(async (p) => TASKS.gpuFinish.result.parse(await pool.submit('gpuFinish', p).result)));
      const total = (performance.now() - t0) / 1000;
      gpuTotal += gpuSeconds;
      endToEnd += total;
      const classes: Record<string, number> = {};
      const stops: Record<string, number> = {};
      for (const r of results) {
        const c = outcomeClass(r.result.finalLoss);
        classes[c] = (classes[c] ?? 0) + 1;
        const s = r.result.gpu?.stoppedBy ?? 'none';
        stops[s] = (stops[s] ?? 0) + 1;
      }
      const steps = g.payloads.map((p) => p.gpu.steps).sort((a, b) => a - b);
      (report.widthsTimed as unknown[]).push({ width: m, students: specs.length, gpuSeconds, finishSeconds: total - gpuSeconds, endToEndSeconds: total, dispatches: g.dispatches, gpuStepsMedian: steps[steps.length >> 1], gpuStepsMax: steps[steps.length - 1], gpuStops: stops, outcomes: classes });
      report.gpuOnlySeconds = gpuTotal;
      report.endToEndSeconds = endToEnd;
      save();
      log(`m=${m}: end-to-end ${total.toFixed(1)} s; ${JSON.stringify(classes)}`);
    }
  } finally {
    await pool.close();
  }
  report.finished = new Date().toISOString();
  report.meetsGoal = endToEnd <= 120;
  save();
  log(`sweep: GPU-only ${gpuTotal.toFixed(1)} s, end-to-end ${endToEnd.toFixed(1)} s (goal ≤ 120 s)`);
}
await closeGpu();
