import type { Architecture, Dataset } from '../core/types';
import { describe, isRecord, readMatrix, readNumberList } from './jsonValues';

/**
 * Dataset JSON: { "X": [[…] × inputDim] × N, "y": [[…] × outputDim] × N }. "Y" is accepted in place
 * of "y", and a flat "y": [n₁, n₂, …] is read as N × 1. Every number must be finite.
 */
export class DatasetFormatError extends Error {
  override name = 'DatasetFormatError';
  /** A wrong input (see engine/core/errors.ts): reported to the user as their error, not a failure. */
  readonly code = 'input' as const;
}

/** Parses an already JSON.parse'd dataset; with `architecture`, also checks the dimensions against it. */
export function parseDataset(json: unknown, architecture?: Architecture): Dataset {
  const fail = (message: string): never => {
    throw new DatasetFormatError(message);
  };
  if (!isRecord(json)) return fail(`dataset must be a JSON object with X and y, got ${describe(json)}`);
  if (!('X' in json)) fail('X is missing (the N × inputDim inputs)');
  if ('y' in json && 'Y' in json) fail('dataset has both y and Y; give the targets once');
  const yKey = 'Y' in json ? 'Y' : 'y';
  if (!(yKey in json)) fail('y is missing (the N × outputDim targets; Y is accepted too)');
  const X = readMatrix(json.X, 'X', fail);
  const yJson = json[yKey];
  const flat = Array.isArray(yJson) && yJson.length > 0 && !Array.isArray(yJson[0]);
  const Y = flat ? { rows: readNumberList(yJson, yKey, fail).map((v) => [v]), columns: 1 } : readMatrix(yJson, yKey, fail);
  if (Y.rows.length !== X.rows.length) fail(`X has ${X.rows.length} rows but ${yKey} has ${Y.rows.length}; they must match`);
  if (architecture) {
    const layers = architecture.layers;
    const inputs = layers[0]?.inputs;
    const outputs = layers[layers.length - 1]?.outputs;
    if (inputs !== undefined && X.columns !== inputs)
      fail(`X rows have ${X.columns} entries but the network expects ${inputs} inputs`);
    if (outputs !== undefined && Y.columns !== outputs)
      fail(`${yKey} rows have ${Y.columns} entries but the network has ${outputs} outputs`);
  }
  const count = X.rows.length;
  return {
    count,
    inputDim: X.columns,
    outputDim: Y.columns,
    X: Float64Array.from(X.rows.flat()),
    Y: Float64Array.from(Y.rows.flat()),
  };
}

/** { X: N × inputDim, y: N × outputDim } as nested arrays. */
export function serializeDataset(data: Dataset): { X: number[][]; y: number[][] } {
  const { count, inputDim, outputDim } = data;
  if (data.X.length !== count * inputDim) throw new DatasetFormatError(`X has ${data.X.length} entries, expected count × inputDim = ${count * inputDim}`);
  if (data.Y.length !== count * outputDim) throw new DatasetFormatError(`Y has ${data.Y.length} entries, expected count × outputDim = ${count * outputDim}`);
  const rows = (A: Float64Array, d: number, name: string): number[][] =>
    Array.from({ length: count }, (_, n) => {
      const row = Array.from(A.subarray(n * d, n * d + d));
      for (const x of row) if (!Number.isFinite(x)) throw new DatasetFormatError(`${name}[${n}] contains ${x}, which JSON cannot represent`);
      return row;
    });
  return { X: rows(data.X, inputDim, 'X'), y: rows(data.Y, outputDim, 'y') };
}
