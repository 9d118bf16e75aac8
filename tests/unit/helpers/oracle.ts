/**
 * Loads the PyTorch oracle cases from <repo>/../shared/fixtures/oracle (see its README.md):
 * checkpoint (escape-studio/mlp@1) → Network and data → Dataset through the engine's format parsers.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCheckpoint } from '../../../native-workers/engine/formats/checkpoint';
import { parseDataset } from '../../../native-workers/engine/formats/dataset';
import type { Dataset, Network } from '../../../native-workers/engine/core/types';

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

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(resolve(ORACLE_DIR, file), 'utf8')) as unknown;
}

export function oracleCaseNames(): string[] {
  return readdirSync(ORACLE_DIR)
    .filter((f) => f.endsWith('.checkpoint.json'))
    .map((f) => f.replace('.checkpoint.json', ''))
    .sort();
}

export function loadOracleCase(name: string): OracleCase {
  if (!existsSync(ORACLE_DIR)) throw new Error(`oracle fixtures not found at ${ORACLE_DIR}`);
  const network = parseCheckpoint(readJson(`${name}.checkpoint.json`));
  const data: Dataset = parseDataset(readJson(`${name}.data.json`), network.architecture);
  return { name, network, data, expected: readJson(`${name}.expected.json`) as OracleExpected };
}
