import { describe, expect, it } from 'vitest';
import { sampleInputs } from '../../../../native-workers/engine/core/distributions';
import { parameterCount } from '../../../../native-workers/engine/core/layout';
import { Rng } from '../../../../native-workers/engine/core/random';
import { TEACHER_NAMES, teacherDataset, TeacherError, teacherInfo, teacherNetwork, type TeacherName } from '../../../../native-workers/engine/teachers/teachers';

// The paper's formulas (Appendix F), written out independently of the engine.
const relu = (z: number): number => Math.max(z, 0);
const softplus = (z: number): number => Math.log1p(Math.exp(z));
const b = Math.sqrt(3) / 2;
const dot = (w: readonly number[], x: readonly number[]): number => w[0] * x[0] + w[1] * x[1];

const FORMULAS: Record<TeacherName, (x: [number, number]) => number> = {
  // eq. 22: w1 = [1, 1], w2 = −w1, w3 = [1, −1]
  fig3a: (x) => relu(dot([1, 1], x) - b) + relu(dot([-1, -1], x) - b) + relu(dot([1, -1], x) + b) - relu(dot([1, -1], x) - b),
  // F.2: Σ σ(wᵢ·x), σ = ReLU, no biases
  fig3c: (x) =>
    relu(dot([0.6, -0.5], x)) + relu(dot([-0.2, 0.1], x)) + relu(dot([0.5, 0.5], x)) + relu(dot([-0.6, -0.6], x)),
  // F.3: ½σ(w1·x − b) + σ(w2·x − b) + σ(w3·x + b) − 3/2 σ(w4·x − b), σ = softplus
  fig6: (x) =>
    0.5 * softplus(dot([1, 1], x) - b) +
    softplus(dot([-1, 1 / 3], x) - b) +
    softplus(dot([1 / 3, -1], x) + b) -
    1.5 * softplus(dot([-0.5, -1], x) - b),
};

describe('teachers', () => {
  it('lists the three paper teachers', () => {
    expect([...TEACHER_NAMES]).toEqual(['fig3a', 'fig3c', 'fig6']);
  });

  it.each(TEACHER_NAMES)('%s: dataset labels equal the paper formula', (name) => {
    const data = teacherDataset(name, { samples: 3000, dataSeed: 5 });
    expect(data.count).toBe(3000);
    expect(data.inputDim).toBe(2);
    expect(data.outputDim).toBe(1);
    for (let n = 0; n < data.count; n++) {
      const x: [number, number] = [data.X[2 * n], data.X[2 * n + 1]];
      expect(Math.abs(data.Y[n] - FORMULAS[name](x))).toBeLessThan(1e-13);
    }
  });

  it.each(TEACHER_NAMES)('%s: inputs are uniform on [−√3, √3]² drawn with Rng(dataSeed)', (name) => {
    const data = teacherDataset(name, { samples: 500, dataSeed: 11 });
    expect(data.X).toEqual(sampleInputs('uniform_sqrt3', 500, 2, new Rng(11)));
    const def = teacherDataset(name, { samples: 50 });
    expect(def.X).toEqual(sampleInputs('uniform_sqrt3', 50, 2, new Rng(0)));
    expect(teacherDataset(name, { samples: 50, dataSeed: 1 }).X).not.toEqual(def.X);
  });

  it('uses the paper sample counts by default', () => {
    expect(teacherDataset('fig3a').count).toBe(30000);
    expect(teacherDataset('fig3c').count).toBe(1600);
    expect(teacherDataset('fig6').count).toBe(1600);
    expect(teacherInfo('fig3a').defaultSamples).toBe(30000);
    expect(teacherInfo('fig6').samplesNote).toMatch(/does not give/);
  });

  it('builds 2 → 4 → 1 networks holding exactly the formula parameters', () => {
    const a = teacherNetwork('fig3a');
    expect(a.architecture.layers.map((l) => [l.inputs, l.outputs, l.bias, l.activation])).toEqual([
      [2, 4, true, 'relu'],
      [4, 1, false, 'identity'],
    ]);
    expect(parameterCount(a.architecture)).toBe(16);
    expect(Array.from(a.theta)).toEqual([1, 1, -1, -1, 1, -1, 1, -1, -b, -b, b, -b, 1, 1, 1, -1]);
    const c = teacherNetwork('fig3c');
    expect(c.architecture.layers.map((l) => l.bias)).toEqual([false, false]);
    expect(Array.from(c.theta)).toEqual([0.6, -0.5, -0.2, 0.1, 0.5, 0.5, -0.6, -0.6, 1, 1, 1, 1]);
    const f = teacherNetwork('fig6');
    expect(f.architecture.layers[0].activation).toBe('softplus');
    expect(Array.from(f.theta.subarray(12))).toEqual([0.5, 1, 1, -1.5]);
    expect(teacherInfo('fig6').activation).toBe('softplus');
    expect(teacherInfo('fig3c').inputDistribution).toBe('uniform_sqrt3');
  });

  it('rejects unknown names and bad sample counts', () => {
    expect(() => teacherNetwork('fig9' as TeacherName)).toThrow(TeacherError);
    expect(() => teacherNetwork('fig9' as TeacherName)).toThrow(/fig3a, fig3c, fig6/);
    expect(() => teacherDataset('fig3a', { samples: 0 })).toThrow(/samples/);
    expect(() => teacherDataset('fig3a', { samples: 2.5 })).toThrow(TeacherError);
  });
});
