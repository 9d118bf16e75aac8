/**
 * Stored datasets: <workspace>/datasets/<datasetId>/ holds dataset.json (the summary and the array
 * shapes) + X.f64 (count × inputDim) + Y.f64 (count × outputDim), row-major little-endian doubles.
 * The folder appears atomically like a run's; on reopen every file's size must be shape × 8 bytes
 * and the shapes must agree with the summary, else the dataset is reported as a problem.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DatasetSummarySchema, type DatasetSummary } from '../../contract/datasets';
import { formatIssues } from '../../contract/errors';
import { scanRecordFolders, writeDirAtomic } from './atomic';
import { NotFoundError, WorkspaceError } from './errors';
import { encodeF64, readF64 } from './f64';
import { ArrayRefSchema, elementCount } from './records';

export const DatasetRecordSchema = z.strictObject({
  format: z.literal('escape-studio/dataset@1'),
  summary: DatasetSummarySchema,
  arrays: z.strictObject({ X: ArrayRefSchema, Y: ArrayRefSchema }),
});
export type DatasetRecord = z.output<typeof DatasetRecordSchema>;

export interface StoredDataset {
  readonly summary: DatasetSummary;
  readonly X: Float64Array;
  readonly Y: Float64Array;
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

function shapeProblem(record: DatasetRecord): string | null {
  const { count, inputDim, outputDim } = record.summary;
  const same = (shape: readonly number[], cols: number): boolean => shape.length === 2 && shape[0] === count && shape[1] === cols;
  if (!same(record.arrays.X.shape, inputDim)) return `arrays.X.shape [${record.arrays.X.shape.join(', ')}] differs from count × inputDim [${count}, ${inputDim}]`;
  if (!same(record.arrays.Y.shape, outputDim)) return `arrays.Y.shape [${record.arrays.Y.shape.join(', ')}] differs from count × outputDim [${count}, ${outputDim}]`;
  return null;
}

export class DatasetStore {
  private readonly entries = new Map<string, { record: DatasetRecord; dir: string }>();

  constructor(readonly root: string) {}

  /** Loads every stored dataset's record and checks the array sizes; bad ones go to `problems`. */
  /** `cleanTemp` false: leave `.tmp-` entries alone (another opener of this folder may be writing them). */
  async scan(problems: string[], cleanTemp = true): Promise<void> {
    await scanRecordFolders(this.root, problems, cleanTemp, async (dir, name) => {
      const record = await readRecord(join(dir, 'dataset.json'));
      if (record.summary.datasetId !== name)
        throw new WorkspaceError(`${dir}: dataset.json datasetId '${record.summary.datasetId}' differs from the folder name`);
      const problem = shapeProblem(record);
      if (problem) throw new WorkspaceError(`${dir}: dataset.json: ${problem}`);
      // Sizes checked now (readF64 refuses a file whose length is not shape × 8), not at first use.
      await readF64(join(dir, record.arrays.X.file), elementCount(record.arrays.X.shape));
      await readF64(join(dir, record.arrays.Y.file), elementCount(record.arrays.Y.shape));
      this.entries.set(name, { record, dir });
    });
  }

  async add(summary: DatasetSummary, X: Float64Array, Y: Float64Array): Promise<DatasetRecord> {
    const id = summary.datasetId;
    if (!SAFE_ID.test(id)) throw new WorkspaceError(`datasetId: '${id}' is not a valid id`);
    if (this.entries.has(id)) throw new WorkspaceError(`datasetId: dataset '${id}' already exists`);
    if (X.length !== summary.count * summary.inputDim || Y.length !== summary.count * summary.outputDim)
      throw new WorkspaceError(`datasetId: '${id}': X has ${X.length} and Y ${Y.length} values, expected ${summary.count} × ${summary.inputDim} and ${summary.count} × ${summary.outputDim}`);
    const record = DatasetRecordSchema.parse({
      format: 'escape-studio/dataset@1',
      summary,
      arrays: { X: { file: 'X.f64', shape: [summary.count, summary.inputDim] }, Y: { file: 'Y.f64', shape: [summary.count, summary.outputDim] } },
    });
    const dir = join(this.root, id);
    // dataset.json last: whoever reads the folder finds the arrays it names.
    await writeDirAtomic(
      dir,
      new Map<string, Uint8Array | string>([
        ['X.f64', encodeF64(X)],
        ['Y.f64', encodeF64(Y)],
        ['dataset.json', JSON.stringify(record, null, 2) + '\n'],
      ]),
    );
    this.entries.set(id, { record, dir });
    return record;
  }

  has(datasetId: string): boolean {
    return this.entries.has(datasetId);
  }

  summary(datasetId: string): DatasetSummary {
    const entry = this.entries.get(datasetId);
    if (!entry) throw new NotFoundError(`dataset: no dataset '${datasetId}' in the workspace`);
    return entry.record.summary;
  }

  list(): DatasetSummary[] {
    return [...this.entries.values()].map((e) => e.record.summary).sort((a, b) => a.createdAt - b.createdAt || a.datasetId.localeCompare(b.datasetId));
  }

  async load(datasetId: string): Promise<StoredDataset> {
    const entry = this.entries.get(datasetId);
    if (!entry) throw new NotFoundError(`dataset: no dataset '${datasetId}' in the workspace`);
    const { record, dir } = entry;
    const X = await readF64(join(dir, record.arrays.X.file), elementCount(record.arrays.X.shape));
    const Y = await readF64(join(dir, record.arrays.Y.file), elementCount(record.arrays.Y.shape));
    return { summary: record.summary, X, Y };
  }
}

async function readRecord(path: string): Promise<DatasetRecord> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new WorkspaceError(`${path}: cannot read (${(error as Error).message})`);
  }
  const parsed = DatasetRecordSchema.safeParse(json);
  if (!parsed.success) throw new WorkspaceError(formatIssues(path, parsed.error.issues));
  return parsed.data;
}
