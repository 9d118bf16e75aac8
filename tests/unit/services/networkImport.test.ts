/**
 * Networks in and out of the studio through the real service: `files.inspect`, `runs.import`
 * (an imported run that analyze, landscape, split and train all work on) and `networks.export`.
 * The truth is PyTorch: tests/fixtures/import/make_import_fixtures.py wrote the files and torch's
 * outputs on probe inputs; the loss is recomputed here by hand from the fixture's weights.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../contract/errors';
import { MAX_UPLOAD_BYTES } from '../../../contract/files';
import { predict, teacherDataset } from '../../../native-workers/engine';
import { useStudioService } from '../helpers/studioFixture';

const FIXTURES = join(__dirname, '../../fixtures/import');
const studio = useStudioService('import');

function upload(file: string): { name: string; base64: string } {
  return { name: file, base64: readFileSync(join(FIXTURES, file)).toString('base64') };
}

function expected(stem: string): { X: number[][]; outputs: number[][] } {
  return JSON.parse(readFileSync(join(FIXTURES, `${stem}.expected.json`), 'utf8')) as { X: number[][]; outputs: number[][] };
}

/** Our forward pass on torch's probe inputs equals torch's outputs. */
function expectTorchOutputs(stem: string, layers: { inputs: number; outputs: number; bias: boolean; activation: 'identity' | 'relu' | 'softplus' | 'sigmoid' | 'tanh' | 'gelu' | 'normal_cdf' | 'g' | 'square' }[], theta: number[]): void {
  const { X, outputs } = expected(stem);
  const y = predict({ layers }, Float64Array.from(theta), Float64Array.from(X.flat()), X.length);
  const truth = outputs.flat();
  for (let k = 0; k < truth.length; k++) expect(Math.abs(y[k] - truth[k])).toBeLessThan(1e-14 * Math.max(1, Math.abs(truth[k])));
}

async function rejected(promise: Promise<unknown>): Promise<StudioError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StudioError);
  return error as StudioError;
}


describe('files.inspect', () => {
  it('says what a weights-only safetensors file holds, activations unknown', async () => {
    const info = await studio.api.call('files.inspect', { file: upload('softplus_2_3_1.safetensors') });
    expect(info).toMatchObject({ fileName: 'softplus_2_3_1.safetensors', format: 'safetensors', parameterCount: 13, inputDim: 2, outputDim: 1, activationsFromFile: false });
    expect(info.layers).toEqual([
      { inputs: 2, outputs: 3, bias: true, activation: null },
      { inputs: 3, outputs: 1, bias: true, activation: null },
    ]);
    expect(info.tensors.map((t) => [t.name, t.dtype, t.shape])).toEqual([
      ['0.weight', expect.stringMatching(/f64|F64|float64/), [3, 2]],
      ['0.bias', expect.stringMatching(/f64|F64|float64/), [3]],
      ['2.weight', expect.stringMatching(/f64|F64|float64/), [1, 3]],
      ['2.bias', expect.stringMatching(/f64|F64|float64/), [1]],
    ]);
  });

  it('reads the activations from our JSON, and takes the user’s where given', async () => {
    const own = await studio.api.call('files.inspect', { file: upload('softplus_2_3_1.json') });
    expect(own).toMatchObject({ format: 'json', activationsFromFile: true });
    expect(own.layers.map((l) => l.activation)).toEqual(['softplus', 'identity']);
    const fixed = await studio.api.call('files.inspect', { file: upload('softplus_2_3_1.safetensors'), activations: ['tanh', 'identity'] });
    expect(fixed.layers.map((l) => l.activation)).toEqual(['tanh', 'identity']);
  });

  it('refuses oversized, non-base64, unknown and inconsistent files with errors that say so', async () => {
    const big = 'A'.repeat(Math.ceil((MAX_UPLOAD_BYTES + 1024) / 3) * 4);
    const tooBig = await rejected(studio.api.call('files.inspect', { file: { name: 'huge.pt', base64: big } }));
    expect(tooBig.code).toBe('invalid');
    const limit = (MAX_UPLOAD_BYTES / 2 ** 20).toFixed(1);
    expect(tooBig.message).toBe(`files.inspect: file.base64: file is ${((MAX_UPLOAD_BYTES + 1024) / 2 ** 20).toFixed(1)} MiB, over the upload limit of ${limit} MiB`);
    const notB64 = await rejected(studio.api.call('files.inspect', { file: { name: 'x.pt', base64: 'ab$%' } }));
    expect(notB64.message).toMatch(/file\.base64: expected the file content as a base64 string/);
    const garbage = await rejected(studio.api.call('files.inspect', { file: { name: 'noise.pt', base64: Buffer.from('not a network at all').toString('base64') } }));
    expect(garbage.code).toBe('invalid');
    expect(garbage.message).toMatch(/^files\.inspect: file: noise\.pt: /);
    const count = await rejected(studio.api.call('files.inspect', { file: upload('softplus_2_3_1.safetensors'), activations: ['tanh'] }));
    expect(count.message).toMatch(/softplus_2_3_1\.safetensors: 1 activation given but the network has 2 layers/);
  });
});

