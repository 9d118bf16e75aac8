/**
 * The engine's file API for networks (what the CLI and the studio call):
 *   openNetworkFile(bytes, fileName, { activations? }) → { network, format, tensors, notes, … }
 *   inspectNetworkFile(bytes, fileName)                → the same without requiring activations
 *   writeNetworkFile(network, format)                  → bytes (format from networkFormatForFileName)
 * Every problem is a NetworkFileError whose message starts with the file name.
 */
import { pushAll } from '../core/hypot';
import { ACTIVATIONS, type ActivationName, type LayerSpec, type Network } from '../core/types';
import { FormatError } from './formatError';
import { mapStateDict } from './stateDict';
import { pickNetworkReader, NETWORK_READERS } from './registry';
import type {
  FileContents,
  NetworkFormat,
  NetworkWriteFormat,
  OpenedNetwork,
  OpenNetworkOptions,
} from './networkTypes';
import { NETWORK_WRITE_FORMATS } from './networkTypes';
import { formatShape, tensorInfo, type TensorInfo } from './tensor';
import { NETWORK_WRITERS } from './writers';

export type NetworkFileProblem = 'unknown-format' | 'unreadable' | 'activations-needed' | 'invalid-values' | 'internal';

export class NetworkFileError extends Error {
  override name = 'NetworkFileError';
  /** A wrong input (see engine/core/errors.ts): reported to the user as their error, not a failure. */
  readonly code = 'input' as const;
  constructor(
    readonly fileName: string,
    readonly problem: NetworkFileProblem,
    message: string,
    readonly format: NetworkFormat | null = null,
    options?: { cause?: unknown },
  ) {
    super(`${fileName}: ${message}`, options);
  }
}

/** The layer shapes of a weights-only file, for callers that ask the user for activations. */
export interface InspectedNetwork extends Omit<OpenedNetwork, 'network' | 'activationsFromFile'> {
  /** Layers with the file's activations, or null per layer where the file has none. */
  readonly layers: readonly (Omit<LayerSpec, 'activation'> & { activation: ActivationName | null })[];
  readonly parameterCount: number;
}

/** Reads and maps a file, with activations null where the file has none. */
function readNetwork(bytes: Uint8Array, fileName: string): {
  format: NetworkFormat;
  label: string;
  tensors: TensorInfo[];
  layers: { spec: Omit<LayerSpec, 'activation'>; activation: ActivationName | null; weight: Float64Array; bias: Float64Array | null }[];
  layerSources: string[];
  notes: string[];
} {
  const reader = pickNetworkReader(bytes, fileName);
  if (!reader) {
    const known = NETWORK_READERS.map((r) => r.label).join(', ');
    throw new NetworkFileError(fileName, 'unknown-format', `not a network file we can read (${bytes.length} bytes; known formats: ${known})`);
  }
  let contents: FileContents;
  try {
    contents = reader.open(bytes);
    const notes = [...contents.notes];
    const tensors = contents.tensors.map(tensorInfo);
    if (contents.network) {
      const { architecture, theta } = contents.network;
      let at = 0;
      const layers = architecture.layers.map((l) => {
        const weight = theta.slice(at, at + l.inputs * l.outputs);
        at += l.inputs * l.outputs;
        const bias = l.bias ? theta.slice(at, at + l.outputs) : null;
        if (l.bias) at += l.outputs;
        return { spec: { inputs: l.inputs, outputs: l.outputs, bias: l.bias }, activation: l.activation as ActivationName | null, weight, bias };
      });
      const layerSources = contents.layerSources ? [...contents.layerSources] : layers.map((l, i) => `layer ${i + 1}: ${l.spec.inputs} → ${l.spec.outputs}`);
      return { format: reader.format, label: reader.label, tensors, layers, layerSources, notes };
    }
    const mapped = mapStateDict(contents.tensors);
    pushAll(notes, mapped.notes);
    const stored = contents.activations && contents.activations.length === mapped.layers.length ? contents.activations : null;
    const layers = mapped.layers.map((l, i) => ({
      spec: { inputs: l.inputs, outputs: l.outputs, bias: l.bias !== null },
      activation: stored ? stored[i] : null,
      weight: l.weight,
      bias: l.bias,
    }));
    const layerSources = mapped.layers.map((l, i) => `layer ${i + 1} (${l.inputs} → ${l.outputs}) ← ${l.source}`);
    return { format: reader.format, label: reader.label, tensors, layers, layerSources, notes };
  } catch (error) {
    if (error instanceof NetworkFileError) throw error;
    if (error instanceof FormatError) throw new NetworkFileError(fileName, 'unreadable', `${reader.label}: ${error.message}`, reader.format, { cause: error });
    throw new NetworkFileError(fileName, 'internal', `${reader.label}: could not be read (internal error: ${String(error)})`, reader.format, { cause: error });
  }
}

function checkFinite(fileName: string, format: NetworkFormat, layers: ReturnType<typeof readNetwork>['layers'], sources: string[]): void {
  layers.forEach((l, i) => {
    for (const [what, data] of [['weight', l.weight], ['bias', l.bias]] as const) {
      if (!data) continue;
      for (let k = 0; k < data.length; k++)
        if (!Number.isFinite(data[k]))
          throw new NetworkFileError(fileName, 'invalid-values', `layer ${i + 1} ${what} entry ${k} is ${data[k]} (${sources[i]}); every weight must be a finite number`, format);
    }
  });
}

