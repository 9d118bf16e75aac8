/**
 * GPU ↔ CPU agreement on fig3c (issue 13 "Correctness"): the same seeds (the fig3c-scaling
 * recipe's, m·100000 + k), the same initializations, trained once by the GPU f32 flow + CPU
 * float64 finish (`gpuFinish`) and once by the CPU `train` task alone; per width the outcome
 * classes (success L < 1e-25 / undecided / failure L ≥ 1e-6) and analyzePoint classifications
 * are compared seed by seed, with both success fractions and their Wilson intervals. Optionally
 * the CPU side comes from a stored recipe run after a bit-identical spot check (`cpuReference`),
 * and the finish is also run without the near-kink handover (`plainFinish`, nearKinks.ts) to
 * measure what the handover changes. Three agreement columns: same outcome, same fine class, and
 * same critical point (sameCriticalPoint.ts: same outcome and the same final loss to 1e-8, however
 * labelled). Used by scripts/gpuAgreement.ts, scripts/gpuAgreementSummary.ts and
 * tests/unit/gpu/agreement.test.ts.
 */
import type { RunSpec } from '../../contract/experiment';
import { TASKS, type TaskResult } from '../../contract/tasks';
import { outcomeClass, planRuns, wilsonInterval } from '../engine';
import { computeWorkerEntry } from '../pool/entry';
import { WorkerPool } from '../pool/pool';
import { runGpuFlow } from './gpuBatch';
import { sameCriticalPoint } from './sameCriticalPoint';

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
  readonly gpu: SeedOutcome & { readonly f32Loss: number | null; readonly gpuStop: string; readonly gpuSteps: number; readonly snappedKinks: number };
  readonly cpu: SeedOutcome;
}

export interface WidthAgreement {
  readonly width: number;
  readonly seeds: number;
  readonly sameOutcome: number;
  readonly sameOutcomeFraction: number;
  readonly sameClassification: number;
  /** Same outcome and final losses equal to 1e-8 relative (sameCriticalPoint.ts), whatever the fine classes. */
  readonly sameCriticalPoint: number;
  readonly gpuSuccess: { readonly count: number; readonly fraction: number; readonly wilson95: { low: number; high: number } };
  readonly cpuSuccess: { readonly count: number; readonly fraction: number; readonly wilson95: { low: number; high: number } };
  /** The GPU+finish success fraction lies inside the CPU's Wilson 95 % interval. */
  readonly successWithinCpuInterval: boolean;
  readonly gpuSeconds: number;
  readonly finishSeconds: number;
  readonly cpuSeconds: number;
  /** 'computed', or 'reference (k verified)': the CPU side read from a stored run after k seeds recomputed bit-identically. */
  readonly cpuSource: string;
  readonly gpuStops: Record<string, number>;
  readonly gpuStepsMedian: number;
  /** Students whose f32 end point was moved onto ≥ 1 near kink before the finish (nearKinks.ts). */
  readonly snapped: number;
  /**
   * With `plainFinish`: the same comparison for the finish without the near-kink handover (the
   * CPU train task straight from the f32 end point, the finish before nearKinks.ts), and the
   * seeds whose fine class the handover changed.
   */
  readonly plain?: { readonly sameOutcome: number; readonly sameClassification: number; readonly successCount: number; readonly changed: readonly { seed: number; plain: string | null; snapped: string | null; cpu: string | null }[] };
}

/** One seed of one width: the three end points' losses and classes (for analysis after the run). */
export interface SeedRecord {
  readonly width: number;
  readonly seed: number;
  readonly gpuStop: string;
  readonly gpuSteps: number;
  readonly f32Loss: number | null;
  readonly snappedKinks: number;
  readonly gpu: { readonly loss: number; readonly classification: string | null };
  readonly plain: { readonly loss: number; readonly classification: string | null } | null;
  readonly cpu: { readonly loss: number; readonly classification: string | null };
}

