/**
 * The Analyses & exports panel (issue 14): rows from analyses.list + exports.list (kind, run,
 * date, size), newest first, in pages; the rendered view shows those words and Open / Delete per
 * row; Delete asks first and calls the right method only after a yes.
 */
// @jsxRuntime automatic
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { StudioApi } from '../../../contract/api';
import type { RunSummary } from '../../../contract/runs';
import type { AnalysisSummary, ExportSummary } from '../../../contract/workspaceAdmin';
import { WorkspaceFilesView } from '../../../renderer/src/panels/WorkspaceFilesView';
import { deleteFile, deleteQuestion, filePage, fileRows, formatBytes, formatDate } from '../../../renderer/src/panels/workspaceFilesData';
import { syntheticRun } from '../helpers/service';

const run = syntheticRun('run-a', null, 4).summary as RunSummary;
const analysis = (id: string, createdAt: number, runId: string | null, bytes?: number): AnalysisSummary => ({
  analysisId: id,
  createdAt,
  runId,
  which: runId ? 'final' : null,
  loss: 1.8386e-4,
  gradNorm: 1e-12,
  index: 0,
  classification: 'local-min',
  parameterCount: 9,
  ...(bytes !== undefined ? { bytes } : {}),
});
const exported: ExportSummary = { exportId: 'run-a', files: ['run.json', 'run.npz'], bytes: 2_345, modifiedAt: 1_700_000_500_000 };

describe('workspace files data', () => {
  it('merges analyses and exports newest first, naming the run or saying it is gone', () => {
    const rows = fileRows([analysis('an-old', 1_700_000_000_000, 'run-a', 812), analysis('an-gone', 1_700_000_900_000, 'run-deleted'), analysis('an-file', 1_700_000_100_000, null)], [exported], [run]);
    expect(rows.map((r) => [r.kind, r.id])).toEqual([
      ['analysis', 'an-gone'],
      ['export', 'run-a'],
      ['analysis', 'an-file'],
      ['analysis', 'an-old'],
    ]);
    expect(rows[0]).toMatchObject({ runId: null, runLabel: 'run-deleted (deleted)', bytes: null });
    expect(rows[1]).toMatchObject({ runId: 'run-a', runLabel: 'fig3c w2 seed 4 minimize', bytes: 2345, detail: 'run.json, run.npz' });
    expect(rows[2]).toMatchObject({ runId: null, runLabel: 'no run (a network file)' });
    expect(rows[3]).toMatchObject({ runId: 'run-a', bytes: 812, detail: 'local-min, index\u00a00, L\u00a0=\u00a01.839e-4 (final point)' });
  });

  it('pages (clamped) and formats sizes and dates', () => {
    const many = fileRows(Array.from({ length: 61 }, (_, k) => analysis(`an-${String(k).padStart(2, '0')}`, 1_700_000_000_000 + k, 'run-a')), [], [run]);
    expect(filePage(many, 0)).toMatchObject({ page: 0, pages: 3, range: '1–25 of 61' });
    expect(filePage(many, 0).rows[0].id).toBe('an-60');
    expect(filePage(many, 2)).toMatchObject({ page: 2, range: '51–61 of 61' });
    expect(filePage(many, 2).rows).toHaveLength(11);
    expect(filePage(many, 9).page).toBe(2);
    expect(filePage([], 0)).toMatchObject({ pages: 1, range: 'none', rows: [] });
    expect([formatBytes(999), formatBytes(1000), formatBytes(2345), formatBytes(45_600_000), formatBytes(null)]).toEqual(['999 B', '1.00 kB', '2.35 kB', '45.6 MB', '—']);
    const d = new Date(2026, 11, 2, 1, 5, 59).getTime();
    expect(formatDate(d)).toBe('2026-12-02 01:05');
  });

  it('Delete asks first, then calls analyses.delete / exports.delete; a no deletes nothing', async () => {
    const [a, e] = fileRows([analysis('an-1', 1, 'run-a', 812)], [exported], [run]).sort((x) => (x.kind === 'analysis' ? -1 : 1));
    const calls: unknown[] = [];
    const api: Pick<StudioApi, 'call'> = { call: (async (method: string, params: unknown) => (calls.push([method, params]), { deleted: 1 })) as StudioApi['call'] };
    const asked: string[] = [];
    expect(await deleteFile(api, a, (q) => (asked.push(q), false))).toBe(false);
    expect(calls).toEqual([]);
    expect(asked[0]).toBe('Delete the analysis an-1 of fig3c w2 seed 4 minimize? 812 B will be freed; this cannot be undone.');
    expect(await deleteFile(api, a, () => true)).toBe(true);
    expect(await deleteFile(api, e, () => true)).toBe(true);
    expect(calls).toEqual([
      ['analyses.delete', { analysisId: 'an-1' }],
      ['exports.delete', { exportId: 'run-a' }],
    ]);
    expect(deleteQuestion(e)).toContain('the export folder exports/run-a (run.json, run.npz)');
  });
});

describe('WorkspaceFilesView', () => {
  const noop = () => undefined;
  const render = (rows: Parameters<typeof WorkspaceFilesView>[0]['rows'], page = 0, pageSize?: number) =>
    renderToStaticMarkup(<WorkspaceFilesView rows={rows} page={page} problem={null} busy={new Set(['an-busy'])} onPage={noop} onOpen={noop} onDelete={noop} onRefresh={noop} {...(pageSize ? { pageSize } : {})} />);

  it('shows kind, run, date, size and Open/Delete for each row; Open is off when the run is gone', () => {
    const rows = fileRows([analysis('an-1', 1_700_000_000_000, 'run-a', 812), analysis('an-busy', 1_600_000_000_000, 'run-x')], [exported], [run]);
    const html = render(rows);
    expect(html).toContain('<th>Kind</th><th>Run and contents</th><th>Date</th><th class="num">Size</th>');
    expect(html).toContain('2 analyses, 1 export<');
    expect(html.match(/data-testid="files-row"/g)).toHaveLength(3);
    expect(html).toContain('<td>Analysis</td>');
    expect(html).toContain('<td>Export</td>');
    expect(html).toContain('fig3c w2 seed 4 minimize');
    expect(html).toContain(formatDate(1_700_000_000_000));
    expect(html).toContain('812 B');
    expect(html).toContain('2.35 kB');
    // The row whose run is gone (and is being deleted): both buttons disabled.
    const busyRow = html.slice(html.indexOf('data-id="an-busy"'));
    expect(busyRow.slice(0, busyRow.indexOf('</tr>')).match(/disabled=""/g)).toHaveLength(2);
    expect(html).not.toContain('files-pager');
  });

  it('pages long lists and says when there is nothing', () => {
    const rows = fileRows(Array.from({ length: 7 }, (_, k) => analysis(`an-${k}`, k, 'run-a')), [], [run]);
    const html = render(rows, 1, 3);
    expect(html.match(/data-testid="files-row"/g)).toHaveLength(3);
    expect(html).toContain('4–6 of 7');
    expect(html).toContain('← Newer');
    expect(render(rows.slice(0, 1))).toContain('1 analysis, 0 exports');
    expect(render([])).toContain('No stored analyses or exports.');
    expect(render(null)).toContain('loading…');
  });
});
