/**
 * "Export surface…": the landscape on screen as a file — NumPy .npz, loss-landscape .h5
 * (xcoordinates / ycoordinates / train_loss) or ParaView .vtp / .vts, with θ₀, both directions and
 * the projected trajectory (`surface.export`). The same plane, ranges and resolution as the view;
 * the grid on screen is passed as `coarse`, so the host reuses it instead of recomputing.
 */
import { useState } from 'react';
import type { StudioApi } from '../../../contract/api';
import { SURFACE_FORMATS, type SurfaceFormat } from '../../../contract/exports';
import type { Landscape, LandscapePlane } from '../../../contract/landscape';
import type { MethodParams } from '../../../contract/methods';
import { saveExport } from './saveExport';

interface Props {
  readonly api: StudioApi;
  readonly source: MethodParams<'landscape'>['source'];
  readonly plane: LandscapePlane;
  /** θ snapshots of the trajectory (projected into the file; a polyline in .vtp). */
  readonly trajectory: readonly (readonly number[])[];
  /** The landscape on screen: its ranges, resolution and grid. */
  readonly landscape: Landscape;
}

const LABELS: Record<SurfaceFormat, string> = {
  npz: 'NumPy .npz',
  h5: 'loss-landscape .h5',
  vtp: 'ParaView .vtp (surface + path)',
  vts: 'ParaView .vts (grid)',
};

export function SurfaceExport({ api, source, plane, trajectory, landscape }: Props) {
  const [format, setFormat] = useState<SurfaceFormat>('h5');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const exportSurface = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const file = await api.call('surface.export', {
        source,
        plane,
        alphaRange: [landscape.alphaRange[0], landscape.alphaRange[1]],
        betaRange: [landscape.betaRange[0], landscape.betaRange[1]],
        resolution: landscape.resolution,
        coarse: { resolution: landscape.resolution, loss: landscape.loss },
        project: trajectory.map((t) => [...t]),
        format,
      });
      setStatus(await saveExport(file));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="controls surface-export" data-testid="surface-export">
      <label>
        Surface file
        <select data-testid="surface-format" value={format} onChange={(e) => setFormat(e.target.value as SurfaceFormat)}>
          {SURFACE_FORMATS.map((f) => (
            <option key={f} value={f}>
              {LABELS[f]}
            </option>
          ))}
        </select>
      </label>
      <button type="button" data-testid="export-surface" disabled={busy} onClick={() => void exportSurface()}>
        {busy ? 'Exporting…' : 'Export surface…'}
      </button>
      {status && (
        <span className="status-line" data-testid="surface-export-status">
          {status}
        </span>
      )}
      {error && (
        <span className="error" role="alert" data-testid="surface-export-error">
          {error}
        </span>
      )}
    </div>
  );
}
