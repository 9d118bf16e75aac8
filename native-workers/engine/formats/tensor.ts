import { FormatError } from './formatError';

/** A named float tensor as stored in a file, decoded to float64 (row-major / C order). */
export interface Tensor {
  readonly name: string;
  /** The dtype in the file, in the file's own spelling ('float32', 'F64', '<f8', …). */
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** What the file lists, without the numbers. */
export interface TensorInfo {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
}

export type FloatKind = 'f64' | 'f32' | 'f16' | 'bf16';
export const FLOAT_BYTES: Record<FloatKind, number> = { f64: 8, f32: 4, f16: 2, bf16: 2 };

/** Largest tensor we decode (elements): 2^27 float64 = 1 GiB. Bigger files are refused, not attempted. */
export const MAX_TENSOR_ELEMENTS = 2 ** 27;

/**
 * Checks a declared shape (non-negative integers, product ≤ MAX_TENSOR_ELEMENTS) and returns the
 * element count. `fail` gets the problem in words.
 */
export function checkedElementCount(shape: readonly unknown[], what: string, make: (m: string) => FormatError): number {
  let count = 1;
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0)
      throw make(`${what} has an invalid shape [${shape.map(String).join(', ')}]: dimensions must be non-negative integers`);
    count *= d;
    if (count > MAX_TENSOR_ELEMENTS)
      throw make(`${what} has shape [${shape.join(', ')}]: more than ${MAX_TENSOR_ELEMENTS} elements, too large to load`);
  }
  return count;
}

/** IEEE half → double (exact). */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Decodes `count` little-endian floats of `kind` from bytes[offset…] (bounds checked by the caller). */
export function decodeFloats(bytes: Uint8Array, offset: number, count: number, kind: FloatKind, bigEndian = false): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * FLOAT_BYTES[kind]);
  const out = new Float64Array(count);
  const le = !bigEndian;
  switch (kind) {
    case 'f64':
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, le);
      break;
    case 'f32':
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, le);
      break;
    case 'f16':
      for (let i = 0; i < count; i++) out[i] = halfToNumber(view.getUint16(2 * i, le));
      break;
    case 'bf16': {
      // bfloat16 is the top half of a float32.
      const f = new DataView(new ArrayBuffer(4));
      for (let i = 0; i < count; i++) {
        f.setUint32(0, view.getUint16(2 * i, le) << 16, false);
        out[i] = f.getFloat32(0, false);
      }
      break;
    }
  }
  return out;
}

/** Little-endian float64 bytes of `data`. */
export function encodeF64(data: Float64Array): Uint8Array {
  const out = new Uint8Array(data.length * 8);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat64(8 * i, data[i], true);
  return out;
}

export function tensorInfo(t: Tensor): TensorInfo {
  return { name: t.name, dtype: t.dtype, shape: [...t.shape] };
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
