/**
 * The third GPU ↔ CPU agreement column, "same critical point": did both paths end at the same
 * point of the landscape, whatever analyzePoint calls it? Fine classes can differ at one and the
 * same minimum: e.g. m = 4 seed 400007 ends at L = 7.618110242e-5 on both paths, labelled
 * local-min on one and kink-min on the other, because a dead unit's hyperplane passes through a
 * sample there (whether that sample counts as on the kink is decided at the float64 level).
 *
 * Two runs are at the same critical point when they have the same outcome class and
 * - both succeeded (L < 1e-25: the global minimum L = 0; relative loss differences at the
 *   float64 floor say nothing), or
 * - their final losses agree to SAME_POINT_REL_TOL = 1e-8 relative. Both finishes polish to
 *   float64 precision, so mostly the same point gives the same loss to ~1e-15; distinct minima
 *   of fig3c students differ from the 4th–6th digit on (7.618110e-5, 7.617965e-5, 7.617503e-5
 *   are three). In docs/results/gpu-agreement-200-2026-12-02.json the 361 same-outcome failure /
 *   undecided pairs have relative loss differences: 238 below 1e-14 (21 exactly equal), 38 in
 *   [1e-14, 1e-8) (degenerate, flat minima the polish leaves a little apart), 6 in [1e-8, 1e-6),
 *   79 at ≥ 1e-6: the cut lies in the sparse stretch between.
 * Used by agreement.ts (runAgreement's WidthAgreement) and scripts/gpuAgreementSummary.ts (the
 * column recomputed from a stored report's seeds, without rerunning the GPU).
 */
import { outcomeClass } from '../engine';

export const SAME_POINT_REL_TOL = 1e-8;

export interface EndPoint {
  readonly loss: number;
  readonly classification: string | null;
}

export function sameCriticalPoint(a: EndPoint, b: EndPoint, relTol = SAME_POINT_REL_TOL): boolean {
  const oa = outcomeClass(a.loss);
  if (oa !== outcomeClass(b.loss)) return false;
  if (oa === 'success') return true;
  return Math.abs(a.loss - b.loss) <= relTol * Math.max(a.loss, b.loss);
}

export interface CriticalPointCounts {
  readonly width: number;
  readonly seeds: number;
  readonly sameOutcome: number;
  readonly sameClassification: number;
  readonly sameCriticalPoint: number;
  /** Fine-class misses that are the same critical point (relabelled, not a different end point). */
  readonly relabelled: number;
  /** Same fine class, yet a different critical point (e.g. two distinct local minima). */
  readonly sameClassOtherPoint: number;
  /** The relabelled seeds: seed, loss, GPU+finish class, CPU class. */
  readonly relabelledSeeds: readonly { seed: number; loss: number; gpu: string | null; cpu: string | null }[];
}

/** Per width, from per-seed records (AgreementReport.seeds), in order of first appearance. */
export function criticalPointCounts(seeds: readonly { width: number; seed: number; gpu: EndPoint; cpu: EndPoint }[]): CriticalPointCounts[] {
  const byWidth = new Map<number, (typeof seeds)[number][]>();
  for (const s of seeds) {
    if (!byWidth.has(s.width)) byWidth.set(s.width, []);
    byWidth.get(s.width)!.push(s);
  }
  return [...byWidth].map(([width, list]) => {
    const samePoint = list.map((s) => sameCriticalPoint(s.gpu, s.cpu));
    const sameClass = list.map((s) => s.gpu.classification === s.cpu.classification);
    const relabelled = list.filter((_, i) => samePoint[i] && !sameClass[i]);
    return {
      width,
      seeds: list.length,
      sameOutcome: list.filter((s) => outcomeClass(s.gpu.loss) === outcomeClass(s.cpu.loss)).length,
      sameClassification: sameClass.filter(Boolean).length,
      sameCriticalPoint: samePoint.filter(Boolean).length,
      relabelled: relabelled.length,
      sameClassOtherPoint: list.filter((_, i) => sameClass[i] && !samePoint[i]).length,
      relabelledSeeds: relabelled.map((s) => ({ seed: s.seed, loss: s.cpu.loss, gpu: s.gpu.classification, cpu: s.cpu.classification })),
    };
  });
}

/** The three agreement columns as a plain-text table, then the relabelled seeds. */
export function criticalPointTable(counts: readonly CriticalPointCounts[]): string {
  const total = (k: 'seeds' | 'sameOutcome' | 'sameClassification' | 'sameCriticalPoint' | 'relabelled' | 'sameClassOtherPoint') => counts.reduce((n, c) => n + c[k], 0);
  const row = (label: string, n: number, o: number, c: number, p: number, r: number, x: number) =>
    [label.padEnd(6), String(n).padEnd(6), String(o).padEnd(13), String(c).padEnd(11), String(p).padEnd(20), `${n - c} → ${r}`.padEnd(32), String(x)].join(' ');
  return [
    `same critical point: same outcome class and (both success, or final losses equal to ${SAME_POINT_REL_TOL} relative)`,
    '',
    'width  seeds  same outcome  same class  same critical point  class misses → same point      same class, other point',
    ...counts.map((c) => row(String(c.width), c.seeds, c.sameOutcome, c.sameClassification, c.sameCriticalPoint, c.relabelled, c.sameClassOtherPoint)),
    row('all', total('seeds'), total('sameOutcome'), total('sameClassification'), total('sameCriticalPoint'), total('relabelled'), total('sameClassOtherPoint')),
    '',
    `fine-class misses at the same critical point (relabelled; ${total('relabelled')} of ${total('seeds') - total('sameClassification')} misses):`,
    ...counts.flatMap((c) => c.relabelledSeeds.map((s) => `  m=${c.width} seed ${s.seed}: L=${s.loss.toExponential(9)} GPU+finish ${s.gpu} vs CPU ${s.cpu}`)),
  ].join('\n');
}
