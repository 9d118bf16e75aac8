/** Shared access to the torch-made fixtures in tests/fixtures/checkpoints (see make_fixtures.py). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ActivationName } from '../../../../native-workers/engine/core/types';

export const FIXTURES = resolve(__dirname, '../../../fixtures/checkpoints');

export interface ExpectedNet {
  sizes: number[];
  activation: ActivationName;
  outputBias: boolean;
  loss: number;
  gradNorm: number;
  eigenvalues: number[];
  parameterCount: number;
  outputs: number[][];
}

export const EXPECTED: Record<string, ExpectedNet> = (
  JSON.parse(readFileSync(resolve(FIXTURES, 'expected.json'), 'utf8')) as { nets: Record<string, ExpectedNet> }
).nets;

export const NET_NAMES = Object.keys(EXPECTED);

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(resolve(FIXTURES, name)));
}