describe('runs.import', () => {
  let importedId = '';

  it('stores a safetensors network as a run with origin import, listed and announced like the others', async () => {
    const { run, network } = await studio.api.call('runs.import', {
      file: upload('softplus_2_3_1.safetensors'),
      activations: ['softplus', 'identity'],
      data: { kind: 'teacher', teacher: 'fig6' },
    });
    importedId = run.runId;
    expect(run.origin).toEqual({ kind: 'import', file: 'softplus_2_3_1.safetensors', format: 'safetensors' });
    expect(run).toMatchObject({ name: 'softplus_2_3_1.safetensors', parameterCount: 13, spec: { teacher: 'fig6', width: 3, activation: 'softplus' } });
    expect(network.parameterCount).toBe(13);
    expect(studio.events.some((e) => e.type === 'run.added' && e.payload.run.runId === run.runId)).toBe(true);
    expect((await studio.api.call('runs.list', {})).runs.map((r) => r.runId)).toContain(run.runId);

    const detail = await studio.api.call('runs.get', { runId: run.runId });
    expect(detail.finalTheta).toEqual(detail.initialTheta);
    const layers = [
      { inputs: 2, outputs: 3, bias: true, activation: 'softplus' as const },
      { inputs: 3, outputs: 1, bias: true, activation: 'identity' as const },
    ];
    expectTorchOutputs('softplus_2_3_1', layers, detail.finalTheta);

    // The stored loss, recomputed by hand from the fixture's weights on the fig6 data.
    const json = JSON.parse(readFileSync(join(FIXTURES, 'softplus_2_3_1.json'), 'utf8')) as { layers: { weight: number[][]; bias: number[] }[] };
    const [l1, l2] = json.layers;
    const data = teacherDataset('fig6');
    let sum = 0;
    for (let n = 0; n < data.count; n++) {
      const x = [data.X[2 * n], data.X[2 * n + 1]];
      const h = l1.weight.map((w, j) => {
        const z = w[0] * x[0] + w[1] * x[1] + l1.bias[j];
        return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
      });
      const f = l2.weight[0].reduce((s, w, j) => s + w * h[j], l2.bias[0]);
      sum += (f - data.Y[n]) ** 2;
    }
    expect(run.result.finalLoss).toBeCloseTo(sum / data.count, 14);
    expect(run.result.classification).not.toBeNull();
  });

  it('analyze, landscape, split and train all work on the imported run', async () => {
    const analysis = await studio.api.call('analyze', { source: { kind: 'run', runId: importedId } });
    const stored = (await studio.api.call('runs.get', { runId: importedId })).run.result;
    expect(analysis.loss).toBeCloseTo(stored.finalLoss, 15);
    expect(analysis.eigenvalues).toHaveLength(13);

    const landscape = await studio.api.call('landscape', { source: { kind: 'run', runId: importedId }, plane: { kind: 'random', seed: 1 }, resolution: 5 });
    expect(Math.abs(landscape.originLoss - stored.finalLoss)).toBeLessThan(1e-14 * stored.finalLoss);

    const split = await studio.api.call('split', { source: { kind: 'run', runId: importedId }, neuron: 1, gamma: 0.4 });
    expect(split.maxFunctionChange).toBeLessThan(1e-12);

    const detail = await studio.api.call('runs.get', { runId: importedId });
    const started = await studio.api.call('experiments.start', {
      teacher: 'fig6',
      width: 3,
      activation: 'softplus',
      seeds: [0],
      method: 'minimize',
      budgets: { maxSteps: 50 },
      initialTheta: detail.finalTheta,
      origin: { kind: 'train', fromRunId: importedId },
    });
    expect((await studio.settled(started.jobs[0].jobId)).type).toBe('job.done');
    const trained = await studio.api.call('runs.get', { runId: started.jobs[0].runId });
    expect(trained.run.origin).toEqual({ kind: 'train', fromRunId: importedId });
    expect(trained.initialTheta).toEqual(detail.finalTheta);
    expect(trained.run.result.finalLoss).toBeLessThanOrEqual(stored.finalLoss);
  });

  it('a deeper PyTorch state_dict (2→4→3→1 tanh) imports, trains with its own architecture, and splits', async () => {
    const { run } = await studio.api.call('runs.import', {
      file: upload('tanh_2_4_3_1.pt'),
      activations: ['tanh', 'tanh', 'identity'],
      data: { kind: 'teacher', teacher: 'fig6', samples: 200 },
      name: 'deep tanh',
    });
    expect(run.origin).toEqual({ kind: 'import', file: 'tanh_2_4_3_1.pt', format: 'pytorch' });
    const detail = await studio.api.call('runs.get', { runId: run.runId });
    const layers = [
      { inputs: 2, outputs: 4, bias: true, activation: 'tanh' as const },
      { inputs: 4, outputs: 3, bias: true, activation: 'tanh' as const },
      { inputs: 3, outputs: 1, bias: true, activation: 'identity' as const },
    ];
    expectTorchOutputs('tanh_2_4_3_1', layers, detail.finalTheta);

    const started = await studio.api.call('experiments.start', {
      teacher: 'fig6',
      samples: 200,
      width: 4,
      seeds: [0],
      method: 'minimize',
      budgets: { maxSteps: 30 },
      initialTheta: detail.finalTheta,
      architecture: { layers },
      origin: { kind: 'train', fromRunId: run.runId },
    });
    expect((await studio.settled(started.jobs[0].jobId)).type).toBe('job.done');
    const trained = await studio.api.call('runs.get', { runId: started.jobs[0].runId });
    expect(trained.run.parameterCount).toBe(detail.run.parameterCount);
    expect(trained.run.result.finalLoss).toBeLessThanOrEqual(run.result.finalLoss);

    const split = await studio.api.call('split', { source: { kind: 'run', runId: run.runId }, layer: 1, neuron: 0, gamma: 0.5 });
    expect(split.parameterCount).toBe(detail.run.parameterCount + 4 + 1 + 1);
    expect(split.maxFunctionChange).toBeLessThan(1e-12);
  });

  it('refuses a network that does not fit the chosen data, and an unknown split parent', async () => {
    const json = JSON.stringify({ format: 'escape-studio/mlp@1', layers: [{ weight: [[1, 2, 3]], bias: null, activation: 'identity' }] });
    const misfit = await rejected(
      studio.api.call('runs.import', { file: { name: 'three.json', base64: Buffer.from(json).toString('base64') }, data: { kind: 'teacher', teacher: 'fig6' } }),
    );
    expect(misfit.message).toBe('runs.import: data.teacher: the network maps 3 inputs → 1 outputs, the fig6 data has 2 inputs → 1 targets; open a dataset file for this network instead');
    const needs = await rejected(studio.api.call('runs.import', { file: upload('softplus_2_3_1.safetensors'), data: { kind: 'teacher', teacher: 'fig6' } }));
    expect(needs.message).toMatch(/^runs\.import: file: softplus_2_3_1\.safetensors: the file holds weights only .* give them/);
    const orphan = await rejected(
      studio.api.call('experiments.start', {
        teacher: 'fig6',
        width: 3,
        seeds: [0],
        origin: { kind: 'split', parentRunId: 'run-gone', neuron: 0, gamma: 0.5, nudge: 0 },
      }),
    );
    expect(orphan.code).toBe('not-found');
    expect(orphan.message).toBe("experiments.start: origin.parentRunId: no run 'run-gone' in the workspace");
  });
});

