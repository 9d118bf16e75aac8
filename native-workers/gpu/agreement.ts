/**
 * GPU ↔ CPU agreement on fig3c (issue 13 "Correctness"): the same seeds (the fig3c-scaling
 * recipe's, m·100000 + k), the same initializations, trained once by the GPU f32 flow + CPU
 * float64 finish (`gpuFinish`) and once by the CPU `train` task alone; per width the outcome
 * classes (success L < 1e-25 / undecided / failure L ≥ 1e-6) and analyzePoint classifications
 * are compared seed by seed, with both success fractions and their Wilson intervals. Used by
 * scripts/gpuAgreement.ts and tests/unit/gpu/agreement.test.ts.
 */
import type { RunSpec } from '../../contract/experiment';
import { TASKS, type TaskResult } from '../../contract/tasks';
import { outcomeClass, planRuns, wilsonInterval } from '../engine';
import { computeWorkerEntry } from '../pool/entry';
import { WorkerPool } from '../pool/pool';
import { runGpuFlow } from './gpuBatch';

export interface SeedOutcome {
  readonly seed: number;
  readonly loss: number;
  readonly outcome: string;
  readonly classification: string | null;
  readonly stoppedBy: string;
  readonly steps: number;
  readonly seconds: number;
}

export interface Disagreement {
  readonly width: number;
  readonly seed: number;
  readonly what: 'outcome' | 'classification';
  readonly gpu: SeedOutcome & { readonly f32Loss: number | null; readonly gpuStop: string; readonly gpuSteps: number };
  readonly cpu: SeedOutcome;
}

export interface WidthAgreement {
  readonly width: number;
  readonly seeds: number;
  readonly sameOutcome: number;
  readonly sameOutcomeFraction: number;
  readonly sameClassification: number;
  readonly gpuSuccess: { readonly count: number; readonly fraction: number; readonly wilson95: { low: number; high: number } };
  readonly cpuSuccess: { readonly count: number; readonly fraction: number; readonly wilson95: { low: number; high: number } };
  /** The GPU+finish success fraction lies inside the CPU's Wilson 95 % interval. */
  readonly successWithinCpuInterval: boolean;
  readonly gpuSeconds: number;
  readonly finishSeconds: number;
  readonly cpuSeconds: number;
  readonly gpuStops: Record<string, number>;
  readonly gpuStepsMedian: number;
}

export interface AgreementReport {
  readonly widths: WidthAgreement[];
  readonly disagreements: Disagreement[];
  readonly adapter: unknown;
}

export function fig3cSpec(width: number, seed: number, maxSteps: number): RunSpec {
  return {
    teacher: 'fig3c',
    samples: null,
    dataSeed: 0,
    width,
    activation: 'relu',
    init: 'glorot_normal',
    method: 'flow',
    seed,
    budgets: { maxSteps },
    settings: {},
    recordTrajectory: false,
  };
}

function outcomeOf(seed: number, r: TaskResult<'train'>): SeedOutcome {
  const x = r.result;
  return { seed, loss: x.finalLoss, outcome: outcomeClass(x.finalLoss), classification: x.classification, stoppedBy: x.stoppedBy, steps: x.steps, seconds: x.seconds };
}

async function onPool<K extends 'train' | 'gpuFinish'>(pool: WorkerPool, kind: K, payloads: readonly unknown[]): Promise<TaskResult<'train'>[]> {
  return Promise.all(payloads.map(async (p) => TASKS[kind].result.parse(await pool.submit(kind, p).result) as TaskResult<'train'>));
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};

