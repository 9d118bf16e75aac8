/**
 * safetensors (https://github.com/huggingface/safetensors): u64 little-endian header length N,
 * N bytes of JSON { name: { dtype, shape, data_offsets: [begin, end] }, "__metadata__": {…} },
 * then the raw little-endian data; offsets are relative to the end of the header.
 */
import { ACTIVATIONS, type ActivationName, type Network } from '../core/types';
import { FormatError } from './formatError';
import type { FileContents } from './networkTypes';
import { checkedElementCount, decodeFloats, encodeF64, FLOAT_BYTES, type FloatKind, type Tensor } from './tensor';
import { networkTensors } from './stateDictWriter';

export class SafetensorsFormatError extends FormatError {
  override name = 'SafetensorsFormatError';
}

const DTYPES: Record<string, FloatKind> = { F64: 'f64', F32: 'f32', F16: 'f16', BF16: 'bf16' };
/** Header size limit of the reference implementation (100 MB). */
const MAX_HEADER = 100_000_000;
/** Metadata key under which we store the activations of a network we wrote. */
export const ACTIVATIONS_METADATA_KEY = 'escape-studio.activations';

function headerLength(bytes: Uint8Array): number {
  if (bytes.length < 10) return -1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  if (high !== 0) return -1;
  return low;
}

export function matchSafetensors(bytes: Uint8Array): boolean {
  const n = headerLength(bytes);
  return n >= 2 && n <= bytes.length - 8 && bytes[8] === 0x7b; // '{'
}

export function openSafetensors(bytes: Uint8Array): FileContents {
  const fail = (m: string): never => {
    throw new SafetensorsFormatError(m);
  };
  const n = headerLength(bytes);
  if (n < 0) fail('not a safetensors file: the first 8 bytes are not a plausible header length');
  if (n > MAX_HEADER) fail(`header length ${n} is larger than the 100 MB the format allows`);
  if (8 + n > bytes.length) fail(`header length ${n} runs past the end of the file (${bytes.length} bytes)`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (error) {
    return fail(`header is not valid JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return fail('header must be a JSON object');
  const dataStart = 8 + n;
  const dataLength = bytes.length - dataStart;
  const entries: { name: string; kind: FloatKind; dtype: string; shape: number[]; begin: number; end: number }[] = [];
  let activations: ActivationName[] | undefined;
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('__metadata__ must be an object of strings');
      const stored = (value as Record<string, unknown>)[ACTIVATIONS_METADATA_KEY];
      if (typeof stored === 'string') {
        const names = stored.split(',');
        if (names.every((a) => (ACTIVATIONS as readonly string[]).includes(a))) activations = names as ActivationName[];
      }
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(`tensor ${name}: entry must be an object`);
    const entry = value as Record<string, unknown>;
    const dtype = entry.dtype;
    if (typeof dtype !== 'string') return fail(`tensor ${name}: dtype is missing`);
    const kind = DTYPES[dtype];
    if (kind === undefined) return fail(`tensor ${name} has dtype ${dtype}; only F64, F32, F16 and BF16 weights can be loaded`);
    if (!Array.isArray(entry.shape)) return fail(`tensor ${name}: shape must be a list of integers`);
    const count = checkedElementCount(entry.shape as unknown[], `tensor ${name}`, (m) => new SafetensorsFormatError(m));
    const offsets = entry.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && (o as number) >= 0))
      return fail(`tensor ${name}: data_offsets must be two non-negative integers`);
    const [begin, end] = offsets as [number, number];
    if (end < begin) fail(`tensor ${name}: data_offsets [${begin}, ${end}] end before they begin`);
    if (end > dataLength) fail(`tensor ${name}: data_offsets [${begin}, ${end}] point past the end of the data (${dataLength} bytes)`);
    if (end - begin !== count * FLOAT_BYTES[kind])
      fail(`tensor ${name}: shape [${(entry.shape as number[]).join(', ')}] of ${dtype} needs ${count * FLOAT_BYTES[kind]} bytes but data_offsets span ${end - begin}`);
    entries.push({ name, kind, dtype, shape: entry.shape as number[], begin, end });
  }
  // File order = data order; the format forbids overlapping tensors.
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  for (let i = 1; i < entries.length; i++)
    if (entries[i].begin < entries[i - 1].end) fail(`tensors ${entries[i - 1].name} and ${entries[i].name} overlap in the data`);
  const tensors: Tensor[] = entries.map((e) => ({
    name: e.name,
    dtype: e.dtype,
    shape: e.shape,
    data: decodeFloats(bytes, dataStart + e.begin, (e.end - e.begin) / FLOAT_BYTES[e.kind], e.kind),
  }));
  const notes = activations ? ['activations read from the file\'s metadata (written by Escape Studio)'] : [];
  return activations ? { tensors, activations, notes } : { tensors, notes };
}

/** A safetensors file of `network` (F64, nn.Sequential names), activations kept in __metadata__. */
export function writeSafetensors(network: Network): Uint8Array {
  const tensors = networkTensors(network);
  const header: Record<string, unknown> = {
    __metadata__: { [ACTIVATIONS_METADATA_KEY]: network.architecture.layers.map((l) => l.activation).join(','), format: 'pt' },
  };
  let at = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: 'F64', shape: t.shape, data_offsets: [at, at + 8 * t.data.length] };
    at += 8 * t.data.length;
  }
  let json = JSON.stringify(header);
  // Pad the header with spaces so the data starts 8-byte aligned (the reference writer does the same).
  while ((8 + json.length) % 8 !== 0) json += ' ';
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + at);
  const view = new DataView(out.buffer);
  view.setUint32(0, head.length, true);
  out.set(head, 8);
  let off = 8 + head.length;
  for (const t of tensors) {
    out.set(encodeF64(t.data), off);
    off += 8 * t.data.length;
  }
  return out;
}
