/**
 * `escape-studio FILE [serve flags] [--activations a,b,…] [--teacher T] [--samples N] [--data-seed S]`:
 * the studio (web host) opened on a network file — the file is imported into the workspace as a
 * run (origin import) before the URL is printed, so the studio shows it first (newest run).
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { MAX_UPLOAD_BYTES } from '../../contract/files';
import type { RunSummary } from '../../contract/runs';
import { ACTIVATION_NAMES, TEACHERS, type ActivationId, type TeacherName } from '../../contract/vocabulary';
import { teacherNetwork } from '../../native-workers/engine';
import { createDispatch, type Envelope } from '../services/dispatch';
import type { StudioService } from '../services/studioService';
import { UsageError } from './args';

export interface OpenFileOptions {
  readonly path: string;
  readonly activations?: string;
  readonly teacher?: string;
  readonly samples?: number;
  readonly dataSeed?: number;
}

/** The flags this adds to `serve`'s (taken out before serve parses the rest). */
export const OPEN_FILE_FLAGS = { activations: 'string', teacher: 'string', samples: 'integer', 'data-seed': 'integer' } as const;

function parseActivations(text: string): ActivationId[] {
  const names = text.split(',').map((s) => s.trim());
  for (const a of names)
    if (!(ACTIVATION_NAMES as readonly string[]).includes(a)) throw new UsageError(`--activations: unknown activation '${a}' (known: ${ACTIVATION_NAMES.join(', ')})`);
  return names as ActivationId[];
}

/** A teacher whose data fits the network (first in TEACHERS order), or the one asked for. */
function chooseTeacher(asked: string | undefined, inputDim: number, outputDim: number): TeacherName {
  const dims = (t: TeacherName) => {
    const layers = teacherNetwork(t).architecture.layers;
    return { inputs: layers[0].inputs, outputs: layers[layers.length - 1].outputs };
  };
  if (asked !== undefined) {
    if (!(TEACHERS as readonly string[]).includes(asked)) throw new UsageError(`--teacher must be one of ${TEACHERS.join(', ')}, got '${asked}'`);
    return asked as TeacherName;
  }
  const fit = TEACHERS.find((t) => dims(t).inputs === inputDim && dims(t).outputs === outputDim);
  if (!fit)
    throw new Error(
      `no teacher dataset fits a network with ${inputDim} inputs and ${outputDim} outputs (${TEACHERS.map((t) => `${t}: ${dims(t).inputs} → ${dims(t).outputs}`).join(', ')})`,
    );
  return fit;
}

/** Imports the file through the same API the studio's Open… uses; returns the new run. */
export async function importOnStart(service: StudioService, options: OpenFileOptions, cwd: string): Promise<RunSummary> {
  const path = resolve(cwd, options.path);
  const name = basename(path);
  const size = (await stat(path)).size;
  if (size > MAX_UPLOAD_BYTES) throw new Error(`${name}: file is ${(size / 2 ** 20).toFixed(1)} MiB, over the upload limit of ${(MAX_UPLOAD_BYTES / 2 ** 20).toFixed(1)} MiB`);
  const file = { name, base64: (await readFile(path)).toString('base64') };
  const dispatch = createDispatch(service.handlers);
  const unwrap = async <T>(reply: Promise<Envelope>): Promise<T> => {
    const r = await reply;
    if (!r.ok) throw new Error(r.error.message);
    return r.result as T;
  };
  const activations = options.activations !== undefined ? parseActivations(options.activations) : undefined;
  const info = await unwrap<{ inputDim: number; outputDim: number; layers: { activation: string | null }[] }>(
    dispatch('files.inspect', { file, ...(activations ? { activations } : {}) }),
  );
  if (!activations && info.layers.some((l) => l.activation === null))
    throw new UsageError(
      `${name} holds weights only; give the activations, one per layer, e.g. --activations ${info.layers.map((_, i) => (i === info.layers.length - 1 ? 'identity' : 'tanh')).join(',')} (or open it with the studio's Open… and choose them there)`,
    );
  const teacher = chooseTeacher(options.teacher, info.inputDim, info.outputDim);
  const imported = await unwrap<{ run: RunSummary }>(
    dispatch('runs.import', {
      file,
      ...(activations ? { activations } : {}),
      data: { kind: 'teacher', teacher, ...(options.samples !== undefined ? { samples: options.samples } : {}), dataSeed: options.dataSeed ?? 0 },
    }),
  );
  return imported.run;
}