export interface AgreementReport {
  readonly widths: WidthAgreement[];
  readonly seeds?: SeedRecord[];
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

/** The CPU-only side of one width: computed, or the reference after a bit-identical check. */
async function cpuSide(
  pool: WorkerPool,
  width: number,
  specs: readonly RunSpec[],
  reference: ((width: number, seed: number) => SeedOutcome | undefined) | undefined,
  verify: number,
): Promise<{ outcomes: SeedOutcome[]; source: string; mismatch: string | null }> {
  const compute = async (list: readonly RunSpec[]) =>
    (await onPool(pool, 'train', list.map((spec) => ({ spec, initialTheta: null })))).map((r, i) => outcomeOf(list[i]!.seed, r));
  const stored = reference ? specs.map((s) => reference(width, s.seed)) : [];
  if (!reference || stored.some((x) => x === undefined)) return { outcomes: await compute(specs), source: 'computed', mismatch: null };
  const checked = await compute(specs.slice(0, verify));
  const bad = checked.find((c, i) => {
    const r = stored[i]!;
    return !(Object.is(c.loss, r.loss) && c.classification === r.classification && c.stoppedBy === r.stoppedBy && c.steps === r.steps);
  });
  if (bad) return { outcomes: [...checked, ...(await compute(specs.slice(verify)))], source: 'computed', mismatch: `seed ${bad.seed}` };
  return { outcomes: [...checked, ...(stored.slice(verify) as SeedOutcome[])], source: `reference (${checked.length} verified)`, mismatch: null };
}

/** Runs both paths for each width (GPU + finish first, then CPU-only) and compares them. */
export async function runAgreement(options: {
  widths: readonly number[];
  seeds: number;
  maxSteps: number;
  /** Cap on the GPU phase's steps (the CPU finish continues with the full maxSteps budget); default maxSteps. */
  gpuMaxSteps?: number;
  workers: number;
  /**
   * Stored CPU-only outcomes of the same runs (e.g. a fig3c-scaling recipe.json): used instead of
   * recomputing when the first `verifySeeds` (default 20) seeds of the width, recomputed now, give
   * bit-identical loss, classification, stop reason and steps; otherwise every seed is computed.
   */
  cpuReference?: (width: number, seed: number) => SeedOutcome | undefined;
  verifySeeds?: number;
  /** Also run the finish without the near-kink handover and report its agreement (WidthAgreement.plain). */
  plainFinish?: boolean;
  log?: (line: string) => void;
  onWidth?: (report: AgreementReport) => void;
}): Promise<AgreementReport> {
  const pool = new WorkerPool({ entry: computeWorkerEntry(), size: options.workers, reservedWorkers: 0 });
  const log = options.log ?? (() => undefined);
  const widths: WidthAgreement[] = [];
  const disagreements: Disagreement[] = [];
  const seeds: SeedRecord[] = [];
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
      const plainRuns = options.plainFinish
        ? (await onPool(pool, 'train', g.payloads.map((p) => ({ spec: p.spec, initialTheta: p.gpu.theta })))).map((r, i) => outcomeOf(specs[i]!.seed, r))
        : null;
      log(`m=${width}: finish ${finishSeconds.toFixed(1)} s; CPU-only …`);
      const t2 = performance.now();
      const cpu = await cpuSide(pool, width, specs, options.cpuReference, options.verifySeeds ?? 20);
      const cpuSeconds = (performance.now() - t2) / 1000;
      const cpuRuns = cpu.outcomes;
      if (cpu.mismatch) log(`m=${width}: reference differs from today's CPU train (${cpu.mismatch}): computed all`);
      log(`m=${width}: CPU-only ${cpuSeconds.toFixed(1)} s`);
      let sameOutcome = 0;
      let snapped = 0;
      let sameClassification = 0;
      let samePoint = 0;
      const gpuStops: Record<string, number> = {};
      specs.forEach((spec, i) => {
        const gr = gpuRuns[i]!;
        const gphase = gr.result.gpu;
        const go = { ...outcomeOf(spec.seed, gr), f32Loss: gphase?.loss ?? null, gpuStop: gphase?.stoppedBy ?? 'none', gpuSteps: gphase?.steps ?? 0, snappedKinks: gphase?.snappedKinks ?? 0 };
        const co = cpuRuns[i]!;
        gpuStops[go.gpuStop] = (gpuStops[go.gpuStop] ?? 0) + 1;
        if (go.snappedKinks > 0) snapped++;
        const pr = plainRuns?.[i];
        seeds.push({
          width, seed: spec.seed, gpuStop: go.gpuStop, gpuSteps: go.gpuSteps, f32Loss: go.f32Loss, snappedKinks: go.snappedKinks,
          gpu: { loss: go.loss, classification: go.classification },
          plain: pr ? { loss: pr.loss, classification: pr.classification } : null,
          cpu: { loss: co.loss, classification: co.classification },
        });
        if (go.outcome === co.outcome) sameOutcome++;
        else disagreements.push({ width, seed: spec.seed, what: 'outcome', gpu: go, cpu: co });
        if (sameCriticalPoint(go, co)) samePoint++;
        if (go.classification === co.classification) sameClassification++;
        else if (go.outcome === co.outcome) disagreements.push({ width, seed: spec.seed, what: 'classification', gpu: go, cpu: co });
      });
      const success = (runs: readonly { outcome: string }[]) => {
        const count = runs.filter((r) => r.outcome === 'success').length;
        return { count, fraction: count / runs.length, wilson95: wilsonInterval(count, runs.length) };
      };
      const gs = success(gpuRuns.map((r) => ({ outcome: outcomeClass(r.result.finalLoss) })));
      const cs = success(cpuRuns);
      widths.push({
        width,
        seeds: specs.length,
        sameOutcome,
        sameOutcomeFraction: sameOutcome / specs.length,
        sameClassification,
        sameCriticalPoint: samePoint,
        gpuSuccess: gs,
        cpuSuccess: cs,
        successWithinCpuInterval: gs.fraction >= cs.wilson95.low && gs.fraction <= cs.wilson95.high,
        gpuSeconds: g.seconds,
        finishSeconds,
        cpuSeconds,
        cpuSource: cpu.source,
        gpuStops,
        gpuStepsMedian: median(g.payloads.map((p) => p.gpu.steps)),
        snapped,
        ...(plainRuns
          ? {
              plain: {
                sameOutcome: plainRuns.filter((r, i) => r.outcome === cpuRuns[i]!.outcome).length,
                sameClassification: plainRuns.filter((r, i) => r.classification === cpuRuns[i]!.classification).length,
                successCount: plainRuns.filter((r) => r.outcome === 'success').length,
                changed: plainRuns.flatMap((r, i) => {
                  const c = gpuRuns[i]!.result.classification;
                  return r.classification === c ? [] : [{ seed: r.seed, plain: r.classification, snapped: c, cpu: cpuRuns[i]!.classification }];
                }),
              },
            }
          : {}),
      });
      options.onWidth?.({ widths, disagreements, adapter, seeds });
    }
  } finally {
    await pool.close();
  }
  return { widths, disagreements, adapter, seeds };
}

