/**
 * The three agreement columns (same outcome, same fine class, same critical point:
 * native-workers/gpu/sameCriticalPoint.ts) recomputed from a stored GPU ↔ CPU agreement report's
 * per-seed records (scripts/gpuAgreement.ts OUT.json) — no GPU, no training, just the stored
 * final losses and classes.
 *
 *   npx tsx scripts/gpuAgreementSummary.ts docs/results/gpu-agreement-200-2026-12-02.json
 *
 * Writes OUT-summary.txt beside the report (OUT.json → OUT-summary.txt) and prints it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { AgreementReport } from '../native-workers/gpu/agreement';
import { criticalPointCounts, criticalPointTable } from '../native-workers/gpu/sameCriticalPoint';

const path = process.argv[2];
if (!path?.endsWith('.json')) throw new Error('usage: npx tsx scripts/gpuAgreementSummary.ts REPORT.json');
const report = JSON.parse(readFileSync(path, 'utf8')) as AgreementReport & { experiment?: string; started?: string };
if (!report.seeds?.length) throw new Error(`${path} has no per-seed records (seeds): written before scripts/gpuAgreement.ts kept them`);
const counts = criticalPointCounts(report.seeds);
// The stored per-width counts must come out again: the records are the report's own.
for (const c of counts) {
  const w = report.widths.find((x) => x.width === c.width);
  if (!w || w.sameOutcome !== c.sameOutcome || w.sameClassification !== c.sameClassification)
    throw new Error(`m=${c.width}: the seeds give ${c.sameOutcome} / ${c.sameClassification}, the report says ${w?.sameOutcome} / ${w?.sameClassification}`);
}
const text = [`${path} (${report.experiment ?? 'GPU ↔ CPU agreement'}, started ${report.started ?? '?'}), recomputed from its ${report.seeds.length} seed records without rerunning the GPU`, '', criticalPointTable(counts), ''].join('\n');
const out = path.replace(/\.json$/, '-summary.txt');
writeFileSync(out, text);
process.stdout.write(text);
