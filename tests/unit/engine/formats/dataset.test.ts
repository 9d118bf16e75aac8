import { describe, expect, it } from 'vitest';
import { DatasetFormatError, parseDataset, serializeDataset } from '../../../../native-workers/engine/formats/dataset';
import { twoLayerArchitecture } from '../../../../native-workers/engine/core/layout';
import { loadOracleCase, oracleCaseNames } from '../../helpers/oracle';

function expectError(json: unknown, message: string | RegExp, arch?: Parameters<typeof parseDataset>[1]): void {
  expect(() => parseDataset(json, arch)).toThrow(DatasetFormatError);
  expect(() => parseDataset(json, arch)).toThrow(message);
}

describe('dataset format', () => {
  const X = [[1, 2], [3, 4], [5, 6]];
  const y = [[0.5], [-1], [2]];

  it('parses X and y into row-major arrays', () => {
    const d = parseDataset({ X, y });
    expect(d.count).toBe(3);
    expect(d.inputDim).toBe(2);
    expect(d.outputDim).toBe(1);
    expect(Array.from(d.X)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(d.Y)).toEqual([0.5, -1, 2]);
  });

  it('accepts Y for y and a flat y as N × 1', () => {
    expect(parseDataset({ X, Y: y })).toEqual(parseDataset({ X, y }));
    expect(parseDataset({ X, y: [0.5, -1, 2] })).toEqual(parseDataset({ X, y }));
  });

  it('round-trips through JSON text bit-exactly', () => {
    const d = parseDataset({ X: [[0.1 + 0.2, 1e-310], [-2.5e-8, 7]], y: [[1 / 3, 2], [5, -6]] });
    const again = parseDataset(JSON.parse(JSON.stringify(serializeDataset(d))) as unknown);
    expect(Array.from(again.X)).toEqual(Array.from(d.X));
    expect(Array.from(again.Y)).toEqual(Array.from(d.Y));
    expect(serializeDataset(d)).toEqual({ X: [[0.1 + 0.2, 1e-310], [-2.5e-8, 7]], y: [[1 / 3, 2], [5, -6]] });
  });

  it('parses the oracle datasets against their architectures', () => {
    const names = oracleCaseNames();
    expect(names.length).toBe(6);
    for (const c of names.map(loadOracleCase)) {
      const d = parseDataset(serializeDataset(c.data), c.network.architecture);
      expect(d).toEqual(c.data);
    }
  });

  it('reports missing and malformed fields', () => {
    expectError([X], /dataset must be a JSON object with X and y, got an array/);
    expectError({ y }, 'X is missing (the N × inputDim inputs)');
    expectError({ X }, /y is missing/);
    expectError({ X, y, Y: y }, 'dataset has both y and Y; give the targets once');
    expectError({ X: [[1, 2], [3], [5, 6]], y }, 'X[1] has 1 entries, expected 2 (like X[0])');
    expectError({ X: [], y }, /X is empty/);
    expectError({ X: [1, 2, 3], y }, 'X[0] must be an array of numbers, got 1');
    expectError({ X, y: [[1], [2, 3], [4]] }, 'y[1] has 2 entries, expected 1 (like y[0])');
    expectError({ X, Y: [[1], [2]] }, 'X has 3 rows but Y has 2; they must match');
    expectError({ X, y: [1, [2], 3] }, 'y[1] must be a finite number, got an array (1 entries)');
  });

  it('rejects non-finite entries', () => {
    expectError({ X: [[1, Number.NaN], [3, 4], [5, 6]], y }, 'X[0][1] must be a finite number, got NaN');
    expectError({ X, y: [[1], [Infinity], [2]] }, 'y[1][0] must be a finite number, got Infinity');
    expectError({ X, y: [[1], [null], [2]] }, 'y[1][0] must be a finite number, got null');
  });

  it('checks dimensions against a given architecture', () => {
    expect(parseDataset({ X, y }, twoLayerArchitecture(2, 5, 1, 'relu')).count).toBe(3);
    expectError({ X, y }, 'X rows have 2 entries but the network expects 3 inputs', twoLayerArchitecture(3, 5, 1, 'relu'));
    expectError({ X, y }, 'y rows have 1 entries but the network has 2 outputs', twoLayerArchitecture(2, 5, 2, 'relu'));
  });

  it('refuses to serialize inconsistent data', () => {
    const d = parseDataset({ X, y });
    expect(() => serializeDataset({ ...d, count: 4 })).toThrow(/X has 6 entries, expected count × inputDim = 8/);
    expect(() => serializeDataset({ ...d, Y: Float64Array.of(1, Number.NaN, 2) })).toThrow(/y\[1\] contains NaN/);
  });
});
