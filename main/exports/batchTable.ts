/**
 * A batch as a table: one row per run (run id, seed, width, final loss, ‖∇L‖, classification,
 * index, success, …) as CSV (RFC 4180: fields with a comma, quote or line break are quoted, quotes
 * doubled) or JSON, and every run's final θ stacked into one `.npz` (`final_theta`: runs × P).
 * Numbers are written with full float64 precision (shortest round-trip form).
 */
import type { RunSummary } from '../../contract/runs';
import { encodeNpzArchive } from './npzArchive';

export const TABLE_COLUMNS = [
  'run_id',
  'seed',
  'width',
  'activation',
  'method',
  'final_loss',
  'grad_norm',
  'classification',
  'index',
  'success',
  'steps',
  'ode_time',
  'stopped_by',
] as const;
export type TableColumn = (typeof TABLE_COLUMNS)[number];
export type TableRow = Record<TableColumn, string | number | boolean | null>;

export function tableRows(runs: readonly RunSummary[]): TableRow[] {
  return runs.map((run) => ({
    run_id: run.runId,
    seed: run.spec.seed,
    width: run.spec.width,
    activation: run.spec.activation,
    method: run.spec.method,
    final_loss: run.result.finalLoss,
    grad_norm: run.result.gradNorm,
    classification: run.result.classification,
    index: run.result.index,
    success: run.result.success,
    steps: run.result.steps,
    ode_time: run.result.odeTime,
    stopped_by: run.result.stoppedBy,
  }));
}

function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function encodeCsv(rows: readonly TableRow[]): string {
  const lines = [TABLE_COLUMNS.join(',')];
  for (const row of rows) lines.push(TABLE_COLUMNS.map((c) => csvField(row[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}

export function encodeTableJson(batch: unknown, rows: readonly TableRow[]): string {
  return JSON.stringify({ format: 'escape-studio/batch-table@1', batch, columns: TABLE_COLUMNS, runs: rows }, null, 2) + '\n';
}

/** Thrown when the runs' θ cannot be stacked (different parameter counts). */
export class BatchTableError extends Error {
  override name = 'BatchTableError';
}

/** Refuses, before any θ is loaded, a stacked final-θ array larger than `limit` bytes. */
export function checkFinalThetaSize(runs: readonly RunSummary[], limit: number): void {
  const P = runs[0]?.parameterCount ?? 0;
  const bytes = runs.length * P * 8;
  if (bytes > limit)
    throw new BatchTableError(`final θ of ${runs.length} runs × ${P} parameters is ${bytes} bytes, more than the ${limit} one export may hold`);
}

/** `final_theta` (runs × P), `run_id` and the numeric columns, row k = run k of `runs`. */
export function encodeFinalThetaNpz(runs: readonly RunSummary[], finalTheta: readonly Float64Array[]): Uint8Array {
  const P = finalTheta[0]?.length ?? 0;
  const stacked = new Float64Array(runs.length * P);
  finalTheta.forEach((theta, k) => {
    if (theta.length !== P)
      throw new BatchTableError(`run ${runs[k]?.runId}: has ${theta.length} parameters, the batch's first run has ${P}; cannot stack them`);
    stacked.set(theta, k * P);
  });
  const column = (name: string, value: (run: RunSummary) => number | null) => ({
    name,
    data: Float64Array.from(runs, (run) => value(run) ?? Number.NaN),
    shape: [runs.length],
  });
  return encodeNpzArchive([
    { name: 'final_theta', data: stacked, shape: [runs.length, P] },
    { name: 'run_id', strings: runs.map((r) => r.runId) },
    column('seed', (r) => r.spec.seed),
    column('width', (r) => r.spec.width),
    column('final_loss', (r) => r.result.finalLoss),
    column('grad_norm', (r) => r.result.gradNorm),
    column('index', (r) => r.result.index),
    column('success', (r) => (r.result.success ? 1 : 0)),
  ]);
}
