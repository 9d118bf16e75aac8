/**
 * The Analyses & exports list (a plain view: rows and callbacks in, no API): kind, run, date, size
 * and Open / Delete per row, a pager when there are more rows than one page.
 */
import { filePage, formatBytes, formatDate, kindLabel, type FileRow } from './workspaceFilesData';

interface Props {
  readonly rows: readonly FileRow[] | null;
  readonly page: number;
  readonly problem: string | null;
  /** Row ids with a delete in flight (their buttons are disabled). */
  readonly busy: ReadonlySet<string>;
  onPage(page: number): void;
  onOpen(row: FileRow): void;
  onDelete(row: FileRow): void;
  onRefresh(): void;
  readonly pageSize?: number;
}

function counts(rows: readonly FileRow[]): string {
  const analyses = rows.filter((r) => r.kind === 'analysis').length;
  const exports = rows.length - analyses;
  return `${analyses} ${analyses === 1 ? 'analysis' : 'analyses'}, ${exports} ${exports === 1 ? 'export' : 'exports'}`;
}

export function WorkspaceFilesView({ rows, page, problem, busy, onPage, onOpen, onDelete, onRefresh, pageSize }: Props) {
  const shown = rows ? filePage(rows, page, pageSize) : null;
  return (
    <div className="workspace-files" data-testid="workspace-files">
      <div className="controls">
        <span className="status-line" data-testid="files-range">
          {rows ? counts(rows) : 'loading…'}
        </span>
        <button type="button" onClick={onRefresh} data-testid="files-refresh">
          Refresh
        </button>
      </div>
      {problem !== null && <p className="error">{problem}</p>}
      {shown && shown.rows.length === 0 && <p className="empty">No stored analyses or exports. Analyses appear when a point is analysed (Hessian spectrum panel); exports when a run is exported.</p>}
      {shown && shown.rows.length > 0 && (
        <table className="files" data-testid="files-table">
          <thead>
            <tr>
              <th>Kind</th>
              <th>Run and contents</th>
              <th>Date</th>
              <th className="num">Size</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.rows.map((row) => (
              <tr key={`${row.kind}:${row.id}`} data-testid="files-row" data-kind={row.kind} data-id={row.id}>
                <td>{kindLabel(row.kind)}</td>
                <td className="files-run">
                  <span data-testid="files-run">{row.runLabel}</span>
                  <span className="files-detail" data-testid="files-detail">
                    {row.detail}
                  </span>
                </td>
                <td className="files-date">{formatDate(row.date)}</td>
                <td className="num">{formatBytes(row.bytes)}</td>
                <td className="files-actions">
                  <button
                    type="button"
                    disabled={row.runId === null || busy.has(row.id)}
                    title={row.runId === null ? 'its run is not in the workspace' : row.kind === 'analysis' ? 'select the run and show its spectrum' : 'select the exported run'}
                    onClick={() => onOpen(row)}
                    data-testid="files-open"
                  >
                    Open
                  </button>{' '}
                  <button type="button" disabled={busy.has(row.id)} onClick={() => onDelete(row)} data-testid="files-delete">
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shown && shown.pages > 1 && (
        <div className="controls files-pager" data-testid="files-pager">
          <button type="button" disabled={shown.page === 0} onClick={() => onPage(shown.page - 1)} data-testid="files-prev">
            ← Newer
          </button>
          <span className="status-line">{shown.range}</span>
          <button type="button" disabled={shown.page >= shown.pages - 1} onClick={() => onPage(shown.page + 1)} data-testid="files-next">
            Older →
          </button>
        </div>
      )}
    </div>
  );
}
