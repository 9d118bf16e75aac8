/**
 * The engine's file API for datasets:
 *   openDatasetFile(bytes, fileName, { targets?, targetsFile? }, architecture?) → { dataset, format, notes }
 * Formats (by content): .npz (keys X/y, x/y, X/Y, inputs/targets), an .npy pair (inputs file +
 * targetsFile), CSV with a header (targets = column names; default: the last outputDim columns,
 * or the last column), our dataset JSON. Every problem is a DatasetFileError naming the file.
 */
import type { Architecture, Dataset } from '../core/types';
import { readCsv } from './csv';
import { DatasetFormatError, parseDataset } from './dataset';
import { FormatError } from './formatError';
import { matchJsonObject, parseJsonBytes } from './mlpJson';
import { matchNpy, readNpy } from './npy';
import { matchNpz, readNpz } from './npz';
import type { Tensor } from './tensor';
import { isZip } from './zip';

export const DATASET_FORMATS = ['npz', 'npy', 'csv', 'json'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

export class DatasetFileError extends Error {
  override name = 'DatasetFileError';
  constructor(readonly fileName: string, message: string, readonly format: DatasetFormat | null = null, options?: { cause?: unknown }) {
    super(`${fileName}: ${message}`, options);
  }
}

export interface OpenDatasetOptions {
  /** CSV: the target column names (the other columns are the inputs). */
  readonly targets?: readonly string[];
  /** .npy pair: the targets array (the main file holds the inputs). */
  readonly targetsFile?: { readonly bytes: Uint8Array; readonly fileName: string };
}

export interface OpenedDataset {
  readonly dataset: Dataset;
  readonly format: DatasetFormat;
  /** Which keys / columns were used, in words. */
  readonly notes: readonly string[];
  readonly inputColumns?: readonly string[];
  readonly targetColumns?: readonly string[];
}

const NPZ_KEYS: readonly [string, string][] = [
  ['X', 'y'],
  ['X', 'Y'],
  ['x', 'y'],
  ['inputs', 'targets'],
];

function asMatrix(t: Tensor, what: string): { rows: number; columns: number; data: Float64Array } {
  if (t.shape.length === 1) return { rows: t.shape[0], columns: 1, data: t.data };
  if (t.shape.length === 2) return { rows: t.shape[0], columns: t.shape[1], data: t.data };
  throw new DatasetFormatError(`${what} (${t.name}) has shape [${t.shape.join(', ')}]; it must be N × d (or a vector of N)`);
}

function fromArrays(X: Tensor, Y: Tensor): Dataset {
  const x = asMatrix(X, 'the inputs');
  const y = asMatrix(Y, 'the targets');
  if (x.rows !== y.rows) throw new DatasetFormatError(`the inputs ${X.name} have ${x.rows} rows but the targets ${Y.name} have ${y.rows}; they must match`);
  if (x.rows === 0) throw new DatasetFormatError('the dataset has no samples');
  if (x.columns === 0 || y.columns === 0) throw new DatasetFormatError('inputs and targets need at least one column');
  return { count: x.rows, inputDim: x.columns, outputDim: y.columns, X: x.data, Y: y.data };
}

function checkData(d: Dataset, architecture: Architecture | undefined): void {
  for (const [name, a] of [['X', d.X], ['y', d.Y]] as const)
    for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) throw new DatasetFormatError(`${name} entry ${i} is ${a[i]}; every value must be finite`);
  if (!architecture) return;
  const inputs = architecture.layers[0]?.inputs;
  const outputs = architecture.layers[architecture.layers.length - 1]?.outputs;
  if (inputs !== undefined && d.inputDim !== inputs) throw new DatasetFormatError(`the inputs have ${d.inputDim} columns but the network expects ${inputs} inputs`);
  if (outputs !== undefined && d.outputDim !== outputs) throw new DatasetFormatError(`the targets have ${d.outputDim} columns but the network has ${outputs} outputs`);
}

function detect(bytes: Uint8Array, fileName: string): DatasetFormat | null {
  if (isZip(bytes)) return matchNpz(bytes) || fileName.toLowerCase().endsWith('.npz') ? 'npz' : null;
  if (matchNpy(bytes)) return 'npy';
  if (matchJsonObject(bytes)) return 'json';
  if (fileName.toLowerCase().endsWith('.npz')) return 'npz';
  // CSV has no magic: text whose first line has a separator, or a .csv name.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  if (fileName.toLowerCase().endsWith('.csv') || /^[^\n]*[,;\t][^\n]*\n/.test(head)) return 'csv';
  return null;
}

