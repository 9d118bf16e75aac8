/**
 * `.npz` archives holding float64 arrays and unicode strings (numpy's fixed-width '<U' dtype:
 * UTF-32LE code points, so `np.load(f)['plane']` is a str without allow_pickle). Float arrays use
 * the workspace's npy encoder; the ZIP container is fflate's (entries stored, not deflated).
 */
import { zipSync, type Zippable } from 'fflate';
import { encodeNpy, NpzError } from '../workspace/npz';

export type NpzEntry =
  | { readonly name: string; readonly data: Float64Array; readonly shape: readonly number[] }
  /** A 0-d string (shape []) or a 1-d array of strings. */
  | { readonly name: string; readonly strings: string | readonly string[] };

/** npy v1.0 header: magic, version, uint16 length, dict literal padded with spaces to a 64-byte boundary, '\n'. */
function npyHeader(descr: string, shape: readonly number[]): Uint8Array {
  const literal = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${literal}, }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const header = dict + ' '.repeat(total - 10 - dict.length - 1) + '\n';
  const out = new Uint8Array(total);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  return out;
}

export function encodeStringNpy(strings: string | readonly string[]): Uint8Array {
  const list = typeof strings === 'string' ? [strings] : strings;
  const points = list.map((s) => Array.from(s, (c) => c.codePointAt(0)!));
  const width = Math.max(1, ...points.map((p) => p.length));
  const header = npyHeader(`<U${width}`, typeof strings === 'string' ? [] : [list.length]);
  const out = new Uint8Array(header.length + list.length * width * 4);
  out.set(header);
  const view = new DataView(out.buffer);
  points.forEach((p, i) => p.forEach((code, k) => view.setUint32(header.length + (i * width + k) * 4, code, true)));
  return out;
}

export function encodeNpzArchive(entries: readonly NpzEntry[], modified: Date = new Date(Date.UTC(1980, 0, 1))): Uint8Array {
  const files: Zippable = {};
  for (const entry of entries) {
    if (!/^[A-Za-z0-9_]{1,100}$/.test(entry.name)) throw new NpzError(`name: '${entry.name}' is not a valid array name`);
    const key = `${entry.name}.npy`;
    if (key in files) throw new NpzError(`name: '${entry.name}' appears twice`);
    const body = 'strings' in entry ? encodeStringNpy(entry.strings) : encodeNpy(entry.data, entry.shape);
    files[key] = [body, { level: 0, mtime: modified }];
  }
  return zipSync(files);
}