/** The report as a plain-text table. */
export function agreementTable(report: AgreementReport): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const ci = (w: { low: number; high: number }) => `[${w.low.toFixed(3)}, ${w.high.toFixed(3)}]`;
  const lines = [
    'width  seeds  same outcome      same class   same point   GPU+finish success (Wilson 95%)   CPU success (Wilson 95%)   in CPU CI  GPU s / finish s / CPU s   GPU median steps  snapped  GPU stops',
    ...report.widths.map((w) =>
      [
        String(w.width).padEnd(6),
        String(w.seeds).padEnd(6),
        `${w.sameOutcome} (${pct(w.sameOutcomeFraction)})`.padEnd(17),
        `${w.sameClassification}`.padEnd(12),
        `${w.sameCriticalPoint}`.padEnd(12),
        `${w.gpuSuccess.count} = ${w.gpuSuccess.fraction.toFixed(3)} ${ci(w.gpuSuccess.wilson95)}`.padEnd(33),
        `${w.cpuSuccess.count} = ${w.cpuSuccess.fraction.toFixed(3)} ${ci(w.cpuSuccess.wilson95)}`.padEnd(26),
        (w.successWithinCpuInterval ? 'yes' : 'NO').padEnd(10),
        `${w.gpuSeconds.toFixed(1)} / ${w.finishSeconds.toFixed(1)} / ${w.cpuSeconds.toFixed(1)}`.padEnd(26),
        String(w.gpuStepsMedian).padEnd(17),
        String(w.snapped).padEnd(8),
        Object.entries(w.gpuStops).map(([k, v]) => `${k} ${v}`).join(', '),
      ].join(' '),
    ),
    '',
    ...report.widths.flatMap((w) =>
      w.plain
        ? [
            `m=${w.width} without the near-kink handover: same outcome ${w.plain.sameOutcome}, same class ${w.plain.sameClassification}, success ${w.plain.successCount}; handover changed the class of ${w.plain.changed.length}: ${w.plain.changed.map((c) => `${c.seed} ${c.plain}→${c.snapped} (CPU ${c.cpu})`).join(', ')}`,
          ]
        : [],
    ),
    `CPU side: ${report.widths.map((w) => `m=${w.width} ${w.cpuSource}`).join('; ')}`,
    '',
    `disagreements (${report.disagreements.length}):`,
    ...report.disagreements.map(
      (d) =>
        `  m=${d.width} seed ${d.seed} ${d.what}: GPU+finish ${d.gpu.outcome}/${d.gpu.classification} L=${d.gpu.loss.toExponential(9)} (f32 end L=${d.gpu.f32Loss?.toExponential(3) ?? 'n/a'}, ${d.gpu.gpuStop} after ${d.gpu.gpuSteps} steps, ${d.gpu.snappedKinks} kink(s) snapped; ${d.gpu.stoppedBy}) vs CPU ${d.cpu.outcome}/${d.cpu.classification} L=${d.cpu.loss.toExponential(9)} (${d.cpu.stoppedBy})`,
    ),
  ];
  return lines.join('\n');
}