export function openDatasetFile(bytes: Uint8Array, fileName: string, options: OpenDatasetOptions = {}, architecture?: Architecture): OpenedDataset {
  const format = detect(bytes, fileName);
  if (!format) throw new DatasetFileError(fileName, 'not a dataset file we can read (known: .npz with X/y, a pair of .npy, CSV with a header, JSON {X, y})');
  try {
    const opened = openAs(format, bytes, options, architecture);
    checkData(opened.dataset, architecture);
    return opened;
  } catch (error) {
    if (error instanceof DatasetFileError) throw error;
    if (error instanceof FormatError || error instanceof DatasetFormatError) throw new DatasetFileError(fileName, error.message, format, { cause: error });
    throw new DatasetFileError(fileName, `could not be read (internal error: ${String(error)})`, format, { cause: error });
  }
}

function openAs(format: DatasetFormat, bytes: Uint8Array, options: OpenDatasetOptions, architecture?: Architecture): OpenedDataset {
  switch (format) {
    case 'npz': {
      const arrays = readNpz(bytes);
      const byName = new Map(arrays.map((a) => [a.name, a]));
      const pair = NPZ_KEYS.find(([x, y]) => byName.has(x) && byName.has(y));
      if (!pair)
        throw new DatasetFormatError(`no input/target arrays: expected keys X and y (or x/y, inputs/targets); the file has ${arrays.map((a) => `${a.name} [${a.shape.join(', ')}]`).join(', ')}`);
      const dataset = fromArrays(byName.get(pair[0])!, byName.get(pair[1])!);
      const unused = arrays.filter((a) => a.name !== pair[0] && a.name !== pair[1]).map((a) => a.name);
      return { dataset, format, notes: [`inputs from "${pair[0]}", targets from "${pair[1]}"${unused.length ? ` (ignored: ${unused.join(', ')})` : ''}`] };
    }
    case 'npy': {
      if (!options.targetsFile) throw new DatasetFormatError('a single .npy holds only one array; give the inputs and the targets as two .npy files (X.npy and y.npy)');
      const X = readNpy(bytes, 'inputs');
      const Y = readNpy(options.targetsFile.bytes, options.targetsFile.fileName);
      return { dataset: fromArrays(X, Y), format, notes: [`inputs from this file, targets from ${options.targetsFile.fileName}`] };
    }
    case 'csv': {
      const table = readCsv(bytes);
      let targets: string[];
      let how: string;
      if (options.targets && options.targets.length > 0) {
        for (const t of options.targets)
          if (!table.columns.includes(t)) throw new DatasetFormatError(`there is no column "${t}" (columns: ${table.columns.join(', ')})`);
        targets = [...options.targets];
        how = 'as chosen';
      } else {
        const k = architecture ? architecture.layers[architecture.layers.length - 1].outputs : 1;
        if (k >= table.columns.length) throw new DatasetFormatError(`has ${table.columns.length} columns; the network's ${k} outputs leave none for inputs`);
        targets = table.columns.slice(table.columns.length - k);
        how = `the last ${k === 1 ? 'column' : `${k} columns`} by default; choose others with targets`;
      }
      const inputs = table.columns.filter((c) => !targets.includes(c));
      if (inputs.length === 0) throw new DatasetFormatError('every column is a target; some must be inputs');
      const X = new Float64Array(table.rows * inputs.length);
      const Y = new Float64Array(table.rows * targets.length);
      const xi = inputs.map((c) => table.columns.indexOf(c));
      const yi = targets.map((c) => table.columns.indexOf(c));
      const w = table.columns.length;
      for (let r = 0; r < table.rows; r++) {
        xi.forEach((c, j) => (X[r * inputs.length + j] = table.values[r * w + c]));
        yi.forEach((c, j) => (Y[r * targets.length + j] = table.values[r * w + c]));
      }
      return {
        dataset: { count: table.rows, inputDim: inputs.length, outputDim: targets.length, X, Y },
        format,
        notes: [`inputs: ${inputs.join(', ')}; targets: ${targets.join(', ')} (${how})`],
        inputColumns: inputs,
        targetColumns: targets,
      };
    }
    case 'json': {
      const json = parseJsonBytes(bytes, (m) => new DatasetFormatError(m));
      return { dataset: parseDataset(json, architecture), format, notes: [] };
    }
  }
}
