/**
 * NumPy .npy (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
 * "\x93NUMPY", major, minor, header length (u16 in v1, u32 in v2/v3), a Python dict literal
 * {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), } padded with spaces, then the data.
 * Float (f8/f4/f2) and integer (i8/i4) arrays are read, either byte order, C or Fortran order.
 */
import { FormatError } from './formatError';
import { checkedElementCount, decodeFloats, encodeF64, type FloatKind, type Tensor } from './tensor';

export class NpyFormatError extends FormatError {
  override name = 'NpyFormatError';
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
const MAX_HEADER = 1 << 20;

export function matchNpy(bytes: Uint8Array): boolean {
  return bytes.length >= 10 && MAGIC.every((b, i) => bytes[i] === b);
}

function parseHeader(text: string, fail: (m: string) => never): { descr: string; fortran: boolean; shape: number[] } {
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text);
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text);
  const shape = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descr || !fortran || !shape) return fail(`header is not a NumPy header dict (got ${JSON.stringify(text.slice(0, 80))})`);
  const parts = shape[1].split(',').map((s) => s.trim()).filter((s) => s !== '');
  const dims = parts.map((p) => (/^\d{1,15}$/.test(p) ? Number(p) : NaN));
  if (dims.some((d) => !Number.isSafeInteger(d))) fail(`shape (${shape[1]}) is not a tuple of non-negative integers`);
  return { descr: descr[1], fortran: fortran[1] === 'True', shape: dims };
}

function kindOf(descr: string): { kind: FloatKind | 'i8' | 'i4'; bigEndian: boolean; bytes: number } | null {
  const m = /^([<>|=])([fi])(\d)$/.exec(descr);
  if (!m) return null;
  const big = m[1] === '>';
  const code = m[2] + m[3];
  switch (code) {
    case 'f8':
      return { kind: 'f64', bigEndian: big, bytes: 8 };
    case 'f4':
      return { kind: 'f32', bigEndian: big, bytes: 4 };
    case 'f2':
      return { kind: 'f16', bigEndian: big, bytes: 2 };
    case 'i8':
      return { kind: 'i8', bigEndian: big, bytes: 8 };
    case 'i4':
      return { kind: 'i4', bigEndian: big, bytes: 4 };
    default:
      return null;
  }
}

/** Parses one .npy; `name` becomes the tensor's name. */
export function readNpy(bytes: Uint8Array, name: string): Tensor {
  const fail = (m: string): never => {
    throw new NpyFormatError(`${name}: ${m}`);
  };
  if (!matchNpy(bytes)) fail('not a .npy array (the magic string \\x93NUMPY is missing)');
  const major = bytes[6];
  if (major < 1 || major > 3) fail(`.npy format version ${major}.${bytes[7]} is not supported (1.0, 2.0 and 3.0 are)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerStart = major === 1 ? 10 : 12;
  if (bytes.length < headerStart) fail('the file ends inside the header');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (headerLength > MAX_HEADER) fail(`header length ${headerLength} is implausibly large`);
  if (headerStart + headerLength > bytes.length) fail(`header (${headerLength} bytes) runs past the end of the file`);
  let text: string;
  try {
    text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1', { fatal: true }).decode(bytes.subarray(headerStart, headerStart + headerLength));
  } catch {
    return fail('header is not valid text');
  }
  const header = parseHeader(text, fail);
  const kind = kindOf(header.descr);
  if (!kind) return fail(`dtype '${header.descr}' is not supported (float64, float32, float16, int64 or int32 arrays are; convert with .astype(np.float64))`);
  const count = checkedElementCount(header.shape, `array ${name}`, (m) => new NpyFormatError(m));
  const dataStart = headerStart + headerLength;
  const need = count * kind.bytes;
  if (bytes.length - dataStart < need) fail(`shape (${header.shape.join(', ')}) of ${header.descr} needs ${need} bytes of data, the file has ${bytes.length - dataStart}`);
  if (bytes.length - dataStart > need) fail(`the file has ${bytes.length - dataStart - need} bytes after the array data`);
  let data: Float64Array;
  if (kind.kind === 'i8' || kind.kind === 'i4') {
    data = new Float64Array(count);
    const v = new DataView(bytes.buffer, bytes.byteOffset + dataStart, need);
    for (let i = 0; i < count; i++) data[i] = kind.kind === 'i8' ? Number(v.getBigInt64(8 * i, !kind.bigEndian)) : v.getInt32(4 * i, !kind.bigEndian);
  } else data = decodeFloats(bytes, dataStart, count, kind.kind, kind.bigEndian);
  if (header.fortran && header.shape.length > 1) data = fortranToC(data, header.shape);
  return { name, dtype: header.descr, shape: header.shape, data };
}

/** Reorders column-major data of `shape` into row-major. */
function fortranToC(data: Float64Array, shape: readonly number[]): Float64Array {
  const out = new Float64Array(data.length);
  const n = shape.length;
  const idx = new Array<number>(n).fill(0);
  // Strides of the Fortran layout.
  const fs = new Array<number>(n);
  fs[0] = 1;
  for (let k = 1; k < n; k++) fs[k] = fs[k - 1] * shape[k - 1];
  for (let c = 0; c < out.length; c++) {
    let f = 0;
    for (let k = 0; k < n; k++) f += idx[k] * fs[k];
    out[c] = data[f];
    for (let k = n - 1; k >= 0; k--) {
      if (++idx[k] < shape[k]) break;
      idx[k] = 0;
    }
  }
  return out;
}

/** A v1.0 .npy of float64 C-order data; the header is padded so the data starts 64-byte aligned. */
export function writeNpy(data: Float64Array, shape: readonly number[]): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${dims}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const head = new TextEncoder().encode(header);
  const out = new Uint8Array(10 + head.length + 8 * data.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, head.length, true);
  out.set(head, 10);
  out.set(encodeF64(data), 10 + head.length);
  return out;
}
