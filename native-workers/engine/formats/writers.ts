import type { Network } from '../core/types';
import { writeMlpJson } from './mlpJson';
import type { NetworkWriteFormat } from './networkTypes';
import { writeNetworkNpz } from './npz';
import { writeOnnx } from './onnx';
import { writePytorch } from './pytorch';
import { writeSafetensors } from './safetensors';

/** One writer per output format. */
export const NETWORK_WRITERS: Record<NetworkWriteFormat, (network: Network, meta?: Record<string, unknown>) => Uint8Array> = {
  json: writeMlpJson,
  safetensors: writeSafetensors,
  pytorch: writePytorch,
  onnx: writeOnnx,
  npz: writeNetworkNpz,
};
