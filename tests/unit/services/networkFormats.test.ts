/**
 * Every network format through the studio API, with the fixtures PyTorch wrote
 * (tests/fixtures/checkpoints/make_fixtures.py): `files.inspect` sees the network torch saved in
 * each of .pt / .onnx / .safetensors / .npz, `runs.import` stores the same θ from each, and
 * hostile or broken files are refused with errors naming the file (nothing is stored).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { refused, useStudioService } from '../helpers/studioFixture';

const DIR = join(__dirname, '../../fixtures/checkpoints');
const studio = useStudioService('formats');

interface ExpectedNet {
  readonly sizes: number[];
  readonly activation: 'softplus' | 'tanh' | 'relu';
  readonly outputBias: boolean;
  readonly parameterCount: number;
}
const EXPECTED = (JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as { nets: Record<string, ExpectedNet> }).nets;

const file = (name: string) => ({ name, base64: readFileSync(join(DIR, name)).toString('base64') });
const filesOf = (net: string) => [`${net}.pt`, `${net}.onnx`, `${net}.safetensors`, `${net}_weights.npz`];
const activationsOf = (e: ExpectedNet) => [...e.sizes.slice(2).map(() => e.activation), 'identity' as const];


describe('every format through files.inspect and runs.import', () => {
  for (const [net, e] of Object.entries(EXPECTED)) {
    it(`${net}: ${e.sizes.join('→')} ${e.activation}, the same network from each file`, async () => {
      for (const name of filesOf(net)) {
        const info = await studio.api.call('files.inspect', { file: file(name), activations: activationsOf(e) });
        expect(info.parameterCount, name).toBe(e.parameterCount);
        expect([info.inputDim, ...info.layers.map((l) => l.outputs)], name).toEqual(e.sizes);
        expect(info.layers.map((l) => l.bias), name).toEqual(e.sizes.slice(1).map((_, i) => i < e.sizes.length - 2 || e.outputBias));
      }
      // ONNX carries its activations in the graph; nothing needs to be given.
      const onnx = await studio.api.call('files.inspect', { file: file(`${net}.onnx`) });
      expect(onnx.activationsFromFile).toBe(true);
      expect(onnx.layers.map((l) => l.activation)).toEqual(activationsOf(e));
    });
  }

  it('imports the same θ from .pt, .onnx, .safetensors and .npz (fig6 data: 2 → … → 1 nets)', async () => {
    for (const net of ['softplus2', 'relu_nobias']) {
      const e = EXPECTED[net];
      const thetas: number[][] = [];
      for (const name of filesOf(net)) {
        const { run } = await studio.api.call('runs.import', { file: file(name), activations: activationsOf(e), data: { kind: 'teacher', teacher: 'fig6', samples: 50 } });
        expect(run.origin).toMatchObject({ kind: 'import', file: name });
        thetas.push((await studio.api.call('runs.get', { runId: run.runId })).finalTheta);
      }
      for (const theta of thetas.slice(1)) for (let k = 0; k < theta.length; k++) expect(Math.abs(theta[k] - thetas[0][k])).toBeLessThan(1e-15 * Math.max(1, Math.abs(thetas[0][k])));
    }
  });

  it('refuses a whole pickled nn.Module and a legacy .pt with what to do, storing nothing', async () => {
    const before = (await studio.api.call('runs.list', {})).runs.length;
    const module = await refused(studio.api.call('runs.import', { file: file('whole_module.pt'), activations: ['tanh', 'identity'], data: { kind: 'teacher', teacher: 'fig6' } }));
    expect(module.code).toBe('invalid');
    expect(module.message).toMatch(/^runs\.import: file: whole_module\.pt: .*state_dict\(\)/);
    const legacy = await refused(studio.api.call('files.inspect', { file: file('legacy.pt') }));
    expect(legacy.code).toBe('invalid');
    expect(legacy.message).toMatch(/^files\.inspect: file: legacy\.pt: /);
    const truncated = readFileSync(join(DIR, 'softplus2.onnx')).subarray(0, 200);
    const cut = await refused(studio.api.call('files.inspect', { file: { name: 'cut.onnx', base64: truncated.toString('base64') } }));
    expect(cut.message).toMatch(/^files\.inspect: file: cut\.onnx: /);
    expect((await studio.api.call('runs.list', {})).runs.length).toBe(before);
  });
});
