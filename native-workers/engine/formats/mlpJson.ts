/** Our `escape-studio/mlp@1` JSON checkpoint as a network-file format (checkpoint.ts does the parsing). */
import type { Network } from '../core/types';
import { CheckpointFormatError, parseCheckpointDocument, serializeCheckpoint } from './checkpoint';
import { FormatError } from './formatError';
import type { FileContents } from './networkTypes';
import { networkTensors } from './stateDictWriter';

export class MlpJsonFormatError extends FormatError {
  override name = 'MlpJsonFormatError';
}

/** First non-blank byte (after an optional UTF-8 BOM) is `{`. */
export function matchJsonObject(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return bytes[i] === 0x7b;
}

export function parseJsonBytes(bytes: Uint8Array, make: (m: string) => FormatError): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw make('is not UTF-8 text');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw make(`is not valid JSON (${(error as Error).message})`);
  }
}

export function openMlpJson(bytes: Uint8Array): FileContents {
  const json = parseJsonBytes(bytes, (m) => new MlpJsonFormatError(m));
  let network: Network;
  try {
    network = parseCheckpointDocument(json).network;
  } catch (error) {
    if (error instanceof CheckpointFormatError) throw new MlpJsonFormatError(error.message);
    throw error;
  }
  return { tensors: networkTensors(network), network, notes: [] };
}

export function writeMlpJson(network: Network, meta?: Record<string, unknown>): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(serializeCheckpoint(network, meta)) + '\n');
}
