import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CHECKPOINT_FORMAT,
  CheckpointFormatError,
  parseCheckpoint,
  parseCheckpointDocument,
  serializeCheckpoint,
} from '../../../../native-workers/engine/formats/checkpoint';
import { parameterCount } from '../../../../native-workers/engine/core/layout';
import { ORACLE_DIR } from '../../helpers/oracle';
import type { Network } from '../../../../native-workers/engine/core/types';

const valid = (): { format: string; layers: Record<string, unknown>[]; meta?: unknown } => ({
  format: CHECKPOINT_FORMAT,
  layers: [
    { weight: [[1, 2], [3, 4], [5, 6]], bias: [0.1, 0.2, 0.3], activation: 'tanh' },
    { weight: [[7, 8, 9]], bias: null, activation: 'identity' },
  ],
});

function expectError(json: unknown, message: string | RegExp): void {
  expect(() => parseCheckpoint(json)).toThrow(CheckpointFormatError);
  expect(() => parseCheckpoint(json)).toThrow(message);
}

function withLayer(i: number, patch: Record<string, unknown>, drop?: string): unknown {
  const doc = valid();
  const layer = { ...doc.layers[i], ...patch };
  if (drop) delete layer[drop];
  doc.layers[i] = layer;
  return doc;
}

describe('checkpoint format escape-studio/mlp@1', () => {
  it('parses a checkpoint into architecture and θ (weight row-major, then bias)', () => {
    const net = parseCheckpoint(valid());
    expect(net.architecture.layers).toEqual([
      { inputs: 2, outputs: 3, bias: true, activation: 'tanh' },
      { inputs: 3, outputs: 1, bias: false, activation: 'identity' },
    ]);
    expect(Array.from(net.theta)).toEqual([1, 2, 3, 4, 5, 6, 0.1, 0.2, 0.3, 7, 8, 9]);
  });

  it('round-trips through JSON text, meta included', () => {
    const meta = { teacher: 'fig3a', seed: 4, note: null };
    const json = JSON.parse(JSON.stringify(serializeCheckpoint(parseCheckpoint(valid()), meta))) as unknown;
    const doc = parseCheckpointDocument(json);
    expect(doc.meta).toEqual(meta);
    expect(doc.network.architecture).toEqual(parseCheckpoint(valid()).architecture);
    expect(Array.from(doc.network.theta)).toEqual(Array.from(parseCheckpoint(valid()).theta));
    const net: Network = {
      architecture: { layers: [{ inputs: 1, outputs: 2, bias: true, activation: 'softplus' }] },
      theta: Float64Array.of(0.1 + 0.2, -1e-300, 5e-324, 1 / 3),
    };
    const again = parseCheckpoint(JSON.parse(JSON.stringify(serializeCheckpoint(net))) as unknown);
    expect(Array.from(again.theta)).toEqual(Array.from(net.theta)); // bit-exact
    expect(serializeCheckpoint(net)).not.toHaveProperty('meta');
  });

  it('parses all six PyTorch oracle checkpoints', () => {
    const files = readdirSync(ORACLE_DIR).filter((f) => f.endsWith('.checkpoint.json')).sort();
    expect(files.length).toBe(6);
    for (const file of files) {
      const json = JSON.parse(readFileSync(resolve(ORACLE_DIR, file), 'utf8')) as unknown;
      const expected = JSON.parse(readFileSync(resolve(ORACLE_DIR, file.replace('checkpoint', 'expected')), 'utf8')) as {
        parameterCount: number;
      };
      const net = parseCheckpoint(json);
      expect(parameterCount(net.architecture)).toBe(expected.parameterCount);
      expect(net.theta.length).toBe(expected.parameterCount);
      expect(serializeCheckpoint(net)).toEqual({ format: CHECKPOINT_FORMAT, layers: (json as { layers: unknown }).layers });
    }
  });

  it('reports top-level problems', () => {
    expectError(null, 'checkpoint must be a JSON object, got null');
    expectError([1], /checkpoint must be a JSON object, got an array/);
    expectError({ layers: [] }, 'format is missing');
    expectError({ ...valid(), format: 'mlp@2' }, 'format must be "escape-studio/mlp@1", got "mlp@2"');
    expectError({ format: CHECKPOINT_FORMAT }, 'layers is missing');
    expectError({ format: CHECKPOINT_FORMAT, layers: {} }, 'layers must be an array, got an object');
    expectError({ format: CHECKPOINT_FORMAT, layers: [] }, /layers is empty/);
    expectError({ ...valid(), meta: 3 }, 'meta must be an object when present, got 3');
  });

  it('reports layer problems with the exact field', () => {
    const doc = valid();
    doc.layers[1] = 'dense' as unknown as Record<string, unknown>;
    expectError(doc, 'layers[1] must be an object, got "dense"');
    expectError(withLayer(0, {}, 'weight'), 'layers[0].weight is missing');
    expectError(withLayer(0, { weight: 5 }), 'layers[0].weight must be an array of rows, got 5');
    expectError(withLayer(0, { weight: [] }), /layers\[0\]\.weight is empty/);
    expectError(withLayer(0, { weight: [[1, 2], 3, [4, 5]] }), 'layers[0].weight[1] must be an array of numbers, got 3');
    expectError(withLayer(0, { weight: [[]] }), /layers\[0\]\.weight\[0\] is empty/);
    expectError(withLayer(1, { weight: [[1, 2, 3], [4, 5, 6], [7, 8, 9, 10]] }), 'layers[1].weight[2] has 4 entries, expected 3');
    expectError(withLayer(1, { weight: [[1, 2]] }), 'layers[1].weight has 2 columns, expected 3 (the outputs of layers[0])');
  });

  it('rejects non-finite and non-numeric entries', () => {
    expectError(withLayer(0, { weight: [[1, 2], [3, Number.NaN], [5, 6]] }), 'layers[0].weight[1][1] must be a finite number, got NaN');
    expectError(withLayer(0, { weight: [[1, 2], [3, 4], [Infinity, 6]] }), 'layers[0].weight[2][0] must be a finite number, got Infinity');
    expectError(withLayer(0, { weight: [[1, '2'], [3, 4], [5, 6]] }), 'layers[0].weight[0][1] must be a finite number, got "2"');
    expectError(withLayer(0, { weight: [[1, 2], [null, 4], [5, 6]] }), 'layers[0].weight[1][0] must be a finite number, got null');
    expectError(withLayer(0, { bias: [0, -Infinity, 0] }), 'layers[0].bias[1] must be a finite number, got -Infinity');
  });

  it('checks bias and activation', () => {
    expectError(withLayer(0, {}, 'bias'), 'layers[0].bias is missing (use null for a layer without bias)');
    expectError(withLayer(0, { bias: [1, 2] }), 'layers[0].bias has 2 entries, expected 3 (the rows of layers[0].weight)');
    expectError(withLayer(0, { bias: 'zeros' }), 'layers[0].bias must be an array of numbers, got "zeros"');
    expectError(withLayer(1, {}, 'activation'), /layers\[1\]\.activation is missing/);
    expectError(
      withLayer(0, { activation: 'swish' }),
      'layers[0].activation must be one of identity, relu, softplus, sigmoid, tanh, gelu, normal_cdf, g, square (or linear); got "swish"',
    );
    expectError(withLayer(0, { activation: 3 }), /layers\[0\]\.activation must be one of .*; got 3/);
  });

  it('refuses to serialize an inconsistent or non-finite network', () => {
    const arch = { layers: [{ inputs: 2, outputs: 1, bias: true, activation: 'relu' as const }] };
    expect(() => serializeCheckpoint({ architecture: arch, theta: new Float64Array(2) })).toThrow('theta has 2 entries, the architecture needs 3');
    expect(() => serializeCheckpoint({ architecture: arch, theta: Float64Array.of(1, Number.NaN, 0) })).toThrow(/layers\[0\] contains NaN/);
  });
});

describe('checkpoint issue-14 and synonyms', () => {
  it('"linear" is read as identity', () => {
    const doc = valid();
    doc.layers[1].activation = 'linear';
    expect(parseCheckpoint(doc).architecture.layers[1].activation).toBe('identity');
  });

  it('a 300,000-entry layer row loads (no argument spread that overflows the stack)', () => {
    const n = 300_000;
    const row = Array.from({ length: n }, (_, i) => (i % 7) * 0.25);
    const net = parseCheckpoint({ format: CHECKPOINT_FORMAT, layers: [{ weight: [row], bias: null, activation: 'identity' }] });
    expect(net.theta.length).toBe(n);
    expect(net.theta[n - 1]).toBe(row[n - 1]);
  });
});

