/**
 * A bounded ZIP reader (central directory parsed here, DEFLATE by fflate) and a stored-entry
 * writer (fflate). Limits are checked on the *declared* sizes before anything is inflated, so a
 * zip bomb is refused without allocating; the inflated output is capped at the declared size and
 * its length and CRC-32 are checked.
 */
import { inflateSync, zipSync } from 'fflate';
import { FormatError } from './formatError';

export class ZipFormatError extends FormatError {
  override name = 'ZipFormatError';
}

export const ZIP_LIMITS = {
  entries: 10_000,
  /** Largest declared uncompressed size of one entry. */
  entryBytes: 1024 * 1024 * 1024,
  /** DEFLATE cannot exceed ~1032:1; a larger declared ratio is a bomb or a lie. */
  ratio: 1100,
};

interface Entry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

export interface ZipArchive {
  readonly names: readonly string[];
  has(name: string): boolean;
  /** Declared uncompressed size. */
  size(name: string): number;
  read(name: string): Uint8Array;
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 22 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

export function openZip(bytes: Uint8Array): ZipArchive {
  const fail = (m: string): never => {
    throw new ZipFormatError(m);
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number): number => (o + 2 <= bytes.length ? view.getUint16(o, true) : fail('the zip directory runs past the end of the file'));
  const u32 = (o: number): number => (o + 4 <= bytes.length ? view.getUint32(o, true) : fail('the zip directory runs past the end of the file'));
  const u64 = (o: number): number => {
    const low = u32(o);
    const high = u32(o + 4);
    if (high >= 0x200000) fail('a zip64 size or offset is beyond 2^53');
    return high * 2 ** 32 + low;
  };
  let eocd = -1;
  for (let e = bytes.length - 22; e >= 0 && e >= bytes.length - 22 - 65535; e--)
    if (bytes[e] === 0x50 && bytes[e + 1] === 0x4b && bytes[e + 2] === 5 && bytes[e + 3] === 6) {
      eocd = e;
      break;
    }
  if (eocd < 0) fail('not a complete zip archive (no end-of-central-directory record; the file may be truncated)');
  let count = u16(eocd + 10);
  let cdOffset = u32(eocd + 16);
  if ((count === 0xffff || cdOffset === 0xffffffff) && eocd >= 20 && u32(eocd - 20) === 0x07064b50) {
    const z = u64(eocd - 12);
    if (u32(z) !== 0x06064b50) fail('the zip64 end-of-central-directory record is missing');
    count = u64(z + 32);
    cdOffset = u64(z + 48);
  }
  if (count > ZIP_LIMITS.entries) fail(`the archive declares ${count} entries (limit ${ZIP_LIMITS.entries})`);
  const entries = new Map<string, Entry>();
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (u32(at) !== 0x02014b50) fail(`zip central directory entry ${i} is damaged`);
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const crc = u32(at + 16);
    let compressedSize = u32(at + 20);
    let size = u32(at + 24);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    let localOffset = u32(at + 42);
    if (at + 46 + nameLength > bytes.length) fail('the zip directory runs past the end of the file');
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    // zip64 extra field: the 0xFFFFFFFF fields, in this order.
    let x = at + 46 + nameLength;
    const xEnd = x + extraLength;
    while (x + 4 <= xEnd) {
      const id = u16(x);
      const len = u16(x + 2);
      if (id === 1) {
        let p = x + 4;
        if (size === 0xffffffff) {
          size = u64(p);
          p += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(p);
          p += 8;
        }
        if (localOffset === 0xffffffff) localOffset = u64(p);
      }
      x += 4 + len;
    }
    if (entries.has(name)) fail(`the archive has two entries named ${name}`);
    entries.set(name, { name, method, flags, crc, compressedSize, size, localOffset });
    at = xEnd + commentLength;
  }
  const get = (name: string): Entry => entries.get(name) ?? fail(`the archive has no entry ${name}`);
  return {
    names: [...entries.keys()],
    has: (name) => entries.has(name),
    size: (name) => get(name).size,
    read(name) {
      const e = get(name);
      if (e.flags & 1) fail(`${name} is encrypted`);
      if (e.size > ZIP_LIMITS.entryBytes) fail(`${name} declares ${e.size} bytes uncompressed (limit ${ZIP_LIMITS.entryBytes})`);
      if (u32(e.localOffset) !== 0x04034b50) fail(`${name}: local header missing at offset ${e.localOffset}`);
      const start = e.localOffset + 30 + u16(e.localOffset + 26) + u16(e.localOffset + 28);
      if (start + e.compressedSize > bytes.length) fail(`${name}: data runs past the end of the file (truncated?)`);
      const raw = bytes.subarray(start, start + e.compressedSize);
      let out: Uint8Array;
      if (e.method === 0) {
        if (e.compressedSize !== e.size) fail(`${name}: stored entry with different compressed and uncompressed sizes`);
        out = raw;
      } else if (e.method === 8) {
        if (e.size > ZIP_LIMITS.ratio * Math.max(1, e.compressedSize))
          fail(`${name} declares ${e.size} bytes from ${e.compressedSize} compressed (ratio above ${ZIP_LIMITS.ratio}:1, a zip bomb?)`);
        try {
          out = inflateSync(raw, { out: new Uint8Array(e.size) });
        } catch (error) {
          return fail(`${name}: corrupt compressed data (${(error as Error).message})`);
        }
        if (out.length !== e.size) fail(`${name}: inflated to ${out.length} bytes, the directory says ${e.size}`);
      } else return fail(`${name} uses zip compression method ${e.method}; only stored and deflated entries are supported`);
      if (crc32(out) !== e.crc) fail(`${name}: CRC-32 mismatch (the file is damaged)`);
      return out;
    },
  };
}

/** A zip of stored (uncompressed) entries, in the given order. */
export function writeZip(entries: readonly (readonly [string, Uint8Array])[]): Uint8Array {
  const files: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const [name, data] of entries) files[name] = [data, { level: 0 }];
  return zipSync(files);
}
