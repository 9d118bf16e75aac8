/** Binary arrays on disk: `.f64` files are raw little-endian IEEE-754 doubles, no header. */
import { readFile } from 'node:fs/promises';
import { WorkspaceError } from './errors';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function encodeF64(values: Float64Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat64(i * 8, v, true));
  return out;
}

export function decodeF64(bytes: Uint8Array, expectedLength: number, what: string): Float64Array {
  if (bytes.byteLength !== expectedLength * 8)
    throw new WorkspaceError(`${what}: has ${bytes.byteLength} bytes, expected ${expectedLength * 8} (${expectedLength} doubles)`);
  const out = new Float64Array(expectedLength);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < expectedLength; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

export async function readF64(path: string, expectedLength: number): Promise<Float64Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new WorkspaceError(`${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return decodeF64(bytes, expectedLength, path);
}
