/**
 * fig3c fast-solver combination check (issue 12): summarise fig3cNoiseFloor.ts runs made with extra
 * TrainOptions (e.g. `--option jacobianEvery=6 --option 'chatterStall={}'`) against the committed
 * reference runs and against today's solver's 1-ulp noise floor on the same seeds:
 *
 *   npx tsx scripts/fig3cComboSummary.ts FAST.jsonl[,MORE] ULP.jsonl[,MORE] REF_DIR[,REF_DIR…] [--json]
 *
 * Per width and overall: CPU s per run (process CPU, from the runs' cpuSeconds), same class / same
 * outcome vs the reference (Wilson 95 %), the same rates for the ulp runs restricted to the seeds the
 * fast runs cover (so a partial fast run is compared with the floor on the same seeds), success
 * fractions (L < SUCCESS_LOSS) of fast, reference and ulp runs, and a projected wall time of the
 * 4 × 4,000 sweep on 2 free cores (Σ over widths of 4,000 × mean CPU per run, / 2 — a projection
 * that assumes CPU time scales to free cores and ignores the pool's own overhead).
 */
import { compare, readLines, readReference, type RunLine } from './fig3cNoiseCompare';
import { SUCCESS_LOSS, wilsonInterval } from '../native-workers/engine';

const SWEEP_SEEDS_PER_WIDTH = 4000;
const FREE_CORES = 2;

const successRate = (runs: readonly RunLine[]) => {
  const k = runs.filter((r) => r.loss < SUCCESS_LOSS).length;
  return { k, n: runs.length, fraction: runs.length ? k / runs.length : NaN, wilson95: wilsonInterval(k, runs.length) };
};

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);

export function summarise(fast: readonly RunLine[], ulp: readonly RunLine[], ref: Map<string, RunLine>) {
  const covered = new Set(fast.map((r) => r.id));
  const ulpSame = ulp.filter((r) => covered.has(r.id));
  const fastCmp = compare(fast, ref);
  const ulpCmp = compare(ulpSame, ref);
  const widths = fastCmp.widths.map((w) => {
    const ids = new Set(fast.filter((r) => r.width === w.width && ref.has(r.id)).map((r) => r.id));
    const ulpW = ulpCmp.widths.find((u) => u.width === w.width) ?? null;
    const ulpCpu = ulpSame.filter((r) => r.width === w.width).map((r) => r.cpuSeconds ?? NaN);
    return {
      width: w.width,
      matched: w.matched,
      cpuSeconds: w.cpuSeconds,
      ulpCpuMeanSameSeeds: mean(ulpCpu),
      sameClass: w.sameClass,
      sameOutcome: w.sameOutcome,
      sameCoarseClass: w.sameCoarseClass,
      ulpFloorSameSeeds: ulpW ? { matched: ulpW.matched, sameClass: ulpW.sameClass, sameOutcome: ulpW.sameOutcome } : null,
      success: {
        fast: successRate(fast.filter((r) => ids.has(r.id))),
        reference: successRate([...ids].map((id) => ref.get(id)!)),
        ulp: successRate(ulpSame.filter((r) => r.width === w.width)),
      },
      disagreements: w.disagreements,
    };
  });
  const allIds = new Set(fast.filter((r) => ref.has(r.id)).map((r) => r.id));
  const cpuAll = fast.filter((r) => allIds.has(r.id)).map((r) => r.cpuSeconds ?? NaN);
  // Projection: every width gets 4,000 seeds, each costing that width's measured mean CPU.
  const projectedCpu = widths.reduce((s, w) => s + SWEEP_SEEDS_PER_WIDTH * (w.cpuSeconds?.mean ?? NaN), 0);
  const projectedUlpCpu = widths.reduce((s, w) => s + SWEEP_SEEDS_PER_WIDTH * w.ulpCpuMeanSameSeeds, 0);
  return {
    widths,
    all: {
      ...fastCmp.all,
      cpuSecondsMean: mean(cpuAll),
      ulpCpuMeanSameSeeds: mean(ulpSame.map((r) => r.cpuSeconds ?? NaN)),
      ulpFloorSameSeeds: ulpCmp.all,
      success: { fast: successRate(fast.filter((r) => allIds.has(r.id))), reference: successRate([...allIds].map((id) => ref.get(id)!)), ulp: successRate(ulpSame) },
    },
    projection: {
      note: `projection, not a measurement: ${SWEEP_SEEDS_PER_WIDTH} seeds per width × per-width mean CPU per run / ${FREE_CORES} cores`,
      fastWallMinutes: projectedCpu / FREE_CORES / 60,
      todaysSolverWallMinutes: projectedUlpCpu / FREE_CORES / 60,
    },
  };
}

function main(): void {
  const [fastArg, ulpArg, refArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (!fastArg || !ulpArg || !refArg) throw new Error('usage: fig3cComboSummary.ts FAST.jsonl[,MORE] ULP.jsonl[,MORE] REF_DIR[,REF_DIR…] [--json]');
  const s = summarise(fastArg.split(',').flatMap(readLines), ulpArg.split(',').flatMap(readLines), readReference(refArg.split(',')));
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(s, null, 1));
    return;
  }
  const pct = (r: { k: number; n: number; wilson95: { low: number; high: number } }) =>
    `${r.k}/${r.n} = ${((100 * r.k) / r.n).toFixed(1)} % [${(100 * r.wilson95.low).toFixed(1)}, ${(100 * r.wilson95.high).toFixed(1)}]`;
  for (const w of s.widths) {
    const c = w.cpuSeconds;
    console.log(
      `m=${w.width} n=${w.matched} cpu mean ${c?.mean.toFixed(3)} median ${c?.median.toFixed(3)} p90 ${c?.p90.toFixed(3)} (ulp same seeds ${w.ulpCpuMeanSameSeeds.toFixed(3)}) | ` +
        `class ${pct(w.sameClass)} outcome ${pct(w.sameOutcome)} coarse ${pct(w.sameCoarseClass)} | floor class ${w.ulpFloorSameSeeds ? pct(w.ulpFloorSameSeeds.sameClass) : '-'} outcome ${w.ulpFloorSameSeeds ? pct(w.ulpFloorSameSeeds.sameOutcome) : '-'} | ` +
        `success fast ${pct(w.success.fast)} ref ${pct(w.success.reference)} ulp ${pct(w.success.ulp)}`,
    );
    for (const d of w.disagreements)
      console.log(`   ${d.seed}: ${d.before} → ${d.after}  L ${d.lossBefore.toExponential(4)} → ${d.lossAfter.toExponential(4)}  steps ${d.stepsBefore} → ${d.stepsAfter}`);
  }
  const a = s.all;
  console.log(
    `all n=${a.matched} cpu mean ${a.cpuSecondsMean.toFixed(3)} (ulp ${a.ulpCpuMeanSameSeeds.toFixed(3)}) class ${pct(a.sameClass)} outcome ${pct(a.sameOutcome)} coarse ${pct(a.sameCoarseClass)} | ` +
      `floor class ${pct(a.ulpFloorSameSeeds.sameClass)} outcome ${pct(a.ulpFloorSameSeeds.sameOutcome)} | success fast ${pct(a.success.fast)} ref ${pct(a.success.reference)} ulp ${pct(a.success.ulp)}`,
  );
  console.log(`${s.projection.note}: fast ${s.projection.fastWallMinutes.toFixed(1)} min, today's solver ${s.projection.todaysSolverWallMinutes.toFixed(1)} min`);
}

if (process.argv[1]?.endsWith('fig3cComboSummary.ts')) main();
