/**
 * The import dialog: what `files.inspect` inferred from a network file (format, tensors, layers,
 * activations, parameter count, notes), activations the user can fix per layer, and the dataset
 * (one of the teachers' datasets whose input/output sizes fit, or a dataset file: DatasetFilePicker)
 * — then `runs.import` (after `datasets.import` for a file).
 */
import { useEffect, useMemo, useState } from 'react';
import type { StudioApi } from '../../../contract/api';
import type { NetworkInfo } from '../../../contract/files';
import type { MethodParams } from '../../../contract/methods';
import type { RunSummary } from '../../../contract/runs';
import { ACTIVATION_NAMES, TEACHERS, type ActivationId, type TeacherName } from '../../../contract/vocabulary';
import { DatasetFilePicker, type DatasetChoice } from './DatasetFilePicker';
import type { FilePayload } from './fileTransfer';

interface Props {
  readonly api: StudioApi;
  readonly file: FilePayload;
  readonly info: NetworkInfo;
  onClose(): void;
  onImported(run: RunSummary): void;
}

interface TeacherShape {
  readonly teacher: TeacherName;
  readonly inputDim: number;
  readonly outputDim: number;
}

/** Where the file has no activations: the hidden layers' guess, output identity (a regression head). */
export function initialActivations(info: Pick<NetworkInfo, 'layers'>): ActivationId[] {
  const last = info.layers.length - 1;
  return info.layers.map((l, i) => l.activation ?? (i === last ? 'identity' : 'tanh'));
}

function useTeacherShapes(api: StudioApi): TeacherShape[] | null {
  const [shapes, setShapes] = useState<TeacherShape[] | null>(null);
  useEffect(() => {
    let live = true;
    void Promise.all(
      TEACHERS.map(async (teacher) => {
        const t = await api.call('teacher', { teacher });
        return { teacher, inputDim: t.inputDim, outputDim: t.neurons[0]?.outgoing.length ?? 1 };
      }),
    )
      .then((s) => live && setShapes(s))
      .catch(() => live && setShapes([]));
    return () => {
      live = false;
    };
  }, [api]);
  return shapes;
}

