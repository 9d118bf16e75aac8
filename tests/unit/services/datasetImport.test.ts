/**
 * An imported network on its own dataset file, through the real service: `datasets.import` stores
 * tanh3_data.npz, the 3→6→4→2 tanh net (fits no teacher) is imported from .onnx and .pt on it, then
 * analyze, landscape, split and train run on the stored dataset. The truth is PyTorch float64
 * autograd: tests/fixtures/checkpoints/make_fixtures.py wrote the files and expected.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { refused, useStudioService } from '../helpers/studioFixture';

const DIR = join(__dirname, '../../fixtures/checkpoints');
const TANH3 = (JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as {
  nets: Record<string, { loss: number; gradNorm: number; eigenvalues: number[]; parameterCount: number; sizes: number[] }>;
}).nets.tanh3;
const studio = useStudioService('datasets');

const file = (name: string) => ({ name, base64: readFileSync(join(DIR, name)).toString('base64') });
const text = (name: string, body: string) => ({ name, base64: Buffer.from(body).toString('base64') });
const close = (value: number, truth: number, tol = 1e-12) => expect(Math.abs(value - truth)).toBeLessThan(tol * Math.max(1, Math.abs(truth)));



describe('datasets.inspect / datasets.import', () => {
  it('says which keys, how many samples and which dims, and stores X, Y for the list', async () => {
    const info = await studio.api.call('datasets.inspect', { file: file('tanh3_data.npz') });
    expect(info).toMatchObject({ format: 'npz', count: 25, inputDim: 3, outputDim: 2 });
    expect(info.notes.join(' ')).toMatch(/inputs from "X", targets from "y"/);
    const before = (await studio.api.call('datasets.list', {})).datasets.length;
    const stored = await studio.api.call('datasets.import', { file: file('tanh3_data.npz'), inputDim: 3, outputDim: 2 });
    expect(stored.datasetId).toMatch(/^data-/);
    const listed = (await studio.api.call('datasets.list', {})).datasets;
    expect(listed).toHaveLength(before + 1);
    expect(listed.find((d) => d.datasetId === stored.datasetId)).toEqual(stored);
  });

  it('reads a CSV with the target columns chosen, and lists its columns for the chooser', async () => {
    const csv = 'a,b,t\n1,2,3\n4,5,6\n7,8,10\n';
    const byDefault = await studio.api.call('datasets.inspect', { file: text('d.csv', csv) });
    expect(byDefault).toMatchObject({ format: 'csv', count: 3, inputDim: 2, outputDim: 1, inputColumns: ['a', 'b'], targetColumns: ['t'] });
    const chosen = await studio.api.call('datasets.inspect', { file: text('d.csv', csv), targets: ['a', 't'] });
    expect(chosen).toMatchObject({ inputDim: 1, outputDim: 2, inputColumns: ['b'], targetColumns: ['a', 't'] });
    expect([...chosen.columns!].sort()).toEqual(['a', 'b', 't']);
  });

  it('refuses hostile and mismatched files with the problem named', async () => {
    const garbage = await refused(studio.api.call('datasets.import', { file: { name: 'x.npz', base64: Buffer.from('PK\x03\x04garbage').toString('base64') } }));
    expect(garbage.code).toBe('invalid');
    expect(garbage.message).toMatch(/^datasets\.import: file: x\.npz: /);
    const nan = await refused(studio.api.call('datasets.import', { file: text('n.csv', 'a,y\n1,2\nnan,3\n') }));
    expect(nan.message).toMatch(/n\.csv: .*(finite|nan|NaN)/i);
    const dims = await refused(studio.api.call('datasets.import', { file: file('tanh3_data.npz'), inputDim: 2, outputDim: 1 }));
    expect(dims.message).toMatch(/3 columns but the network expects 2 inputs/);
    const half = await refused(studio.api.call('datasets.import', { file: file('tanh3_data.npz'), inputDim: 3 }));
    expect(half.message).toMatch(/inputDim, outputDim: give both/);
    const single = await refused(studio.api.call('datasets.import', { file: file('softplus2_X.npy') }));
    expect(single.message).toMatch(/two \.npy files/);
    const pair = await studio.api.call('datasets.inspect', { file: file('softplus2_X.npy'), targetsFile: file('softplus2_y.npy') });
    expect(pair).toMatchObject({ format: 'npy', inputDim: 2, outputDim: 1 });
  });
});

describe('an imported 3→6→4→2 tanh net on its stored dataset', () => {
  it('is evaluated, analysed, split, mapped and trained on the dataset, matching torch', async () => {
    const data = await studio.api.call('datasets.import', { file: file('tanh3_data.npz') });
    // No teacher fits this net: the teacher's data is refused with both shapes named.
    const misfit = await refused(studio.api.call('runs.import', { file: file('tanh3.onnx'), data: { kind: 'teacher', teacher: 'fig6' } }));
    expect(misfit.message).toBe('runs.import: data.teacher: the network maps 3 inputs → 2 outputs, the fig6 data has 2 inputs → 1 targets; open a dataset file for this network instead');

    const runs = [];
    for (const name of ['tanh3.onnx', 'tanh3.pt']) {
      const { run } = await studio.api.call('runs.import', {
        file: file(name),
        ...(name.endsWith('.pt') ? { activations: ['tanh', 'tanh', 'identity'] as const } : {}),
        data: { kind: 'dataset', datasetId: data.datasetId },
      });
      expect(run.spec.dataset).toBe(data.datasetId);
      expect(run.parameterCount).toBe(TANH3.parameterCount);
      close(run.result.finalLoss, TANH3.loss);
      close(run.result.gradNorm, TANH3.gradNorm);
      runs.push(run);
    }
    const source = { kind: 'run' as const, runId: runs[0].runId };

    const analysis = await studio.api.call('analyze', { source, spectrum: { mode: 'dense', smallest: 10, largest: 5 } });
    close(analysis.loss, TANH3.loss);
    close(analysis.gradNorm, TANH3.gradNorm);
    const scale = Math.max(...TANH3.eigenvalues.map(Math.abs));
    const truth = [...TANH3.eigenvalues].sort((a, b) => a - b);
    const ours = [...analysis.eigenvalues].sort((a, b) => a - b);
    expect(ours).toHaveLength(truth.length);
    ours.forEach((l, k) => expect(Math.abs(l - truth[k])).toBeLessThan(1e-9 * scale));

    // The centre of the plane is θ itself: its loss is torch's.
    const map = await studio.api.call('landscape', { source, plane: { kind: 'random', seed: 3 }, alphaRange: [-1, 1], betaRange: [-1, 1], resolution: 3 });
    close(map.loss[4], TANH3.loss);
    expect(map.loss.every((v) => Number.isFinite(v))).toBe(true);

    // Splitting a hidden neuron keeps the function, hence the loss on the stored data.
    const split = await studio.api.call('split', { source, layer: 1, neuron: 0, gamma: 0.5 });
    expect(split.parameterCount).toBe(TANH3.parameterCount + 6 + 1 + 2);
    expect(split.maxFunctionChange).toBeLessThan(1e-12);
    close(split.exact.loss, TANH3.loss);

    const detail = await studio.api.call('runs.get', { runId: runs[0].runId });
    const started = await studio.api.call('experiments.start', {
      teacher: 'fig3a',
      width: 6,
      seeds: [0],
      method: 'minimize',
      budgets: { maxSteps: 200 },
      architecture: { layers: detail.architecture.layers },
      initialTheta: detail.finalTheta,
      dataset: data.datasetId,
      origin: { kind: 'train', fromRunId: runs[0].runId },
    });
    const done = await studio.settled(started.jobs[0].jobId);
    expect(done.type).toBe('job.done');
    const trained = await studio.api.call('runs.get', { runId: started.jobs[0].runId });
    expect(trained.run.spec.dataset).toBe(data.datasetId);
    expect(trained.run.result.finalLoss).toBeLessThan(TANH3.loss);
    // The trained run's loss is on the stored data: analyze agrees with what training recorded.
    const again = await studio.api.call('analyze', { source: { kind: 'run', runId: trained.run.runId } });
    close(again.loss, trained.run.result.finalLoss, 1e-9);
  });

  it('refuses training or importing on a dataset of the wrong size, or one that is gone', async () => {
    const data = await studio.api.call('datasets.import', { file: file('softplus2_data.npz') });
    const wrong = await refused(studio.api.call('runs.import', { file: file('tanh3.onnx'), data: { kind: 'dataset', datasetId: data.datasetId } }));
    expect(wrong.message).toBe('runs.import: data.datasetId: the network maps 3 inputs → 2 outputs, the dataset softplus2_data.npz has 2 inputs → 1 targets');
    const gone = await refused(studio.api.call('runs.import', { file: file('tanh3.onnx'), data: { kind: 'dataset', datasetId: 'data-gone' } }));
    expect(gone.code).toBe('not-found');
    const noArch = await refused(studio.api.call('experiments.start', { teacher: 'fig3a', width: 4, seeds: [0], dataset: data.datasetId }));
    expect(noArch.message).toMatch(/experiments\.start: architecture: training on a stored dataset needs the network's architecture/);
    const misfit = await refused(
      studio.api.call('experiments.start', {
        teacher: 'fig3a',
        width: 4,
        seeds: [0],
        dataset: data.datasetId,
        architecture: { layers: [{ inputs: 3, outputs: 4, bias: true, activation: 'tanh' }, { inputs: 4, outputs: 1, bias: true, activation: 'identity' }] },
      }),
    );
    expect(misfit.message).toBe("experiments.start: dataset: the network maps 3 → 1, dataset 'softplus2_data.npz' has 2 inputs → 1 targets");
  });
});
