import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCheckpoint } from '../../../native-workers/engine/formats/checkpoint';
import { predict } from '../../../native-workers/engine/derivatives/forward';
import { lossAndGradient } from '../../../native-workers/engine/derivatives/loss';
import { teacherDataset } from '../../../native-workers/engine/teachers/teachers';
import { runCli } from './runCli';

describe('escape-studio train and split', () => {
  const dir = mkdtempSync(join(tmpdir(), 'es-train-'));

  it('train --teacher fig6 --width 3 --seed 4 ends at a certified local minimum and writes checkpoint and trajectory', async () => {
    const run = await runCli(['train', '--teacher', 'fig6', '--width', '3', '--seed', '4', '--out', 'c3.json', '--trajectory', 't3.json', '--json'], dir);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    for (const key of ['finalLoss', 'gradNorm', 'classification', 'index', 'minEigenvalues', 'steps', 'seconds', 'stoppedBy']) expect(out).toHaveProperty(key);
    expect(out.classification).toBe('local-min');
    expect(out.index).toBe(0);
    expect(out.finalLoss as number).toBeCloseTo(1.8386e-4, 7);
    // The checkpoint holds the trained network: its loss on the same data (data seed 0) agrees.
    const net = parseCheckpoint(JSON.parse(readFileSync(join(dir, 'c3.json'), 'utf8')));
    const data = teacherDataset('fig6', { dataSeed: 0 });
    const g = new Float64Array(net.theta.length);
    expect(lossAndGradient(net.architecture, net.theta, data, g)).toBeCloseTo(out.finalLoss as number, 15);
    const traj = JSON.parse(readFileSync(join(dir, 't3.json'), 'utf8')) as { times: number[]; losses: number[]; thetas: number[][] };
    expect(traj.times[0]).toBe(0);
    expect(traj.thetas[0]).toHaveLength(13);
    expect(traj.losses[traj.losses.length - 1]).toBeLessThan(traj.losses[0]);
  });

  it('split --layer 1 --neuron 1 keeps the function and reports the check against the teacher data', async () => {
    const run = await runCli(
      ['split', '--checkpoint', 'c3.json', '--layer', '1', '--neuron', '1', '--gamma', '0.5', '--out', 'c4.json', '--teacher', 'fig6', '--json'],
      dir,
    );
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { width: number; copies: number[]; check: { maxFunctionChange: number; gradNormAfter: number } };
    expect(out.width).toBe(4);
    expect(out.copies).toEqual([1, 4]); // 1-based, as in the studio
    expect(out.check.maxFunctionChange).toBeLessThan(1e-12);
    expect(out.check.gradNormAfter).toBeLessThan(1e-10);
    const c3 = parseCheckpoint(JSON.parse(readFileSync(join(dir, 'c3.json'), 'utf8')));
    const c4 = parseCheckpoint(JSON.parse(readFileSync(join(dir, 'c4.json'), 'utf8')));
    const data = teacherDataset('fig6');
    const f3 = predict(c3.architecture, c3.theta, data.X, data.count);
    const f4 = predict(c4.architecture, c4.theta, data.X, data.count);
    expect(Math.max(...f3.map((v, i) => Math.abs(v - f4[i])))).toBeLessThan(1e-12);
  });

  it('analyze classifies the split point as a strict saddle', async () => {
    const run = await runCli(['analyze', '--checkpoint', 'c4.json', '--teacher', 'fig6', '--json'], dir);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { classification: string; index: number };
    expect(out.classification).toBe('strict-saddle');
    expect(out.index).toBeGreaterThan(0);
  });

  it('rejects bad flags with usage errors naming the flag', async () => {
    const bad = await runCli(['train', '--teacher', 'fig6', '--width', '3', '--seed', '1', '--method', 'sgd'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--method must be one of flow, gd, adam, minimize/);
    const noWidth = await runCli(['train', '--teacher', 'fig6', '--seed', '1'], dir);
    expect(noWidth.code).toBe(2);
    expect(noWidth.stderr).toMatch(/--width is required/);
    const badLayer = await runCli(['split', '--checkpoint', 'c3.json', '--layer', '2', '--neuron', '0', '--out', 'x.json'], dir);
    expect(badLayer.code).toBe(2);
    expect(badLayer.stderr).toMatch(/--layer must be a hidden layer in 1..1/);
    // Neurons are numbered from 1, as in the studio: 0 is out of range for a width-3 layer.
    const badNeuron = await runCli(['split', '--checkpoint', 'c3.json', '--layer', '1', '--neuron', '0', '--out', 'x.json'], dir);
    expect(badNeuron.code).toBe(2);
    expect(badNeuron.stderr).toMatch(/--neuron must be in 1..3/);
  });

  it('train --method minimize and --method gd run and report their stop reasons', async () => {
    const m = await runCli(['train', '--teacher', 'fig3c', '--width', '5', '--seed', '8', '--method', 'minimize', '--json'], dir);
    expect(m.code).toBe(0);
    const mo = JSON.parse(m.stdout) as { classification: string; stoppedBy: string };
    expect(typeof mo.classification).toBe('string');
    const g = await runCli(['train', '--teacher', 'fig6', '--width', '3', '--seed', '4', '--method', 'gd', '--lr', '0.05', '--max-steps', '200', '--no-polish', '--json'], dir);
    expect(g.code).toBe(0);
    const go = JSON.parse(g.stdout) as { steps: number; stoppedBy: string };
    expect(go.steps).toBe(200);
    expect(go.stoppedBy).toBe('gd: max-steps');
  });
});
