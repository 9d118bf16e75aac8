/**
 * Checks done when a workspace is reopened: every array file a record names must exist and hold
 * exactly shape-product × 8 bytes (a `.f64` file has no header), and a batch whose batch.json is
 * unreadable is rebuilt (in memory; the file is left as found) from the runs stored in its folder.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BatchRecord, ArrayRef, RunRecord } from './records';
import { elementCount } from './records';

/** Why one record's arrays cannot be trusted, or null when every file has its expected size. */
export async function arrayFileProblem(dir: string, arrays: Readonly<Record<string, ArrayRef>>): Promise<string | null> {
  for (const [name, ref] of Object.entries(arrays)) {
    const expected = elementCount(ref.shape) * 8;
    let size: number;
    try {
      const info = await stat(join(dir, ref.file));
      if (!info.isFile()) return `${ref.file} (${name}) is not a file`;
      size = info.size;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOENT' ? `${ref.file} (${name}) is missing` : `${ref.file} (${name}) cannot be read (${code ?? String(error)})`;
    }
    if (size < expected) return `${ref.file} (${name}) is truncated: ${size} bytes, expected ${expected} (shape ${ref.shape.join('×')} doubles)`;
    if (size > expected) return `${ref.file} (${name}) is oversized: ${size} bytes, expected ${expected} (shape ${ref.shape.join('×')} doubles)`;
  }
  return null;
}

/**
 * A batch record rebuilt from its stored runs (batch.json lost or corrupt): the spec of the first
 * run, with the seeds that have runs. Unfinished seeds are unknown, so the batch counts as complete.
 */
export function rebuildBatchRecord(batchId: string, runs: readonly RunRecord[]): BatchRecord | null {
  const first = runs[0];
  if (!first) return null;
  const spec = first.summary.spec;
  const seeds = [...new Set(runs.map((r) => r.summary.spec.seed))].sort((a, b) => a - b);
  return {
    format: 'escape-studio/batch@1',
    batchId,
    name: first.summary.name,
    createdAt: runs.reduce((at, r) => Math.min(at, r.summary.createdAt), first.summary.createdAt),
    spec: {
      teacher: spec.teacher,
      ...(spec.samples !== null ? { samples: spec.samples } : {}),
      dataSeed: spec.dataSeed,
      width: spec.width,
      ...(spec.activation !== null ? { activation: spec.activation } : {}),
      init: spec.init,
      method: spec.method,
      seeds,
      budgets: spec.budgets,
      settings: spec.settings,
      recordTrajectory: spec.recordTrajectory,
    },
  };
}
