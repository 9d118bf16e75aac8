import type { ActivationName, Network } from '../core/types';
import type { Tensor, TensorInfo } from './tensor';

/** Files a network can be read from. */
export const NETWORK_FORMATS = ['pytorch', 'onnx', 'safetensors', 'npz', 'npy', 'json'] as const;
export type NetworkFormat = (typeof NETWORK_FORMATS)[number];

/** Files a network can be written to (chosen by extension: .pt/.pth, .onnx, .safetensors, .npz, .json). */
export const NETWORK_WRITE_FORMATS = ['pytorch', 'onnx', 'safetensors', 'npz', 'json'] as const;
export type NetworkWriteFormat = (typeof NETWORK_WRITE_FORMATS)[number];

export interface OpenNetworkOptions {
  /**
   * Activations when the file has none (state_dict-like files): one name for every hidden layer
   * (the output layer is then identity), or one per layer. For files that carry activations
   * (ONNX, our JSON) a different choice overrides the file's, with a note.
   */
  readonly activations?: ActivationName | readonly ActivationName[];
}

/** The result of opening a network file. */
export interface OpenedNetwork {
  readonly network: Network;
  readonly format: NetworkFormat;
  /** Human name of the format, e.g. "PyTorch state_dict (zip)". */
  readonly formatLabel: string;
  /** Every tensor in the file, in file order (also the ones that are not parameters, if any). */
  readonly tensors: readonly TensorInfo[];
  /** Where each layer came from, e.g. "layer 1 ← fc1.weight [4, 2], fc1.bias [4]". */
  readonly layerSources: readonly string[];
  /** True when the activations were read from the file, false when the caller gave them. */
  readonly activationsFromFile: boolean;
  /** What was inferred or assumed, in words ("kernel tensors transposed (Keras/Flax layout)", …). */
  readonly notes: readonly string[];
}

/** What a format module returns: raw tensors, and the network itself when the file defines one. */
export interface FileContents {
  readonly tensors: readonly Tensor[];
  /** Set by formats that carry the whole network (ONNX graph, our JSON). */
  readonly network?: Network;
  /** Activations stored in the file's metadata (our safetensors metadata), per layer. */
  readonly activations?: readonly ActivationName[];
  readonly layerSources?: readonly string[];
  readonly notes: readonly string[];
}

/** One entry of the registry table (registry.ts). */
export interface NetworkReader {
  readonly format: NetworkFormat;
  readonly label: string;
  /** By content (magic bytes); the name only breaks ties between formats sharing a container. */
  match(bytes: Uint8Array, fileName: string): boolean;
  open(bytes: Uint8Array): FileContents;
}
