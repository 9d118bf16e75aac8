/** Batch tables: CSV fields Python's csv module reads back exactly (quotes, commas, line breaks), and the final-θ size guard. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../contract/runs';
import { BatchTableError, checkFinalThetaSize, encodeCsv, tableRows } from '../../../main/exports/batchTable';
import { python } from '../helpers/python';

const dir = mkdtempSync(join(tmpdir(), 'batch-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(seed: number, stoppedBy: string, finalLoss: number, index: number | null): RunSummary {
  return {
    runId: `run-${seed}`,
    parameterCount: 1000,
    spec: { seed, width: 4, activation: null, method: 'flow' },
    result: { finalLoss, gradNorm: 1e-13 * seed, classification: index === null ? null : 'strict-saddle', index, success: false, steps: 10, odeTime: null, stoppedBy },
  } as unknown as RunSummary;
}

describe('batch table', () => {
  it('writes CSV that a standard reader parses back to the same values', () => {
    const runs = [run(1, 'flow: "patience", then polish', 1.234567890123456e-7, 2), run(2, 'line\nbreak', 0.1 + 0.2, null)];
    const path = join(dir, 't.csv');
    writeFileSync(path, encodeCsv(tableRows(runs)));
    const rows = python<Record<string, string>[]>(`import sys, csv, json\nprint(json.dumps(list(csv.DictReader(open(sys.argv[1], newline='')))))`, path);
    expect(rows.map((r) => r.stopped_by)).toEqual(['flow: "patience", then polish', 'line\nbreak']);
    expect(rows.map((r) => Number(r.final_loss))).toEqual([1.234567890123456e-7, 0.1 + 0.2]);
    expect(rows.map((r) => [r.index, r.classification, r.ode_time])).toEqual([
      ['2', 'strict-saddle', ''],
      ['', '', ''],
    ]);
  });

  it('refuses a final-θ stack larger than the limit before loading any θ', () => {
    const runs = [run(1, 'x', 1, 0), run(2, 'x', 1, 0)];
    expect(() => checkFinalThetaSize(runs, 16_000)).not.toThrow();
    expect(() => checkFinalThetaSize(runs, 15_999)).toThrow(new BatchTableError('final θ of 2 runs × 1000 parameters is 16000 bytes, more than the 15999 one export may hold'));
  });
});
