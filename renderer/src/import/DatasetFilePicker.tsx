/**
 * The import dialog's "Dataset: file…" choice: pick or drop a dataset file (.npz with X/y, a pair
 * of .npy, CSV with a header, JSON), see what `datasets.inspect` read from it (format, keys or
 * columns used, count, dims) sized against the network, and choose a CSV's target columns.
 * Nothing is stored until the dialog's Import (then `datasets.import`).
 */
import { useCallback, useEffect, useState } from 'react';
import type { StudioApi } from '../../../contract/api';
import type { DatasetInfo } from '../../../contract/datasets';
import { readFilePayload, type FilePayload } from './fileTransfer';

/** What `datasets.import` will be sent once the user accepts. */
export interface DatasetChoice {
  readonly file: FilePayload;
  readonly targetsFile?: FilePayload;
  readonly targets?: string[];
  readonly info: DatasetInfo;
}

interface Props {
  readonly api: StudioApi;
  readonly inputDim: number;
  readonly outputDim: number;
  onChange(choice: DatasetChoice | null): void;
}

const ACCEPT = '.npz,.npy,.csv,.json,.txt';

/** Of two picked .npy files, the inputs are the one named like X / x / inputs. */
export function orderNpyPair(files: readonly File[]): [File, File | undefined] {
  if (files.length < 2) return [files[0], undefined];
  const isTargets = (f: File) => /(^|[_\-.])(y|targets?|labels?)\.npy$/i.test(f.name);
  return isTargets(files[0]) && !isTargets(files[1]) ? [files[1], files[0]] : [files[0], files[1]];
}

export function DatasetFilePicker({ api, inputDim, outputDim, onChange }: Props) {
  const [files, setFiles] = useState<{ file: FilePayload; targetsFile?: FilePayload } | null>(null);
  const [targets, setTargets] = useState<string[] | undefined>(undefined);
  const [info, setInfo] = useState<DatasetInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** A CSV's columns, kept while a choice of targets is refused so that it can be changed back. */
  const [columns, setColumns] = useState<{ all: readonly string[]; targets: readonly string[] } | null>(null);

  const pick = useCallback(async (list: readonly File[]) => {
    setError(null);
    try {
      const [inputs, second] = orderNpyPair(list);
      const file = await readFilePayload(inputs);
      const targetsFile = second ? await readFilePayload(second) : undefined;
      setTargets(undefined);
      setColumns(null);
      setFiles({ file, ...(targetsFile ? { targetsFile } : {}) });
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);

  useEffect(() => {
    if (!files) return;
    let live = true;
    setBusy(true);
    void api
      .call('datasets.inspect', { ...files, ...(targets ? { targets } : {}), inputDim, outputDim })
      .then((read) => {
        if (!live) return;
        setInfo(read);
        setError(null);
        setColumns(read.columns && read.targetColumns ? { all: read.columns, targets: read.targetColumns } : null);
        onChange({ ...files, ...(targets ? { targets } : {}), info: read });
      })
      .catch((e: unknown) => {
        if (!live) return;
        setInfo(null);
        setError((e as Error).message.replace(/^datasets\.inspect: file: /, ''));
        onChange(null);
      })
      .finally(() => live && setBusy(false));
    return () => {
      live = false;
    };
  }, [api, files, targets, inputDim, outputDim, onChange]);

  const toggleTarget = (column: string): void => {
    const current = targets ?? columns?.targets ?? [];
    setTargets(current.includes(column) ? current.filter((c) => c !== column) : [...current, column]);
  };

  return (
    <div
      className="dataset-picker"
      data-testid="dataset-picker"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        e.stopPropagation();
        if (e.dataTransfer.files.length > 0) void pick([...e.dataTransfer.files]);
      }}
    >
      <label className="dataset-drop">
        {files ? `${files.file.name}${files.targetsFile ? ` + ${files.targetsFile.name}` : ''}` : 'Choose or drop a dataset file'}{' '}
        <input
          type="file"
          accept={ACCEPT}
          multiple
          data-testid="dataset-file-input"
          onChange={(e) => {
            const list = e.target.files ? [...e.target.files] : [];
            e.target.value = '';
            if (list.length > 0) void pick(list);
          }}
        />
      </label>
      <p className="import-hint">
        .npz with X and y (or x/y, inputs/targets), two .npy files (inputs and targets), CSV with a header, or JSON {'{X, y}'}; for this network
        {` ${inputDim} input${inputDim === 1 ? '' : 's'} → ${outputDim} target${outputDim === 1 ? '' : 's'}`}.
      </p>
      {busy && <p className="import-hint">Reading…</p>}
      {error && (
        <p className="error" role="alert" data-testid="dataset-error">
          {error}
        </p>
      )}
      {info && !error && (
        <div data-testid="dataset-summary">
          <p className="import-summary">
            <b>{info.format}</b> · {info.count.toLocaleString()} samples · {info.inputDim} input{info.inputDim === 1 ? '' : 's'} → {info.outputDim} target
            {info.outputDim === 1 ? '' : 's'}
          </p>
          <ul className="import-notes">
            {info.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </div>
      )}
      {columns && (
        <fieldset className="dataset-columns" data-testid="dataset-columns">
          <legend>Target columns (the others are inputs)</legend>
          {columns.all.map((c) => (
            <label key={c}>
              <input type="checkbox" checked={(targets ?? columns.targets).includes(c)} onChange={() => toggleTarget(c)} /> {c}
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}