/** Runs both paths for each width (GPU + finish first, then CPU-only) and compares them. */
export async function runAgreement(options: {
  widths: readonly number[];
  seeds: number;
  maxSteps: number;
  /** Cap on the GPU phase's steps (the CPU finish continues with the full maxSteps budget); default maxSteps. */
  gpuMaxSteps?: number;
  workers: number;
  log?: (line: string) => void;
  onWidth?: (report: AgreementReport) => void;
}): Promise<AgreementReport> {
  const pool = new WorkerPool({ entry: computeWorkerEntry(), size: options.workers, reservedWorkers: 0 });
  const log = options.log ?? (() => undefined);
  const widths: WidthAgreement[] = [];
  const disagreements: Disagreement[] = [];
  let adapter: unknown = null;
  try {
    for (const width of options.widths) {
      const specs = planRuns({ widths: [width], seedsPerWidth: options.seeds }).map((p) => fig3cSpec(width, p.seed, options.maxSteps));
      let last = -1;
      const g = await runGpuFlow({
        specs,
        ...(options.gpuMaxSteps !== undefined ? { kernel: { maxSteps: options.gpuMaxSteps } } : {}),
        onProgress: (running, total) => {
          if (running !== last) log(`m=${width}: GPU ${total - running}/${total} stopped`);
          last = running;
        },
      });
      adapter = g.adapter;
      log(`m=${width}: GPU phase ${g.seconds.toFixed(1)} s (${g.dispatches} dispatches); CPU finish …`);
      const t1 = performance.now();
      const gpuRuns = await onPool(pool, 'gpuFinish', g.payloads);
      const finishSeconds = (performance.now() - t1) / 1000;
      log(`m=${width}: finish ${finishSeconds.toFixed(1)} s; CPU-only …`);
      const t2 = performance.now();
      const cpuRuns = await onPool(pool, 'train', specs.map((spec) => ({ spec, initialTheta: null })));
      const cpuSeconds = (performance.now() - t2) / 1000;
      log(`m=${width}: CPU-only ${cpuSeconds.toFixed(1)} s`);
      let sameOutcome = 0;
      let sameClassification = 0;
      const gpuStops: Record<string, number> = {};
      specs.forEach((spec, i) => {
        const gr = gpuRuns[i]!;
        const gphase = gr.result.gpu;
        const go = { ...outcomeOf(spec.seed, gr), f32Loss: gphase?.loss ?? null, gpuStop: gphase?.stoppedBy ?? 'none', gpuSteps: gphase?.steps ?? 0 };
        const co = outcomeOf(spec.seed, cpuRuns[i]!);
        gpuStops[go.gpuStop] = (gpuStops[go.gpuStop] ?? 0) + 1;
        if (go.outcome === co.outcome) sameOutcome++;
        else disagreements.push({ width, seed: spec.seed, what: 'outcome', gpu: go, cpu: co });
        if (go.classification === co.classification) sameClassification++;
        else if (go.outcome === co.outcome) disagreements.push({ width, seed: spec.seed, what: 'classification', gpu: go, cpu: co });
      });
      const success = (runs: TaskResult<'train'>[]) => {
        const count = runs.filter((r) => outcomeClass(r.result.finalLoss) === 'success').length;
        return { count, fraction: count / runs.length, wilson95: wilsonInterval(count, runs.length) };
      };
      const gs = success(gpuRuns);
      const cs = success(cpuRuns);
      widths.push({
        width,
        seeds: specs.length,
        sameOutcome,
        sameOutcomeFraction: sameOutcome / specs.length,
        sameClassification,
        gpuSuccess: gs,
        cpuSuccess: cs,
        successWithinCpuInterval: gs.fraction >= cs.wilson95.low && gs.fraction <= cs.wilson95.high,
        gpuSeconds: g.seconds,
        finishSeconds,
        cpuSeconds,
        gpuStops,
        gpuStepsMedian: median(g.payloads.map((p) => p.gpu.steps)),
      });
      options.onWidth?.({ widths, disagreements, adapter });
    }
  } finally {
    await pool.close();
  }
  return { widths, disagreements, adapter };
}

/** The report as a plain-text table. */
export function agreementTable(report: AgreementReport): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const ci = (w: { low: number; high: number }) => `[${w.low.toFixed(3)}, ${w.high.toFixed(3)}]`;
  const lines = [
    'width  seeds  same outcome      same class   GPU+finish success (Wilson 95%)   CPU success (Wilson 95%)   in CPU CI  GPU s / finish s / CPU s   GPU median steps  GPU stops',
    ...report.widths.map((w) =>
      [
        String(w.width).padEnd(6),
        String(w.seeds).padEnd(6),
        `${w.sameOutcome} (${pct(w.sameOutcomeFraction)})`.padEnd(17),
        `${w.sameClassification}`.padEnd(12),
        `${w.gpuSuccess.count} = ${w.gpuSuccess.fraction.toFixed(3)} ${ci(w.gpuSuccess.wilson95)}`.padEnd(33),
        `${w.cpuSuccess.count} = ${w.cpuSuccess.fraction.toFixed(3)} ${ci(w.cpuSuccess.wilson95)}`.padEnd(26),
        (w.successWithinCpuInterval ? 'yes' : 'NO').padEnd(10),
        `${w.gpuSeconds.toFixed(1)} / ${w.finishSeconds.toFixed(1)} / ${w.cpuSeconds.toFixed(1)}`.padEnd(26),
        String(w.gpuStepsMedian).padEnd(17),
        Object.entries(w.gpuStops).map(([k, v]) => `${k} ${v}`).join(', '),
      ].join(' '),
    ),
    '',
    `disagreements (${report.disagreements.length}):`,
    ...report.disagreements.map(
      (d) =>
        `  m=${d.width} seed ${d.seed} ${d.what}: GPU+finish ${d.gpu.outcome}/${d.gpu.classification} L=${d.gpu.loss.toExponential(3)} (f32 end L=${d.gpu.f32Loss?.toExponential(3) ?? 'n/a'}, ${d.gpu.gpuStop} after ${d.gpu.gpuSteps} steps; ${d.gpu.stoppedBy}) vs CPU ${d.cpu.outcome}/${d.cpu.classification} L=${d.cpu.loss.toExponential(3)} (${d.cpu.stoppedBy})`,
    ),
  ];
  return lines.join('\n');
}
