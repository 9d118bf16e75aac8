/** CLI on real torch-made files: analyze / inspect / split / train with every format, --out by extension. */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openNetworkFile } from '../../../native-workers/engine/formats/networkFile';
import { EXPECTED, FIXTURES } from '../engine/formats/fixtureHelpers';
import { runCli } from './runCli';

const f = (name: string): string => join(FIXTURES, name);

describe('CLI with checkpoint files', () => {
  it('analyze --checkpoint tanh3.pt --activation tanh matches torch autograd', async () => {
    const r = await runCli(['analyze', '--checkpoint', f('tanh3.pt'), '--activation', 'tanh', '--data', f('tanh3_data.npz'), '--json']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { loss: number; gradNorm: number; eigenvalues: number[] };
    const e = EXPECTED.tanh3;
    expect(Math.abs(out.loss - e.loss)).toBeLessThanOrEqual(1e-12 * e.loss);
    expect(Math.abs(out.gradNorm - e.gradNorm)).toBeLessThanOrEqual(1e-12 * e.gradNorm);
    const scale = Math.max(...e.eigenvalues.map(Math.abs));
    e.eigenvalues.forEach((v, k) => expect(Math.abs(out.eigenvalues[k] - v)).toBeLessThanOrEqual(1e-9 * scale));
  });

  it('analyze without activations for a weights-only file says what to give', async () => {
    const r = await runCli(['analyze', '--checkpoint', f('softplus2.safetensors'), '--data', f('softplus2_data.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/softplus2\.safetensors: the file holds weights only \(2 layers, 2→4→1\).*--activation softplus/);
  });

  it('inspect an ONNX file with data: tensors, network, loss and the onnxruntime difference', async () => {
    const r = await runCli(['inspect', f('tanh3.onnx'), '--data', f('tanh3_data.npz'), '--json']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { format: string; tensors: { name: string; shape: number[] }[]; parameterCount: number; data: { loss: number; gradNorm: number }; onnxruntime: { maxRelDifference: number } };
    expect(out.format).toBe('onnx');
    expect(out.tensors.find((t) => t.name === '2.wt')?.shape).toEqual([6, 4]);
    expect(out.parameterCount).toBe(EXPECTED.tanh3.parameterCount);
    expect(Math.abs(out.data.loss - EXPECTED.tanh3.loss)).toBeLessThanOrEqual(1e-12 * EXPECTED.tanh3.loss);
    expect(out.onnxruntime.maxRelDifference).toBeLessThan(1e-13);
    const text = await runCli(['inspect', f('tanh3_weights.npz'), '--activation', 'tanh']);
    expect(text.stdout).toMatch(/format +NumPy \.npz/);
    expect(text.stdout).toMatch(/dense\/kernel:0 +<f8 +\[3, 6\]/);
    expect(text.stdout).toMatch(/3 → 6 → 4 → 2 +\(3 layers, 62 parameters\)/);
  });

  it('train validates --out before training; split writes .pt / .onnx by extension', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'es-cli-formats-'));
    const bad = await runCli(['train', '--data', f('softplus2_data.npz'), '--checkpoint', f('softplus2.pt'), '--activation', 'softplus', '--out', join(dir, 'x.h5')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--out .*x\.h5: unknown extension \(use one of \.pt, \.pth, \.onnx, \.safetensors, \.npz, \.json\)/);
    for (const ext of ['pt', 'onnx', 'safetensors', 'npz']) {
      const out = join(dir, `split.${ext}`);
      const r = await runCli(['split', '--checkpoint', f('softplus2.pt'), '--activation', 'softplus', '--layer', '1', '--neuron', '1', '--out', out]);
      expect(r.stderr).toBe('');
      expect(existsSync(out)).toBe(true);
      const back = openNetworkFile(new Uint8Array(readFileSync(out)), out, { activations: 'softplus' });
      expect(back.network.architecture.layers[0].outputs).toBe(5);
    }
  });
});
