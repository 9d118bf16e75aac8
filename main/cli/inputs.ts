/** Loading a network and a dataset for CLI commands: files of any supported format, or a teacher preset. */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ACTIVATIONS,
  DatasetFileError,
  NETWORK_WRITE_EXTENSIONS,
  NetworkFileError,
  networkFormatForFileName,
  openDatasetFile,
  openNetworkFile,
  writeNetworkFile,
  type ActivationName,
  type NetworkWriteFormat,
  type OpenedNetwork,
} from '../../native-workers/engine';
import { TEACHER_NAMES, teacherDataset } from '../../native-workers/engine';
import type { Architecture, Dataset, Network } from '../../native-workers/engine';
import { UsageError } from './args';

export class InputFileError extends Error {
  override name = 'InputFileError';
}

/** Flags every command that reads files accepts (spread into its FLAGS table). */
export const FILE_FLAGS = {
  activation: 'string',
  activations: 'string',
  targets: 'string',
} as const;

export interface ActivationFlags {
  readonly activation?: string | undefined;
  readonly activations?: string | undefined;
}

/** Largest file the CLI reads into memory. */
const MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024 - 1;

export function readInputFile(path: string, cwd: string): Uint8Array {
  const full = resolve(cwd, path);
  try {
    const bytes = readFileSync(full);
    if (bytes.length > MAX_FILE_BYTES) throw new InputFileError(`${path} is larger than 2 GiB`);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputFileError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(error)}`);
  }
}

/** Reads and JSON-parses a file, naming the file in every error. */
export function readJsonFile(path: string, cwd: string): unknown {
  const text = new TextDecoder().decode(readInputFile(path, cwd));
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputFileError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function activationName(name: string, flag: string): ActivationName {
  const a = name.trim() === 'linear' ? 'identity' : name.trim();
  if (!(ACTIVATIONS as readonly string[]).includes(a)) throw new UsageError(`${flag}: unknown activation '${name}' (known: ${ACTIVATIONS.join(', ')})`);
  return a as ActivationName;
}

/** --activation NAME (hidden layers; output identity) or --activations a,b,… (one per layer). */
export function activationOption(flags: ActivationFlags): ActivationName | ActivationName[] | undefined {
  if (flags.activation !== undefined && flags.activations !== undefined) throw new UsageError('give --activation or --activations, not both');
  if (flags.activation !== undefined) return activationName(flags.activation, '--activation');
  if (flags.activations !== undefined) return flags.activations.split(',').map((a) => activationName(a, '--activations'));
  return undefined;
}

/** Opens a network file of any format; the result's notes say what was inferred. */
export function openNetwork(path: string, cwd: string, flags: ActivationFlags = {}): OpenedNetwork {
  const bytes = readInputFile(path, cwd);
  const activations = activationOption(flags);
  try {
    return openNetworkFile(bytes, path, activations !== undefined ? { activations } : {});
  } catch (error) {
    if (error instanceof NetworkFileError) throw new InputFileError(error.message);
    throw error;
  }
}

export function loadNetwork(path: string, cwd: string, flags: ActivationFlags = {}): Network {
  return openNetwork(path, cwd, flags).network;
}

/** The write format of `--out PATH`, checked before any work starts. */
export function outputFormat(path: string): NetworkWriteFormat {
  const format = networkFormatForFileName(path);
  if (!format) throw new UsageError(`--out ${path}: unknown extension (use one of ${NETWORK_WRITE_EXTENSIONS.join(', ')})`);
  return format;
}

/** Writes `network` to `path` in the format its extension names (meta goes into JSON only). */
export function writeNetworkOut(path: string, cwd: string, network: Network, meta?: Record<string, unknown>): void {
  const bytes = writeNetworkFile(network, outputFormat(path), meta !== undefined ? { meta } : {});
  writeFileSync(resolve(cwd, path), bytes);
}

export interface DataSource {
  readonly data?: string | undefined;
  readonly teacher?: string | undefined;
  readonly samples?: number | undefined;
  readonly dataSeed?: number | undefined;
  /** CSV target columns, comma-separated. */
  readonly targets?: string | undefined;
}

export function isTeacherName(name: string): name is (typeof TEACHER_NAMES)[number] {
  return (TEACHER_NAMES as readonly string[]).includes(name);
}

/**
 * Dataset from `--data FILE` (npz, JSON, CSV, or `X.npy,y.npy`) or `--teacher NAME [--samples N]
 * [--data-seed S]` (exactly one of the two).
 */
export function loadData(source: DataSource, cwd: string, architecture?: Architecture, notes?: string[]): Dataset {
  if (source.data !== undefined && source.teacher !== undefined)
    throw new UsageError('give either --data or --teacher, not both');
  if (source.data !== undefined) {
    const parts = source.data.split(',');
    if (parts.length > 2) throw new UsageError('--data takes one file, or two .npy files as X.npy,y.npy');
    const bytes = readInputFile(parts[0], cwd);
    const targetsFile = parts.length === 2 ? { bytes: readInputFile(parts[1], cwd), fileName: parts[1] } : undefined;
    const targets = source.targets !== undefined ? source.targets.split(',').map((t) => t.trim()) : undefined;
    try {
      const opened = openDatasetFile(bytes, parts[0], { ...(targets ? { targets } : {}), ...(targetsFile ? { targetsFile } : {}) }, architecture);
      notes?.push(...opened.notes);
      return opened.dataset;
    } catch (error) {
      if (error instanceof DatasetFileError) throw new InputFileError(error.message);
      throw error;
    }
  }
  if (source.targets !== undefined) throw new UsageError('--targets chooses CSV columns; it needs --data FILE.csv');
  if (source.teacher !== undefined) {
    if (!isTeacherName(source.teacher))
      throw new UsageError(`unknown teacher '${source.teacher}' (known: ${TEACHER_NAMES.join(', ')})`);
    if (source.samples !== undefined && (!Number.isInteger(source.samples) || source.samples < 1))
      throw new UsageError(`--samples must be a positive integer, got ${source.samples}`);
    return teacherDataset(source.teacher, {
      ...(source.samples !== undefined ? { samples: source.samples } : {}),
      ...(source.dataSeed !== undefined ? { dataSeed: source.dataSeed } : {}),
    });
  }
  throw new UsageError('a dataset is required: --data FILE or --teacher NAME');
}
