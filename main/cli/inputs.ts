/** Loading a network and a dataset for CLI commands: files (JSON checkpoint / dataset) or a teacher preset. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCheckpoint } from '../../native-workers/engine';
import { parseDataset } from '../../native-workers/engine';
import { TEACHER_NAMES, teacherDataset } from '../../native-workers/engine';
import type { Architecture, Dataset, Network } from '../../native-workers/engine';
import { UsageError } from './args';

export class InputFileError extends Error {
  override name = 'InputFileError';
}

/** Reads and JSON-parses a file, naming the file in every error. */
export function readJsonFile(path: string, cwd: string): unknown {
  const full = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputFileError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : String(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputFileError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

export function loadNetwork(path: string, cwd: string): Network {
  const json = readJsonFile(path, cwd);
  try {
    return parseCheckpoint(json);
  } catch (error) {
    throw new InputFileError(`${path}: ${(error as Error).message}`);
  }
}

export interface DataSource {
  readonly data?: string | undefined;
  readonly teacher?: string | undefined;
  readonly samples?: number | undefined;
  readonly dataSeed?: number | undefined;
}

export function isTeacherName(name: string): name is (typeof TEACHER_NAMES)[number] {
  return (TEACHER_NAMES as readonly string[]).includes(name);
}

/** Dataset from `--data FILE` or `--teacher NAME [--samples N] [--data-seed S]` (exactly one of the two). */
export function loadData(source: DataSource, cwd: string, architecture?: Architecture): Dataset {
  if (source.data !== undefined && source.teacher !== undefined)
    throw new UsageError('give either --data or --teacher, not both');
  if (source.data !== undefined) {
    const json = readJsonFile(source.data, cwd);
    try {
      return parseDataset(json, architecture);
    } catch (error) {
      throw new InputFileError(`${source.data}: ${(error as Error).message}`);
    }
  }
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
