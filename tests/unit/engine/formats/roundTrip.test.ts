/**
 * Networks back out: our .pt loaded by torch.load + load_state_dict into the matching nn.Sequential
 * gives our outputs (1e-15 relative); our ONNX runs in onnxruntime-node with our outputs; our
 * safetensors/npz read back by numpy hold our weights; and each file reads back to the same network.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { predict } from '../../../../native-workers/engine/derivatives/forward';
import { openNetworkFile, writeNetworkFile } from '../../../../native-workers/engine/formats/networkFile';
import { NETWORK_WRITE_FORMATS } from '../../../../native-workers/engine/formats/networkTypes';
import { initialize } from '../../../../native-workers/engine/core/init';
import { Rng } from '../../../../native-workers/engine/core/random';
import type { Architecture, Network } from '../../../../native-workers/engine/core/types';
import { runOnnx } from '../../../../main/cli/onnxCheck';

const arch = (sizes: number[], act: Architecture['layers'][number]['activation'], outBias = true): Architecture => ({
  layers: sizes.slice(1).map((outputs, i) => ({
    inputs: sizes[i],
    outputs,
    bias: i < sizes.length - 2 || outBias,
    activation: i < sizes.length - 2 ? act : 'identity',
  })),
});
const NETS: Record<string, Network> = {};
for (const [name, a] of Object.entries({ tanh3: arch([3, 6, 4, 2], 'tanh'), softplus2: arch([2, 4, 1], 'softplus'), relu_nobias: arch([2, 5, 1], 'relu', false), gelu2: arch([2, 3, 1], 'gelu') }))
  NETS[name] = { architecture: a, theta: initialize(a, 'glorot_normal', new Rng(7)) };

const X = (d: number, n: number): Float64Array => {
  const rng = new Rng(3);
  return Float64Array.from({ length: n * d }, () => rng.normal());
};
const dir = mkdtempSync(join(tmpdir(), 'es-formats-'));
const ACT_MODULE: Record<string, string> = { tanh: 'Tanh()', softplus: 'Softplus()', relu: 'ReLU()', gelu: 'GELU()' };

function python(script: string): string {
  return execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8', timeout: 120_000 });
}

describe.each(Object.keys(NETS))('%s', (name) => {
  const net = NETS[name];
  const d = net.architecture.layers[0].inputs;
  const n = 7;
  const x = X(d, n);
  const ours = predict(net.architecture, net.theta, x, n);
  const act = net.architecture.layers[0].activation;

  it('every written format reads back to the same network', () => {
    for (const format of NETWORK_WRITE_FORMATS) {
      const bytes = writeNetworkFile(net, format);
      const back = openNetworkFile(bytes, `net.${format}`, { activations: act });
      expect(back.network.architecture).toEqual(net.architecture);
      expect(Array.from(back.network.theta)).toEqual(Array.from(net.theta));
    }
    // safetensors and ONNX carry the activations themselves.
    expect(openNetworkFile(writeNetworkFile(net, 'safetensors'), 'n.safetensors').activationsFromFile).toBe(true);
    expect(openNetworkFile(writeNetworkFile(net, 'onnx'), 'n.onnx').network.architecture).toEqual(net.architecture);
  });

  it('torch.load + load_state_dict into nn.Sequential gives our outputs (1e-15 relative)', () => {
    const pt = join(dir, `${name}.pt`);
    writeFileSync(pt, writeNetworkFile(net, 'pytorch'));
    const mods = net.architecture.layers
      .map((l, i) => `torch.nn.Linear(${l.inputs}, ${l.outputs}, bias=${l.bias ? 'True' : 'False'})` + (i < net.architecture.layers.length - 1 ? `, torch.nn.${ACT_MODULE[l.activation]}` : ''))
      .join(', ');
    const out = python(
      `import torch, json\ntorch.set_default_dtype(torch.float64)\nm = torch.nn.Sequential(${mods})\n` +
        `m.load_state_dict(torch.load(${JSON.stringify(pt)}), strict=True)\n` +
        `x = torch.tensor(${JSON.stringify(Array.from(x))}).reshape(${n}, ${d})\n` +
        `print(json.dumps([float(v) for v in m(x).detach().reshape(-1)]))`,
    );
    const theirs = JSON.parse(out) as number[];
    expect(theirs.length).toBe(ours.length);
    const scale = Math.max(...Array.from(ours, Math.abs));
    theirs.forEach((v, i) => expect(Math.abs(v - ours[i])).toBeLessThanOrEqual(1e-15 * scale));
  });

  it('onnxruntime-node runs our ONNX with our outputs', async () => {
    if (act === 'gelu') {
      // Valid ONNX (Erf), but onnxruntime's CPU provider has no float64 Erf kernel: a clear refusal.
      await expect(runOnnx(writeNetworkFile(net, 'onnx'), x, n, d)).rejects.toThrow(/Erf/);
      return;
    }
    const { outputs, inputType } = await runOnnx(writeNetworkFile(net, 'onnx'), x, n, d);
    expect(inputType).toBe('float64');
    const scale = Math.max(...Array.from(ours, Math.abs));
    outputs.forEach((v, i) => expect(Math.abs(v - ours[i])).toBeLessThanOrEqual(1e-14 * scale));
  });

  it('numpy reads our safetensors and npz back to the same weights', () => {
    const st = join(dir, `${name}.safetensors`);
    const npz = join(dir, `${name}.npz`);
    writeFileSync(st, writeNetworkFile(net, 'safetensors'));
    writeFileSync(npz, writeNetworkFile(net, 'npz'));
    const out = python(
      `import json, struct, numpy as np\nb = open(${JSON.stringify(st)}, 'rb').read()\nn = struct.unpack('<Q', b[:8])[0]\nh = json.loads(b[8:8+n])\n` +
        `st = {k: np.frombuffer(b[8+n+v['data_offsets'][0]:8+n+v['data_offsets'][1]], dtype='<f8').reshape(v['shape']).tolist() for k, v in h.items() if k != '__metadata__'}\n` +
        `z = np.load(${JSON.stringify(npz)})\nprint(json.dumps({'st': st, 'npz': {k: z[k].tolist() for k in z.files}, 'order': z.files}))`,
    );
    const got = JSON.parse(out) as { st: Record<string, unknown>; npz: Record<string, unknown>; order: string[] };
    const back = openNetworkFile(writeNetworkFile(net, 'npz'), 'n.npz', { activations: act });
    expect(got.st).toEqual(got.npz);
    const flat: number[] = [];
    for (const k of got.order) flat.push(...(got.npz[k] as number[] | number[][]).flat());
    expect(flat).toEqual(Array.from(net.theta));
    expect(back.tensors.map((t) => t.name)).toEqual(got.order);
  });
});
