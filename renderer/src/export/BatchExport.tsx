/** "Export table": a batch's runs as CSV / JSON (seed, width, final loss, ‖∇L‖, class, index, success, …) or a .npz of every final θ (`batches.export`). */
import { useState } from 'react';
import type { StudioApi } from '../../../contract/api';
import { TABLE_FORMATS, type TableFormat } from '../../../contract/exports';
import { saveExport } from './saveExport';

interface Props {
  readonly api: StudioApi;
  readonly batchId: string;
}

const LABELS: Record<TableFormat, string> = { csv: 'CSV', json: 'JSON', npz: 'final θ (.npz)' };

export function BatchExport({ api, batchId }: Props) {
  const [format, setFormat] = useState<TableFormat>('csv');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const exportTable = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      setStatus(await saveExport(await api.call('batches.export', { batchId, format })));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="batch-export" data-testid="batch-export">
      <label>
        Table{' '}
        <select data-testid="batch-export-format" value={format} onChange={(e) => setFormat(e.target.value as TableFormat)}>
          {TABLE_FORMATS.map((f) => (
            <option key={f} value={f}>
              {LABELS[f]}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="button" data-testid="export-table" disabled={busy} onClick={() => void exportTable()}>
        Export table
      </button>{' '}
      {status && (
        <span className="status-line" data-testid="batch-export-status">
          {status}
        </span>
      )}
      {error && (
        <span className="error" role="alert" data-testid="batch-export-error">
          {error}
        </span>
      )}
    </span>
  );
}
