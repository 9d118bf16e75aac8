/**
 * NumPy `.npz` writer: a ZIP archive (method 0, stored) of `.npy` v1.0 files.
 * npy v1.0: magic "\x93NUMPY", version 1.0, uint16 LE header length, then an ASCII dict literal
 * `{'descr': '<f8', 'fortran_order': False, 'shape': (…), }` padded with spaces and ending in
 * '\n' so that the data starts at a multiple of 64 bytes (numpy's own alignment).
 * ZIP: local header + data per entry, then the central directory and the end record (PKWARE APPNOTE 4.3).
 */
export class NpzError extends Error {
  override name = 'NpzError';
}

export interface NpyArray {
  /** Entry name without '.npy' (letters, digits, '_'). */
  readonly name: string;
  readonly data: Float64Array;
  /** Row-major (C order) shape; its product must equal data.length. */
  readonly shape: readonly number[];
}

function shapeLiteral(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

export function encodeNpy(data: Float64Array, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new NpzError(`shape: ${JSON.stringify(shape)} is not a list of non-negative integers`);
  if (count !== data.length) throw new NpzError(`shape: ${shapeLiteral(shape)} holds ${count} values, data has ${data.length}`);
  const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shapeLiteral(shape)}, }`;
  const preamble = 10; // magic (6) + version (2) + header length (2)
  const total = Math.ceil((preamble + dict.length + 1) / 64) * 64;
  const header = dict + ' '.repeat(total - preamble - dict.length - 1) + '\n';
  if (header.length > 0xffff) throw new NpzError('shape: header too long for npy v1.0');
  const out = new Uint8Array(total + data.length * 8);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]); // \x93NUMPY v1.0
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[preamble + i] = header.charCodeAt(i);
  for (let i = 0; i < data.length; i++) view.setFloat64(total + i * 8, data[i], true);
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309 / zlib polynomial 0xEDB88320). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** MS-DOS date and time fields of a ZIP entry (local time, 2-second resolution). */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.max(1980, date.getFullYear());
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

export function encodeNpz(arrays: readonly NpyArray[], modified: Date = new Date(0)): Uint8Array {
  const stamp = dosDateTime(modified);
  const names = new Set<string>();
  const entries = arrays.map((a) => {
    if (!/^[A-Za-z0-9_]{1,100}$/.test(a.name)) throw new NpzError(`name: '${a.name}' is not a valid array name`);
    if (names.has(a.name)) throw new NpzError(`name: '${a.name}' appears twice`);
    names.add(a.name);
    const name = new TextEncoder().encode(`${a.name}.npy`);
    const body = encodeNpy(a.data, a.shape);
    if (body.length >= 0xffffffff) throw new NpzError(`${a.name}: ${body.length} bytes needs ZIP64, which this writer does not produce`);
    return { name, body, crc: crc32(body) };
  });
  let size = 22;
  for (const e of entries) size += 30 + e.name.length + e.body.length + 46 + e.name.length;
  if (size >= 0xffffffff) throw new NpzError(`archive of ${size} bytes needs ZIP64, which this writer does not produce`);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  const offsets: number[] = [];
  for (const e of entries) {
    offsets.push(at);
    view.setUint32(at, 0x04034b50, true); // local file header
    view.setUint16(at + 4, 20, true); // version needed: 2.0
    view.setUint16(at + 6, 0, true); // flags
    view.setUint16(at + 8, 0, true); // method: stored
    view.setUint16(at + 10, stamp.time, true);
    view.setUint16(at + 12, stamp.date, true);
    view.setUint32(at + 14, e.crc, true);
    view.setUint32(at + 18, e.body.length, true); // compressed size
    view.setUint32(at + 22, e.body.length, true); // uncompressed size
    view.setUint16(at + 26, e.name.length, true);
    view.setUint16(at + 28, 0, true); // extra length
    out.set(e.name, at + 30);
    out.set(e.body, at + 30 + e.name.length);
    at += 30 + e.name.length + e.body.length;
  }
  const directoryStart = at;
  entries.forEach((e, i) => {
    view.setUint32(at, 0x02014b50, true); // central directory header
    view.setUint16(at + 4, 20, true); // version made by
    view.setUint16(at + 6, 20, true); // version needed
    view.setUint16(at + 8, 0, true);
    view.setUint16(at + 10, 0, true);
    view.setUint16(at + 12, stamp.time, true);
    view.setUint16(at + 14, stamp.date, true);
    view.setUint32(at + 16, e.crc, true);
    view.setUint32(at + 20, e.body.length, true);
    view.setUint32(at + 24, e.body.length, true);
    view.setUint16(at + 28, e.name.length, true);
    view.setUint16(at + 30, 0, true); // extra
    view.setUint16(at + 32, 0, true); // comment
    view.setUint16(at + 34, 0, true); // disk number
    view.setUint16(at + 36, 0, true); // internal attributes
    view.setUint32(at + 38, 0, true); // external attributes
    view.setUint32(at + 42, offsets[i], true);
    out.set(e.name, at + 46);
    at += 46 + e.name.length;
  });
  const directorySize = at - directoryStart;
  view.setUint32(at, 0x06054b50, true); // end of central directory
  view.setUint16(at + 4, 0, true);
  view.setUint16(at + 6, 0, true);
  view.setUint16(at + 8, entries.length, true);
  view.setUint16(at + 10, entries.length, true);
  view.setUint32(at + 12, directorySize, true);
  view.setUint32(at + 16, directoryStart, true);
  view.setUint16(at + 20, 0, true);
  return out;
}