/** Activations per layer from the caller's option (one name: hidden layers, output identity). */
function resolveActivations(fileName: string, option: OpenNetworkOptions['activations'], count: number): ActivationName[] | null {
  if (option === undefined) return null;
  const names = typeof option === 'string' ? [...Array<ActivationName>(count - 1).fill(option), 'identity' as const] : [...option];
  for (const a of names)
    if (!(ACTIVATIONS as readonly string[]).includes(a)) throw new NetworkFileError(fileName, 'activations-needed', `unknown activation '${a}' (known: ${ACTIVATIONS.join(', ')})`);
  if (names.length !== count)
    throw new NetworkFileError(fileName, 'activations-needed', `${names.length} activation${names.length === 1 ? '' : 's'} given but the network has ${count} layer${count === 1 ? '' : 's'} (give one per layer, the last usually identity)`);
  return names;
}

function shapeChain(layers: ReturnType<typeof readNetwork>['layers']): string {
  return [layers[0].spec.inputs, ...layers.map((l) => l.spec.outputs)].join('→');
}

/** What the file holds, without requiring activations (for an import dialog). */
export function inspectNetworkFile(bytes: Uint8Array, fileName: string): InspectedNetwork {
  const r = readNetwork(bytes, fileName);
  let parameterCount = 0;
  for (const l of r.layers) parameterCount += l.weight.length + (l.bias ? l.bias.length : 0);
  return {
    format: r.format,
    formatLabel: r.label,
    tensors: r.tensors,
    layerSources: r.layerSources,
    notes: r.notes,
    layers: r.layers.map((l) => ({ ...l.spec, activation: l.activation })),
    parameterCount,
  };
}

/** Opens a network file of any supported format (chosen by content). */
export function openNetworkFile(bytes: Uint8Array, fileName: string, options: OpenNetworkOptions = {}): OpenedNetwork {
  const r = readNetwork(bytes, fileName);
  checkFinite(fileName, r.format, r.layers, r.layerSources);
  const given = resolveActivations(fileName, options.activations, r.layers.length);
  const fromFile = r.layers.every((l) => l.activation !== null);
  const notes = [...r.notes];
  let activations: ActivationName[];
  if (given) {
    if (fromFile && given.some((a, i) => a !== r.layers[i].activation))
      notes.push(`activations ${given.join(', ')} given; the file says ${r.layers.map((l) => l.activation).join(', ')}`);
    activations = given;
  } else if (fromFile) activations = r.layers.map((l) => l.activation!);
  else
    throw new NetworkFileError(
      fileName,
      'activations-needed',
      `the file holds weights only (${r.layers.length} layer${r.layers.length === 1 ? '' : 's'}, ${shapeChain(r.layers)}), not the activations; ` +
        `give them: one for the hidden layers (CLI: --activation softplus) or one per layer (CLI: --activations ${r.layers.map((_, i) => (i === r.layers.length - 1 ? 'identity' : 'tanh')).join(',')})`,
      r.format,
    );
  let total = 0;
  for (const l of r.layers) total += l.weight.length + (l.bias ? l.bias.length : 0);
  const theta = new Float64Array(total);
  let at = 0;
  for (const l of r.layers) {
    theta.set(l.weight, at);
    at += l.weight.length;
    if (l.bias) {
      theta.set(l.bias, at);
      at += l.bias.length;
    }
  }
  const network: Network = { architecture: { layers: r.layers.map((l, i) => ({ ...l.spec, activation: activations[i] })) }, theta };
  return { network, format: r.format, formatLabel: r.label, tensors: r.tensors, layerSources: r.layerSources, activationsFromFile: fromFile && !given, notes };
}

const EXTENSIONS: Record<string, NetworkWriteFormat> = {
  '.pt': 'pytorch',
  '.pth': 'pytorch',
  '.onnx': 'onnx',
  '.safetensors': 'safetensors',
  '.npz': 'npz',
  '.json': 'json',
};

/** The write format for a file name by its extension, or null (see NETWORK_WRITE_EXTENSIONS). */
export function networkFormatForFileName(fileName: string): NetworkWriteFormat | null {
  const lower = fileName.toLowerCase();
  for (const [ext, format] of Object.entries(EXTENSIONS)) if (lower.endsWith(ext)) return format;
  return null;
}

export const NETWORK_WRITE_EXTENSIONS: readonly string[] = Object.keys(EXTENSIONS);

export class NetworkWriteError extends Error {
  override name = 'NetworkWriteError';
}

/** The bytes of `network` in `format`; `meta` goes into our JSON only. */
export function writeNetworkFile(network: Network, format: NetworkWriteFormat, options: { meta?: Record<string, unknown> } = {}): Uint8Array {
  if (!(NETWORK_WRITE_FORMATS as readonly string[]).includes(format))
    throw new NetworkWriteError(`cannot write format '${String(format)}' (known: ${NETWORK_WRITE_FORMATS.join(', ')})`);
  for (let k = 0; k < network.theta.length; k++)
    if (!Number.isFinite(network.theta[k])) throw new NetworkWriteError(`parameter ${k} is ${network.theta[k]}; only finite networks can be written`);
  try {
    return NETWORK_WRITERS[format](network, options.meta);
  } catch (error) {
    if (error instanceof FormatError) throw new NetworkWriteError(error.message, { cause: error });
    throw error;
  }
}

export { formatShape };
