/**
 * Loads the PyTorch oracle cases from <repo>/../shared/fixtures/oracle (see its README.md):
 * checkpoint (escape-studio/mlp@1) → Network with a small local converter, data → Dataset.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isActivationName } from '../../../native-workers/engine/activations';
import type { Architecture, Dataset, LayerSpec, Network } from '../../../native-workers/engine/types';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
export const ORACLE_DIR = resolve(repoRoot, '..', 'shared', 'fixtures', 'oracle');

export interface OracleExpected {
  readonly loss: number;
  readonly gradNorm: number;
  readonly eigenvalues: readonly number[];
  readonly parameterCount: number;
}

export interface OracleCase {
  readonly name: string;
  readonly network: Network;
  readonly data: Dataset;
  readonly expected: OracleExpected;
}

interface CheckpointLayer {
  weight: number[][];
  bias: number[] | null;
  activation: string;
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(resolve(ORACLE_DIR, file), 'utf8')) as unknown;
}

/** Minimal escape-studio/mlp@1 → Network converter (the real parser lives in formats/). */
export function checkpointToNetwork(json: unknown): Network {
  const { layers } = json as { layers: CheckpointLayer[] };
  const specs: LayerSpec[] = [];
  const values: number[] = [];
  for (const [i, layer] of layers.entries()) {
    if (!isActivationName(layer.activation)) throw new Error(`layers[${i}].activation "${layer.activation}" is unknown`);
    specs.push({
      inputs: layer.weight[0]!.length,
      outputs: layer.weight.length,
      bias: layer.bias !== null,
      activation: layer.activation,
    });
    for (const row of layer.weight) values.push(...row);
    if (layer.bias) values.push(...layer.bias);
  }
  const architecture: Architecture = { layers: specs };
  return { architecture, theta: Float64Array.from(values) };
}

export function oracleCaseNames(): string[] {
  return readdirSync(ORACLE_DIR)
    .filter((f) => f.endsWith('.checkpoint.json'))
    .map((f) => f.replace('.checkpoint.json', ''))
    .sort();
}

export function loadOracleCase(name: string): OracleCase {
  if (!existsSync(ORACLE_DIR)) throw new Error(`oracle fixtures not found at ${ORACLE_DIR}`);
  const network = checkpointToNetwork(readJson(`${name}.checkpoint.json`));
  const { X, y } = readJson(`${name}.data.json`) as { X: number[][]; y: number[][] };
  const data: Dataset = {
    count: X.length,
    inputDim: X[0]!.length,
    outputDim: y[0]!.length,
    X: Float64Array.from(X.flat()),
    Y: Float64Array.from(y.flat()),
  };
  return { name, network, data, expected: readJson(`${name}.expected.json`) as OracleExpected };
}
