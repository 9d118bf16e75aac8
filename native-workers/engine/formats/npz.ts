/** NumPy .npz: a zip of .npy entries (np.savez stored, np.savez_compressed deflated). */
import type { Network } from '../core/types';
import { FormatError } from './formatError';
import type { FileContents } from './networkTypes';
import { readNpy, writeNpy } from './npy';
import { networkTensors } from './stateDictWriter';
import type { Tensor } from './tensor';
import { isZip, openZip, writeZip, ZipFormatError } from './zip';

export class NpzFormatError extends FormatError {
  override name = 'NpzFormatError';
}

/** A zip whose entries are all `.npy`. */
export function matchNpz(bytes: Uint8Array): boolean {
  if (!isZip(bytes)) return false;
  try {
    const names = openZip(bytes).names;
    return names.length > 0 && names.every((n) => n.endsWith('.npy'));
  } catch {
    return false;
  }
}

/** Every array of an .npz, named by its key (the entry name without .npy), in archive order. */
export function readNpz(bytes: Uint8Array): Tensor[] {
  try {
    const zip = openZip(bytes);
    const bad = zip.names.find((n) => !n.endsWith('.npy'));
    if (bad !== undefined) throw new NpzFormatError(`entry ${bad} is not a .npy array; an .npz holds only .npy entries`);
    if (zip.names.length === 0) throw new NpzFormatError('the archive is empty');
    return zip.names.map((n) => readNpy(zip.read(n), n.slice(0, -4)));
  } catch (error) {
    if (error instanceof ZipFormatError) throw new NpzFormatError(`not a valid .npz: ${error.message}`);
    throw error;
  }
}

export function openNpz(bytes: Uint8Array): FileContents {
  return { tensors: readNpz(bytes), notes: [] };
}

export function writeNpzArrays(arrays: readonly { name: string; data: Float64Array; shape: readonly number[] }[]): Uint8Array {
  return writeZip(arrays.map((a) => [`${a.name}.npy`, writeNpy(a.data, a.shape)] as const));
}

/** The network's weights as an .npz with nn.Sequential keys (`0.weight`, `0.bias`, …). */
export function writeNetworkNpz(network: Network): Uint8Array {
  return writeNpzArrays(networkTensors(network));
}
