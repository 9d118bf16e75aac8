/**
 * The Analyses & exports panel's data (pure): the workspace's stored analyses (`analyses.list`) and
 * run exports (`exports.list`) as one list of rows — kind, run, date, size — newest first, in pages,
 * with the words the panel shows and the confirmation a Delete asks.
 */
import type { StudioApi } from '../../../contract/api';
import type { RunSummary } from '../../../contract/runs';
import type { AnalysisSummary, ExportSummary } from '../../../contract/workspaceAdmin';
import { runLegend } from '../state/runQuery';

export type FileKind = 'analysis' | 'export';

export interface FileRow {
  readonly kind: FileKind;
  /** analysisId or exportId (what analyses.delete / exports.delete take). */
  readonly id: string;
  /** The run it belongs to, when that run is still in the workspace (Open selects it). */
  readonly runId: string | null;
  /** The run as the browser names it, or why there is none. */
  readonly runLabel: string;
  /** Epoch ms: the analysis's creation, the export folder's last change. */
  readonly date: number;
  /** Bytes on disk; null when the host did not say. */
  readonly bytes: number | null;
  /** One line of what it is: classification and loss, or the exported files. */
  readonly detail: string;
}

export const FILES_PAGE = 25;

export function fileRows(analyses: readonly AnalysisSummary[], exports: readonly ExportSummary[], runs: readonly RunSummary[]): FileRow[] {
  const byId = new Map(runs.map((r) => [r.runId, r]));
  const runOf = (runId: string | null): { runId: string | null; runLabel: string } => {
    if (runId === null) return { runId: null, runLabel: 'no run (a network file)' };
    const run = byId.get(runId);
    return run ? { runId, runLabel: runLegend(run) } : { runId: null, runLabel: `${runId} (deleted)` };
  };
  const rows: FileRow[] = [
    ...analyses.map((a) => ({
      kind: 'analysis' as const,
      id: a.analysisId,
      ...runOf(a.runId),
      date: a.createdAt,
      bytes: a.bytes ?? null,
      detail: `${a.classification}, index\u00a0${a.index}, L\u00a0=\u00a0${a.loss.toExponential(3)}${a.which ? ` (${a.which} point)` : ''}`, // no break inside 'L = …'
    })),
    // An export folder is named for its run (runs.export's default target exports/<runId>).
    ...exports.map((e) => ({ kind: 'export' as const, id: e.exportId, ...runOf(e.exportId), date: e.modifiedAt, bytes: e.bytes, detail: e.files.join(', ') })),
  ];
  return rows.sort((a, b) => b.date - a.date || a.id.localeCompare(b.id));
}

export interface FilePage {
  readonly rows: FileRow[];
  /** 0-based page shown (clamped). */
  readonly page: number;
  readonly pages: number;
  /** "26–50 of 61" (en dash), or "none". */
  readonly range: string;
}

export function filePage(rows: readonly FileRow[], page: number, size = FILES_PAGE): FilePage {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const p = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  const slice = rows.slice(p * size, (p + 1) * size);
  const range = rows.length === 0 ? 'none' : `${p * size + 1}–${p * size + slice.length} of ${rows.length}`;
  return { rows: slice, page: p, pages, range };
}

/** 1,234 B / 12.3 kB / 4.56 MB (decimal units, as file managers show). */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let u = 0;
  while (value >= 1000 && u < units.length - 1) {
    value /= 1000;
    u++;
  }
  return `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0)} ${units[u]}`;
}

/** Local date and time to the minute, e.g. "2026-12-02 01:05" (sortable, unambiguous). */
export function formatDate(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

export function kindLabel(kind: FileKind): string {
  return kind === 'analysis' ? 'Analysis' : 'Export';
}

/** What Delete asks before it deletes (window.confirm). */
export function deleteQuestion(row: FileRow): string {
  const what = row.kind === 'analysis' ? `the analysis ${row.id}` : `the export folder exports/${row.id} (${row.detail})`;
  return `Delete ${what} of ${row.runLabel}? ${formatBytes(row.bytes)} will be freed; this cannot be undone.`;
}

/** Asks, then deletes through the API; false when the user said no. */
export async function deleteFile(
  api: Pick<StudioApi, 'call'>,
  row: FileRow,
  confirm: (question: string) => boolean,
): Promise<boolean> {
  if (!confirm(deleteQuestion(row))) return false;
  if (row.kind === 'analysis') await api.call('analyses.delete', { analysisId: row.id });
  else await api.call('exports.delete', { exportId: row.id });
  return true;
}