export function ImportDialog({ api, file, info, onClose, onImported }: Props) {
  const [activations, setActivations] = useState<ActivationId[]>(() => initialActivations(info));
  const shapes = useTeacherShapes(api);
  const fitting = useMemo(() => (shapes ?? []).filter((s) => s.inputDim === info.inputDim && s.outputDim === info.outputDim), [shapes, info]);
  const [teacher, setTeacher] = useState<TeacherName | ''>('');
  const [samples, setSamples] = useState('');
  const [dataSeed, setDataSeed] = useState('0');
  const [name, setName] = useState(info.fileName);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [source, setSource] = useState<'teacher' | 'file' | null>(null);
  const [dataFile, setDataFile] = useState<DatasetChoice | null>(null);
  useEffect(() => {
    if (teacher === '' && fitting.length > 0) setTeacher(fitting[0].teacher);
  }, [fitting, teacher]);
  // Until the user picks: a fitting teacher's dataset when there is one, else a file.
  useEffect(() => {
    if (source === null && shapes) setSource(fitting.length > 0 ? 'teacher' : 'file');
  }, [shapes, fitting, source]);

  const chain = [info.inputDim, ...info.layers.map((l) => l.outputs)].join(' → ');
  const missing = info.layers.some((l) => l.activation === null);

  const ready = source === 'file' ? dataFile !== null : source === 'teacher' && teacher !== '';
  const accept = async (): Promise<void> => {
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      const n = samples.trim() === '' ? undefined : Number(samples);
      let data: MethodParams<'runs.import'>['data'];
      if (source === 'file' && dataFile) {
        const { info: _read, ...upload } = dataFile;
        const stored = await api.call('datasets.import', { ...upload, inputDim: info.inputDim, outputDim: info.outputDim });
        data = { kind: 'dataset', datasetId: stored.datasetId };
      } else {
        if (teacher === '') return;
        data = { kind: 'teacher', teacher, ...(n !== undefined ? { samples: n } : {}), dataSeed: Number(dataSeed) };
      }
      const { run } = await api.call('runs.import', {
        file,
        activations,
        data,
        ...(name.trim() !== '' ? { name: name.trim() } : {}),
      });
      onImported(run);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="import-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="import-dialog" role="dialog" aria-modal="true" aria-labelledby="import-title" data-testid="import-dialog">
        <h2 id="import-title">Import network — {info.fileName}</h2>
        <p className="import-summary" data-testid="import-summary">
          <b>{info.formatLabel}</b> · {info.layers.length} layer{info.layers.length === 1 ? '' : 's'}, {chain} · {info.parameterCount.toLocaleString()} parameters
        </p>

        <h3>Layers</h3>
        {missing && <p className="import-hint">The file holds weights only: choose each layer&apos;s activation (the last is usually identity).</p>}
        <table className="import-table" data-testid="import-layers">
          <thead>
            <tr>
              <th>#</th>
              <th>shape</th>
              <th>bias</th>
              <th>activation</th>
              <th>from</th>
            </tr>
          </thead>
          <tbody>
            {info.layers.map((l, i) => (
              <tr key={i}>
                <td>{i + 1}</td>
                <td>
                  {l.inputs} → {l.outputs}
                </td>
                <td>{l.bias ? 'yes' : 'no'}</td>
                <td>
                  <select
                    data-testid={`import-activation-${i}`}
                    value={activations[i]}
                    onChange={(e) => setActivations((a) => a.map((x, k) => (k === i ? (e.target.value as ActivationId) : x)))}
                  >
                    {ACTIVATION_NAMES.map((a) => (
                      <option key={a}>{a}</option>
                    ))}
                  </select>
                  {l.activation === null ? <span className="import-flag"> not in the file</span> : l.activation !== activations[i] ? <span className="import-flag"> file: {l.activation}</span> : null}
                </td>
                <td className="import-source">{info.layerSources[i] ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>

        <details>
          <summary>
            {info.tensors.length} tensor{info.tensors.length === 1 ? '' : 's'} in the file
          </summary>
          <table className="import-table" data-testid="import-tensors">
            <tbody>
              {info.tensors.map((t) => (
                <tr key={t.name}>
                  <td>{t.name}</td>
                  <td>{t.dtype}</td>
                  <td>[{t.shape.join(', ')}]</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
        {info.notes.length > 0 && (
          <ul className="import-notes" data-testid="import-notes">
            {info.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        )}

        <h3>Data</h3>
        <div className="controls" role="radiogroup" aria-label="dataset source">
          <label>
            <input type="radio" name="import-data" data-testid="import-data-teacher" checked={source === 'teacher'} onChange={() => setSource('teacher')} /> Dataset: teacher
          </label>
          <label>
            <input type="radio" name="import-data" data-testid="import-data-file" checked={source === 'file'} onChange={() => setSource('file')} /> file…
          </label>
        </div>
        {source === 'file' ? (
          <DatasetFilePicker api={api} inputDim={info.inputDim} outputDim={info.outputDim} onChange={setDataFile} />
        ) : shapes && fitting.length === 0 ? (
          <p className="error" role="alert">
            No teacher dataset has {info.inputDim} input{info.inputDim === 1 ? '' : 's'} and {info.outputDim} output{info.outputDim === 1 ? '' : 's'} (the teachers:{' '}
            {shapes.map((s) => `${s.teacher} ${s.inputDim}→${s.outputDim}`).join(', ')}); choose a dataset file instead.
          </p>
        ) : (
          <div className="controls">
            <label>
              Dataset
              <select data-testid="import-teacher" value={teacher} onChange={(e) => setTeacher(e.target.value as TeacherName)}>
                {fitting.map((s) => (
                  <option key={s.teacher} value={s.teacher}>
                    {s.teacher} teacher ({s.inputDim} → {s.outputDim})
                  </option>
                ))}
              </select>
            </label>
            <label title="empty: the teacher's paper default">
              Samples
              <input type="number" min={1} placeholder="default" value={samples} onChange={(e) => setSamples(e.target.value)} />
            </label>
            <label>
              Data seed
              <input type="number" min={0} value={dataSeed} onChange={(e) => setDataSeed(e.target.value)} />
            </label>
          </div>
        )}
        <div className="controls">
          <label>
            Run name
            <input data-testid="import-name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
          </label>
        </div>
        {error && (
          <p className="error" role="alert" data-testid="import-error">
            {error}
          </p>
        )}
        <div className="import-buttons">
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="button" data-testid="import-accept" disabled={busy || !ready} onClick={() => void accept()}>
            {busy ? 'Importing…' : 'Import'}
          </button>
        </div>
      </div>
    </div>
  );
}
