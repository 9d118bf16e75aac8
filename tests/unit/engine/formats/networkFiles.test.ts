/**
 * Every torch-made fixture (state_dict .pt, ONNX opset 13 with a MatMul layer, np.savez weights
 * with attribute or Keras names, hand-written safetensors) opens to the same network, and
 * analyzePoint matches torch float64 autograd: loss and ‖∇L‖ to 1e-12 relative, every Hessian
 * eigenvalue within 1e-9·max|λ|.
 */
import { describe, expect, it } from 'vitest';
import { analyzePoint } from '../../../../native-workers/engine/analysis';
import { predict } from '../../../../native-workers/engine/derivatives/forward';
import { openDatasetFile } from '../../../../native-workers/engine/formats/datasetFile';
import { inspectNetworkFile, NetworkFileError, openNetworkFile } from '../../../../native-workers/engine/formats/networkFile';
import { EXPECTED, fixture, NET_NAMES } from './fixtureHelpers';

const FILES = (net: string): [string, string][] => [
  [`${net}.pt`, 'pytorch'],
  [`${net}.onnx`, 'onnx'],
  [`${net}.safetensors`, 'safetensors'],
  [`${net}_weights.npz`, 'npz'],
];

describe.each(NET_NAMES)('%s fixtures', (net) => {
  const expected = EXPECTED[net];
  const data = openDatasetFile(fixture(`${net}_data.npz`), `${net}_data.npz`).dataset;

  it.each(FILES(net))('%s opens to the torch network and analyze matches torch autograd', (file, format) => {
    const opened = openNetworkFile(fixture(file), file, format === 'onnx' ? {} : { activations: expected.activation });
    expect(opened.format).toBe(format);
    const layers = opened.network.architecture.layers;
    expect([layers[0].inputs, ...layers.map((l) => l.outputs)]).toEqual(expected.sizes);
    expect(layers.map((l) => l.activation)).toEqual([...expected.sizes.slice(2).map(() => expected.activation), 'identity']);
    expect(layers[layers.length - 1].bias).toBe(expected.outputBias);
    expect(opened.activationsFromFile).toBe(format === 'onnx');
    const out = predict(opened.network.architecture, opened.network.theta, data.X, data.count);
    const flat = expected.outputs.flat();
    for (let i = 0; i < flat.length; i++) expect(Math.abs(out[i] - flat[i])).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(flat[i])));

    const a = analyzePoint(opened.network, data);
    expect(a.parameterCount).toBe(expected.parameterCount);
    expect(Math.abs(a.loss - expected.loss)).toBeLessThanOrEqual(1e-12 * expected.loss);
    expect(Math.abs(a.gradNorm - expected.gradNorm)).toBeLessThanOrEqual(1e-12 * expected.gradNorm);
    const scale = Math.max(...expected.eigenvalues.map(Math.abs));
    expect(a.eigenvalues.length).toBe(expected.eigenvalues.length);
    expected.eigenvalues.forEach((ev, k) => expect(Math.abs(a.eigenvalues[k] - ev)).toBeLessThanOrEqual(1e-9 * scale));
  });

  it('a weights-only file without activations asks for them, naming the shape chain', () => {
    const err = (() => {
      try {
        openNetworkFile(fixture(`${net}.pt`), `${net}.pt`);
      } catch (e) {
        return e as NetworkFileError;
      }
      throw new Error('expected an error');
    })();
    expect(err).toBeInstanceOf(NetworkFileError);
    expect(err.problem).toBe('activations-needed');
    expect(err.message).toContain(`${net}.pt: `);
    expect(err.message).toContain(expected.sizes.join('→'));
    const inspected = inspectNetworkFile(fixture(`${net}.pt`), `${net}.pt`);
    expect(inspected.layers.map((l) => l.activation)).toEqual(expected.sizes.slice(1).map(() => null));
    expect(inspected.parameterCount).toBe(expected.parameterCount);
  });
});

describe('weights-only details', () => {
  it('Keras kernel names are transposed and the note says so', () => {
    const opened = openNetworkFile(fixture('tanh3_weights.npz'), 'tanh3_weights.npz', { activations: 'tanh' });
    expect(opened.notes.join(' ')).toMatch(/kernel.*transposed/);
    expect(opened.tensors.map((t) => t.name)).toEqual(['dense/kernel:0', 'dense/bias:0', 'dense_1/kernel:0', 'dense_1/bias:0', 'dense_2/kernel:0', 'dense_2/bias:0']);
    expect(opened.tensors[0].shape).toEqual([3, 6]);
  });

  it('per-layer activations must match the layer count', () => {
    expect(() => openNetworkFile(fixture('tanh3.pt'), 'tanh3.pt', { activations: ['tanh', 'identity'] })).toThrow(/2 activations given but the network has 3 layers/);
  });

  it('float32 state_dicts are read (values widened exactly)', () => {
    const opened = openNetworkFile(fixture('float32.pt'), 'float32.pt', { activations: 'tanh' });
    expect(opened.tensors[0].dtype).toBe('float32');
    for (const x of opened.network.theta) expect(Math.fround(x)).toBe(x);
  });

  it('the ONNX MatMul layer is reported as transposed', () => {
    const opened = openNetworkFile(fixture('tanh3.onnx'), 'tanh3.onnx');
    expect(opened.layerSources[1]).toMatch(/MatMul.*transposed.*Add/);
  });
});

describe('datasets', () => {
  const ref = openDatasetFile(fixture('softplus2_data.npz'), 'softplus2_data.npz');
  it('npz says which keys were used', () => {
    expect(ref.notes[0]).toContain('inputs from "X", targets from "y"');
  });
  it('CSV (last column as target by default, or chosen) and an .npy pair (Fortran-order y) give the same data', () => {
    const csv = openDatasetFile(fixture('softplus2_data.csv'), 'softplus2_data.csv');
    expect(csv.targetColumns).toEqual(['target']);
    expect(Array.from(csv.dataset.X)).toEqual(Array.from(ref.dataset.X));
    expect(Array.from(csv.dataset.Y)).toEqual(Array.from(ref.dataset.Y));
    const chosen = openDatasetFile(fixture('softplus2_data.csv'), 'd.csv', { targets: ['x1'] });
    expect(chosen.inputColumns).toEqual(['x2', 'target']);
    const pair = openDatasetFile(fixture('softplus2_X.npy'), 'softplus2_X.npy', { targetsFile: { bytes: fixture('softplus2_y.npy'), fileName: 'softplus2_y.npy' } });
    expect(Array.from(pair.dataset.X)).toEqual(Array.from(ref.dataset.X));
    expect(Array.from(pair.dataset.Y)).toEqual(Array.from(ref.dataset.Y));
  });
  it('unknown CSV columns and mismatched networks are named', () => {
    expect(() => openDatasetFile(fixture('softplus2_data.csv'), 'd.csv', { targets: ['nope'] })).toThrow(/d\.csv: there is no column "nope" \(columns: x1, x2, target\)/);
    const net = openNetworkFile(fixture('tanh3.onnx'), 'tanh3.onnx').network;
    expect(() => openDatasetFile(fixture('softplus2_data.npz'), 'x.npz', {}, net.architecture)).toThrow(/x\.npz: the inputs have 2 columns but the network expects 3 inputs/);
  });
});
