import { ACTIVATIONS, type ActivationName, type Architecture, type LayerSpec, type Network } from '../core/types';
import { describe, isRecord, readMatrix, readNumberList } from './jsonValues';

/**
 * The `escape-studio/mlp@1` JSON checkpoint:
 *   { "format": "escape-studio/mlp@1",
 *     "layers": [ { "weight": [[…] × in] × out, "bias": [… × out] | null, "activation": "relu" | … } ],
 *     "meta": { … } (optional, free-form) }
 * Layer i's weight has as many columns as layer i−1 has rows. Every number must be finite.
 */
export const CHECKPOINT_FORMAT = 'escape-studio/mlp@1';

export class CheckpointFormatError extends Error {
  override name = 'CheckpointFormatError';
  /** A wrong input (see engine/core/errors.ts): reported to the user as their error, not a failure. */
  readonly code = 'input' as const;
}

export interface CheckpointDocument {
  readonly network: Network;
  readonly meta?: Record<string, unknown>;
}

/** Parses an already JSON.parse'd checkpoint; throws CheckpointFormatError naming the field. */
export function parseCheckpoint(json: unknown): Network {
  return parseCheckpointDocument(json).network;
}

/** Like {@link parseCheckpoint}, also returning the optional `meta` object. */
export function parseCheckpointDocument(json: unknown): CheckpointDocument {
  const fail = (message: string): never => {
    throw new CheckpointFormatError(message);
  };
  if (!isRecord(json)) return fail(`checkpoint must be a JSON object, got ${describe(json)}`);
  if (!('format' in json)) fail(`format is missing (expected "${CHECKPOINT_FORMAT}")`);
  if (json.format !== CHECKPOINT_FORMAT) fail(`format must be "${CHECKPOINT_FORMAT}", got ${describe(json.format)}`);
  if (!('layers' in json)) fail('layers is missing');
  const layersJson = json.layers;
  if (!Array.isArray(layersJson)) return fail(`layers must be an array, got ${describe(layersJson)}`);
  if (layersJson.length === 0) fail('layers is empty: a network needs at least one layer');

  const layers: LayerSpec[] = [];
  const values: number[] = [];
  layersJson.forEach((layerJson: unknown, i: number) => {
    const at = `layers[${i}]`;
    if (!isRecord(layerJson)) return fail(`${at} must be an object, got ${describe(layerJson)}`);
    if (!('weight' in layerJson)) fail(`${at}.weight is missing`);
    const weight = readMatrix(layerJson.weight, `${at}.weight`, fail);
    const outputs = weight.rows.length;
    const inputs = weight.columns;
    if (i > 0 && inputs !== layers[i - 1].outputs)
      fail(`${at}.weight has ${inputs} columns, expected ${layers[i - 1].outputs} (the outputs of layers[${i - 1}])`);
    if (!('bias' in layerJson)) fail(`${at}.bias is missing (use null for a layer without bias)`);
    let bias: number[] | null = null;
    if (layerJson.bias !== null) {
      bias = readNumberList(layerJson.bias, `${at}.bias`, fail);
      if (bias.length !== outputs) fail(`${at}.bias has ${bias.length} entries, expected ${outputs} (the rows of ${at}.weight)`);
    }
    if (!('activation' in layerJson)) fail(`${at}.activation is missing (one of ${ACTIVATIONS.join(', ')})`);
    // "linear" (Keras' name) is accepted as a synonym of "identity".
    const act = layerJson.activation === 'linear' ? 'identity' : layerJson.activation;
    if (typeof act !== 'string' || !(ACTIVATIONS as readonly string[]).includes(act))
      fail(`${at}.activation must be one of ${ACTIVATIONS.join(', ')} (or linear); got ${describe(act)}`);
    layers.push({ inputs, outputs, bias: bias !== null, activation: act as ActivationName });
    // No push(...row): spreading a long row overflows the call stack (~150k arguments).
    for (const row of weight.rows) for (const x of row) values.push(x);
    if (bias) for (const x of bias) values.push(x);
  });

  let meta: Record<string, unknown> | undefined;
  if ('meta' in json && json.meta !== undefined) {
    if (!isRecord(json.meta)) fail(`meta must be an object when present, got ${describe(json.meta)}`);
    meta = json.meta as Record<string, unknown>;
  }
  const architecture: Architecture = { layers };
  const network: Network = { architecture, theta: Float64Array.from(values) };
  return meta ? { network, meta } : { network };
}

export interface CheckpointJson {
  format: typeof CHECKPOINT_FORMAT;
  layers: { weight: number[][]; bias: number[] | null; activation: ActivationName }[];
  meta?: Record<string, unknown>;
}

/** The JSON object for `network` (θ layout per types.ts); `meta` is copied as given. */
export function serializeCheckpoint(network: Network, meta?: Record<string, unknown>): CheckpointJson {
  const { architecture, theta } = network;
  let expected = 0;
  for (const layer of architecture.layers) expected += layer.outputs * layer.inputs + (layer.bias ? layer.outputs : 0);
  if (theta.length !== expected) throw new CheckpointFormatError(`theta has ${theta.length} entries, the architecture needs ${expected}`);
  let at = 0;
  const layers = architecture.layers.map((layer, i) => {
    const weight: number[][] = [];
    for (let r = 0; r < layer.outputs; r++) {
      weight.push(Array.from(theta.subarray(at, at + layer.inputs)));
      at += layer.inputs;
    }
    let bias: number[] | null = null;
    if (layer.bias) {
      bias = Array.from(theta.subarray(at, at + layer.outputs));
      at += layer.outputs;
    }
    for (const row of [...weight, ...(bias ? [bias] : [])])
      for (const x of row) if (!Number.isFinite(x)) throw new CheckpointFormatError(`layers[${i}] contains ${x}, which JSON cannot represent`);
    return { weight, bias, activation: layer.activation };
  });
  const out: CheckpointJson = { format: CHECKPOINT_FORMAT, layers };
  if (meta !== undefined) out.meta = meta;
  return out;
}
