/**
 * Runs an ONNX model in onnxruntime-node (CPU) and compares it with our forward pass on the same
 * inputs: the check that an imported (or exported) ONNX network is the network we analyse.
 */
import { predict, type Network } from '../../native-workers/engine';

export interface OnnxCheck {
  /** max |f_onnxruntime(x) − f_ours(x)| over every sample and output. */
  readonly maxAbsDifference: number;
  /** The same, relative to max |f_ours|. */
  readonly maxRelDifference: number;
  /** The element type the model's input took ('float64' or 'float32'). */
  readonly inputType: 'float64' | 'float32';
  readonly samples: number;
}

/** Outputs of the ONNX model on X (N × d_in, row-major), as float64. */
export async function runOnnx(model: Uint8Array, X: Float64Array, count: number, inputDim: number): Promise<{ outputs: Float64Array; inputType: 'float64' | 'float32' }> {
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(model);
  try {
    const inputName = session.inputNames[0];
    const outputName = session.outputNames[0];
    let lastError: unknown;
    for (const inputType of ['float64', 'float32'] as const) {
      try {
        const data = inputType === 'float64' ? X : Float32Array.from(X);
        const result = await session.run({ [inputName]: new ort.Tensor(inputType, data, [count, inputDim]) });
        const out = result[outputName];
        return { outputs: Float64Array.from(out.data as ArrayLike<number>), inputType };
      } catch (error) {
        lastError = error;
      }
    }
    throw new Error(`onnxruntime could not run the model: ${(lastError as Error).message}`);
  } finally {
    await session.release();
  }
}

export async function checkOnnxForward(model: Uint8Array, network: Network, X: Float64Array, count: number): Promise<OnnxCheck> {
  const inputDim = network.architecture.layers[0].inputs;
  const { outputs, inputType } = await runOnnx(model, X, count, inputDim);
  const ours = predict(network.architecture, network.theta, X, count);
  if (outputs.length !== ours.length) throw new Error(`onnxruntime returned ${outputs.length} values, our forward ${ours.length}`);
  let maxAbs = 0;
  let scale = 0;
  for (let i = 0; i < ours.length; i++) {
    maxAbs = Math.max(maxAbs, Math.abs(outputs[i] - ours[i]));
    scale = Math.max(scale, Math.abs(ours[i]));
  }
  return { maxAbsDifference: maxAbs, maxRelDifference: scale > 0 ? maxAbs / scale : maxAbs, inputType, samples: count };
}
