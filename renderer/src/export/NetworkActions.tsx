/**
 * A run's network out of the studio and onward: "Export network" writes its θ as .pt /
 * .safetensors / .onnx / .npz / JSON (`networks.export`; web host: a download, Electron: the
 * native Save dialog), and "Train from here" starts a run from that θ with the network's own
 * architecture (any depth — imported networks included), its origin naming this run.
 */
import { useState } from 'react';
import type { StudioApi } from '../../../contract/api';
import { NETWORK_FILE_FORMATS, type NetworkFileFormat } from '../../../contract/files';
import type { RunSummary } from '../../../contract/runs';
import { TRAIN_METHODS, type TrainMethod } from '../../../contract/vocabulary';
import { downloadBytes } from '../import/fileTransfer';
import '../import/import.css';

interface Props {
  readonly api: StudioApi;
  readonly run: RunSummary | null;
  /** Called with the new run's id once "Train from here" has started it. */
  onTrainStarted?(runId: string): void;
}

const FORMAT_LABELS: Record<NetworkFileFormat, string> = {
  pt: 'PyTorch state_dict (.pt)',
  safetensors: 'safetensors',
  onnx: 'ONNX',
  npz: 'NumPy .npz',
  json: 'Escape Studio JSON',
};

export function NetworkActions({ api, run, onTrainStarted }: Props) {
  const [format, setFormat] = useState<NetworkFileFormat>('pt');
  const [which, setWhich] = useState<'final' | 'initial'>('final');
  const [method, setMethod] = useState<TrainMethod>('minimize');
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!run) return <p className="empty">Select a run to export its network or train from it.</p>;
  const imported = run.origin.kind === 'import';

  const act = async (what: () => Promise<string | null>): Promise<void> => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      setStatus(await what());
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const exportNetwork = () =>
    act(async () => {
      const out = await api.call('networks.export', { runId: run.runId, which, format });
      const native = window.escapeStudio?.files;
      if (native) {
        const reply = await native.save(out.fileName, out.base64);
        if (!reply.ok) throw new Error(reply.message);
        return reply.value === null ? null : `saved ${reply.value} (${out.byteLength.toLocaleString()} bytes)`;
      }
      downloadBytes(out.fileName, out.base64);
      return `downloaded ${out.fileName} (${out.byteLength.toLocaleString()} bytes)`;
    });

  /** Electron: the whole run (arrays .npz + run.json) into a folder the user picks in the native dialog. */
  const folderDialog = window.escapeStudio?.files?.chooseExportFolder;
  const exportToFolder = () =>
    act(async () => {
      const reply = await window.escapeStudio!.files!.chooseExportFolder();
      if (!reply.ok) throw new Error(reply.message);
      if (reply.value === null) return null;
      const out = await api.call('runs.export', { runId: run.runId, directory: reply.value });
      return `exported the run to ${out.npzPath}`;
    });

  const trainFromHere = () =>
    act(async () => {
      const detail = await api.call('runs.get', { runId: run.runId });
      const spec = run.spec;
      const started = await api.call('experiments.start', {
        name: `${run.name ?? run.runId} → ${method}`.slice(0, 200),
        teacher: spec.teacher,
        ...(spec.samples !== null ? { samples: spec.samples } : {}),
        dataSeed: spec.dataSeed,
        width: detail.architecture.layers.length > 1 ? detail.architecture.layers[0].outputs : spec.width,
        method,
        seeds: [spec.seed],
        initialTheta: which === 'final' ? detail.finalTheta : detail.initialTheta,
        architecture: detail.architecture,
        // An imported run on a dataset file trains on that stored dataset.
        ...(spec.dataset !== undefined ? { dataset: spec.dataset } : {}),
        origin: { kind: 'train', fromRunId: run.runId },
      });
      const runId = started.jobs[0]?.runId;
      if (runId) onTrainStarted?.(runId);
      return `training ${runId ?? ''} from the ${which} point of ${run.name ?? run.runId} (${method})`;
    });

  return (
    <div className="network-actions" data-testid="network-actions">
      <label>
        Point
        <select value={which} onChange={(e) => setWhich(e.target.value as 'final' | 'initial')}>
          <option value="final">{imported ? 'imported θ' : 'final point'}</option>
          <option value="initial">initial point</option>
        </select>
      </label>
      <label>
        Format
        <select data-testid="export-format" value={format} onChange={(e) => setFormat(e.target.value as NetworkFileFormat)}>
          {NETWORK_FILE_FORMATS.map((f) => (
            <option key={f} value={f}>
              {FORMAT_LABELS[f]}
            </option>
          ))}
        </select>
      </label>
      <button type="button" data-testid="export-network" disabled={busy} onClick={() => void exportNetwork()}>
        Export network
      </button>
      {folderDialog && (
        <button type="button" data-testid="export-run-folder" disabled={busy} onClick={() => void exportToFolder()}>
          Export run to folder…
        </button>
      )}
      <label>
        Trainer
        <select value={method} onChange={(e) => setMethod(e.target.value as TrainMethod)}>
          {TRAIN_METHODS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </label>
      <button type="button" data-testid="train-from-here" disabled={busy} onClick={() => void trainFromHere()}>
        Train from here
      </button>
      {status && (
        <span className="status-line" data-testid="network-status">
          {status}
        </span>
      )}
      {error && (
        <span className="error" role="alert" data-testid="network-error">
          {error}
        </span>
      )}
    </div>
  );
}
