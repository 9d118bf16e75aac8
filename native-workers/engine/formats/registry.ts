/**
 * The one table of network-file formats. `pickNetworkReader` chooses by content (magic bytes):
 * zip containers are told apart by their entries (PyTorch `archive/data.pkl` vs NumPy `x.npy`
 * entries); the first match in table order wins.
 */
import { matchJsonObject, openMlpJson } from './mlpJson';
import type { FileContents, NetworkFormat, NetworkReader } from './networkTypes';
import { matchNpy, readNpy } from './npy';
import { matchNpz, openNpz } from './npz';
import { matchOnnx, openOnnx } from './onnx';
import { matchPytorch, openPytorch } from './pytorch';
import { matchSafetensors, openSafetensors } from './safetensors';

function openSingleNpy(bytes: Uint8Array): FileContents {
  return { tensors: [readNpy(bytes, 'weight')], notes: ['a single .npy array is read as one linear layer (outputs × inputs) without bias'] };
}

export const NETWORK_READERS: readonly NetworkReader[] = [
  { format: 'pytorch', label: 'PyTorch state_dict', match: matchPytorch, open: openPytorch },
  { format: 'npz', label: 'NumPy .npz', match: matchNpz, open: openNpz },
  { format: 'npy', label: 'NumPy .npy', match: matchNpy, open: openSingleNpy },
  { format: 'safetensors', label: 'safetensors', match: matchSafetensors, open: openSafetensors },
  { format: 'json', label: 'Escape Studio JSON (escape-studio/mlp@1)', match: matchJsonObject, open: openMlpJson },
  { format: 'onnx', label: 'ONNX', match: matchOnnx, open: openOnnx },
];

export function pickNetworkReader(bytes: Uint8Array, fileName: string): NetworkReader | null {
  const found = NETWORK_READERS.find((r) => r.match(bytes, fileName));
  if (found) return found;
  // A zip we could not classify (damaged directory) still gets the format its extension names,
  // so the error explains the damage instead of "unknown format".
  const lower = fileName.toLowerCase();
  const byExt: Record<string, NetworkFormat> = { '.pt': 'pytorch', '.pth': 'pytorch', '.npz': 'npz', '.onnx': 'onnx', '.safetensors': 'safetensors', '.npy': 'npy', '.json': 'json' };
  for (const [ext, format] of Object.entries(byExt)) if (lower.endsWith(ext)) return networkReaderFor(format) ?? null;
  return null;
}

export function networkReaderFor(format: NetworkFormat): NetworkReader | undefined {
  return NETWORK_READERS.find((r) => r.format === format);
}
