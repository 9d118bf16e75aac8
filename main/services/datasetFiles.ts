/**
 * `datasets.inspect`, `datasets.import`, `datasets.list`: dataset files into the workspace through
 * the engine's reader (engine/formats/datasetFile.ts: .npz X/y, an .npy pair, CSV with a header,
 * JSON). Bounded by the upload limit: both files of an .npy pair together, as one upload.
 */
import type { DatasetInfo, DatasetSummary } from '../../contract/datasets';
import { ContractError, StudioError } from '../../contract/errors';
import { MAX_UPLOAD_BYTES, base64ByteLength, type Upload } from '../../contract/files';
import type { MethodRequest, MethodResult } from '../../contract/methods';
import { DatasetFileError, openDatasetFile, type OpenedDataset } from '../../native-workers/engine';
import { newId } from '../workspace/ids';
import type { Workspace } from '../workspace/workspace';
import { baseName } from './networkFiles';

/** Largest dataset stored (doubles in X and Y together): 4 × the upload limit's worth, 92 MiB on disk. */
const MAX_STORED_VALUES = (4 * MAX_UPLOAD_BYTES) / 8;

type DatasetRequest = MethodRequest<'datasets.import'>;

function bytesOf(upload: Upload): Uint8Array {
  const buffer = Buffer.from(upload.base64, 'base64');
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** CSV header names, for the target chooser (the engine returns only the ones it used). */
function columnsOf(opened: OpenedDataset): string[] | undefined {
  if (!opened.inputColumns || !opened.targetColumns) return undefined;
  return [...opened.inputColumns, ...opened.targetColumns];
}

function read(method: string, request: DatasetRequest): { opened: OpenedDataset; info: DatasetInfo } {
  const fileName = baseName(request.file.name);
  const total = base64ByteLength(request.file.base64) + (request.targetsFile ? base64ByteLength(request.targetsFile.base64) : 0);
  if (total > MAX_UPLOAD_BYTES)
    throw new ContractError(`${method}: targetsFile: the two files are ${(total / 2 ** 20).toFixed(1)} MiB together, over the upload limit of ${(MAX_UPLOAD_BYTES / 2 ** 20).toFixed(1)} MiB`);
  if ((request.inputDim === undefined) !== (request.outputDim === undefined))
    throw new ContractError(`${method}: inputDim, outputDim: give both (the network's input and output sizes) or neither`);
  const architecture =
    request.inputDim !== undefined && request.outputDim !== undefined
      ? { layers: [{ inputs: request.inputDim, outputs: request.outputDim, bias: true, activation: 'identity' as const }] }
      : undefined;
  let opened: OpenedDataset;
  try {
    opened = openDatasetFile(
      bytesOf(request.file),
      fileName,
      {
        ...(request.targets ? { targets: request.targets } : {}),
        ...(request.targetsFile ? { targetsFile: { bytes: bytesOf(request.targetsFile), fileName: baseName(request.targetsFile.name) } } : {}),
      },
      architecture,
    );
  } catch (error) {
    if (error instanceof DatasetFileError) throw new StudioError('invalid', `${method}: file: ${error.message}`);
    throw error;
  }
  const d = opened.dataset;
  if (d.X.length + d.Y.length > MAX_STORED_VALUES)
    throw new ContractError(`${method}: file: ${fileName} holds ${(d.X.length + d.Y.length).toLocaleString('en')} values; a stored dataset holds at most ${MAX_STORED_VALUES.toLocaleString('en')}`);
  const columns = columnsOf(opened);
  const info: DatasetInfo = {
    fileName,
    format: opened.format,
    count: d.count,
    inputDim: d.inputDim,
    outputDim: d.outputDim,
    notes: [...opened.notes],
    ...(columns ? { columns, inputColumns: [...opened.inputColumns!], targetColumns: [...opened.targetColumns!] } : {}),
  };
  return { opened, info };
}

export function inspectDataset(request: MethodRequest<'datasets.inspect'>): MethodResult<'datasets.inspect'> {
  return read('datasets.inspect', request).info;
}

export async function importDataset(workspace: Workspace, request: DatasetRequest): Promise<MethodResult<'datasets.import'>> {
  const { opened, info } = read('datasets.import', request);
  const summary: DatasetSummary = { ...info, datasetId: newId('data'), name: request.name ?? info.fileName.slice(0, 200), createdAt: Date.now() };
  await workspace.datasets.add(summary, Float64Array.from(opened.dataset.X), Float64Array.from(opened.dataset.Y));
  return summary;
}