describe('networks.export', () => {
  it('writes an imported run back as a .pt that torch loads into the matching nn.Sequential', async () => {
    const { run } = await studio.api.call('runs.import', { file: upload('softplus_2_3_1.json'), data: { kind: 'teacher', teacher: 'fig6' } });
    const out = await studio.api.call('networks.export', { runId: run.runId, format: 'pt' });
    expect(out.fileName).toBe('softplus_2_3_1.json-final.pt');
    const path = join(studio.dir, 'roundtrip.pt');
    writeFileSync(path, Buffer.from(out.base64, 'base64'));
    expect(out.byteLength).toBe(readFileSync(path).length);
    const { X } = expected('softplus_2_3_1');
    const script = [
      'import json, sys, torch',
      'm = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Softplus(), torch.nn.Linear(3, 1)).double()',
      'm.load_state_dict(torch.load(sys.argv[1]))',
      'X = torch.tensor(json.loads(sys.argv[2]), dtype=torch.float64)',
      'print(json.dumps(m(X).detach().tolist()))',
    ].join('\n');
    const printed = execFileSync('/usr/bin/python3', ['-c', script, path, JSON.stringify(X)], { encoding: 'utf8' });
    const roundTrip = (JSON.parse(printed) as number[][]).flat();
    const truth = expected('softplus_2_3_1').outputs.flat();
    for (let k = 0; k < truth.length; k++) expect(Math.abs(roundTrip[k] - truth[k])).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(truth[k])));
  });

  it('writes every format, and each reads back as the same network', async () => {
    const { run } = await studio.api.call('runs.import', { file: upload('softplus_2_3_1.json'), data: { kind: 'teacher', teacher: 'fig6' } });
    const theta = (await studio.api.call('runs.get', { runId: run.runId })).finalTheta;
    for (const format of ['pt', 'safetensors', 'onnx', 'npz', 'json'] as const) {
      const out = await studio.api.call('networks.export', { runId: run.runId, format });
      expect(out.fileName.endsWith(`.${format}`)).toBe(true);
      const back = await studio.api.call('files.inspect', { file: { name: out.fileName, base64: out.base64 }, activations: ['softplus', 'identity'] });
      expect(back.parameterCount).toBe(13);
      const again = await studio.api.call('runs.import', {
        file: { name: out.fileName, base64: out.base64 },
        activations: ['softplus', 'identity'],
        data: { kind: 'teacher', teacher: 'fig6' },
      });
      expect((await studio.api.call('runs.get', { runId: again.run.runId })).finalTheta).toEqual(theta);
    }
  });
});
