import { describe, expect, it } from 'vitest';
import { predict } from '../../../../native-workers/engine/derivatives/forward';
import { lossAndGradient } from '../../../../native-workers/engine/derivatives/loss';
import {
  addZeroNeuron,
  alignToTeacher,
  minCostAssignment,
  NeuronOperationError,
  removeNeuron,
  splitNeuron,
  splitTimeScale,
} from '../../../../native-workers/engine/neurons';
import { gradientFlow } from '../../../../native-workers/engine/train/flow';
import { minimize } from '../../../../native-workers/engine/train/minimize';
import { networkObjective } from '../../../../native-workers/engine/train/objective';
import { parameterCount } from '../../../../native-workers/engine/core/layout';
import type { Architecture, Dataset, Network } from '../../../../native-workers/engine/core/types';

// Deterministic, irregular test data (no RNG needed): points on a 2-D low-discrepancy spiral.
function inputs(count: number): Float64Array {
  const X = new Float64Array(2 * count);
  for (let n = 0; n < count; n++) {
    X[2 * n] = 1.7 * Math.sin(2.399963 * n) * Math.sqrt((n + 0.5) / count);
    X[2 * n + 1] = 1.7 * Math.cos(2.399963 * n) * Math.sqrt((n + 0.5) / count);
  }
  return X;
}

const arch = (m: number, act: 'softplus' | 'relu' | 'tanh' = 'softplus'): Architecture => ({
  layers: [
    { inputs: 2, outputs: m, bias: true, activation: act },
    { inputs: m, outputs: 1, bias: true, activation: 'identity' },
  ],
});

const teacher: Network = {
  architecture: arch(3),
  theta: Float64Array.from([1, 1, -1, 1 / 3, 1 / 3, -1, -0.87, -0.87, 0.87, 0.5, 1, -1.5, 0]),
};

function teacherData(count: number): Dataset {
  const X = inputs(count);
  return { count, inputDim: 2, outputDim: 1, X, Y: predict(teacher.architecture, teacher.theta, X, count) };
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function gradNorm(net: Network, data: Dataset): number {
  const g = new Float64Array(net.theta.length);
  lossAndGradient(net.architecture, net.theta, data, g);
  return Math.hypot(...g);
}

describe('splitNeuron', () => {
  const data = teacherData(200);
  const net: Network = {
    architecture: arch(2),
    theta: Float64Array.from([0.9, 0.8, -1.1, 0.4, -0.5, 0.3, 0.7, -1.2, 0.05]),
  };

  it('keeps the network function (to 1e-12) for any γ, and puts the copy last', () => {
    for (const gamma of [0.5, 0.2, -0.7, 1.6]) {
      const s = splitNeuron(net, { layer: 0, neuron: 0, gamma });
      expect(s.copies).toEqual([0, 2]);
      expect(s.network.architecture.layers[0].outputs).toBe(3);
      expect(maxDiff(predict(s.network.architecture, s.network.theta, data.X, data.count), predict(net.architecture, net.theta, data.X, data.count))).toBeLessThan(1e-12);
    }
  });

  it('works in a deeper network (middle hidden layer)', () => {
    const deep: Architecture = {
      layers: [
        { inputs: 2, outputs: 3, bias: true, activation: 'tanh' },
        { inputs: 3, outputs: 2, bias: false, activation: 'softplus' },
        { inputs: 2, outputs: 2, bias: true, activation: 'identity' },
      ],
    };
    const theta = Float64Array.from({ length: parameterCount(deep) }, (_, i) => Math.sin(1.3 * i + 0.2));
    const s = splitNeuron({ architecture: deep, theta }, { layer: 1, neuron: 1, gamma: 0.3 });
    expect(s.network.architecture.layers[1].outputs).toBe(3);
    expect(s.network.architecture.layers[2].inputs).toBe(3);
    expect(maxDiff(predict(s.network.architecture, s.network.theta, data.X, data.count), predict(deep, theta, data.X, data.count))).toBeLessThan(1e-12);
  });

  it('a perturbation along the split difference changes the function only to second order', () => {
    const dir = Float64Array.of(0.3, -1, 0.5);
    const f0 = predict(net.architecture, net.theta, data.X, data.count);
    const d = (eps: number): number => {
      const s = splitNeuron(net, { layer: 0, neuron: 1, gamma: 0.3, perturb: eps, direction: dir });
      return maxDiff(predict(s.network.architecture, s.network.theta, data.X, data.count), f0);
    };
    const ratio = d(1e-3) / d(1e-4);
    expect(ratio).toBeGreaterThan(80);
    expect(ratio).toBeLessThan(120);
  });

  it('maps a critical point to a critical point (Thm. 3.1)', () => {
    const obj = networkObjective(net.architecture, data);
    const r = minimize(obj, net.theta, { gradFloor: 1e-13 });
    const crit: Network = { architecture: net.architecture, theta: r.theta };
    expect(gradNorm(crit, data)).toBeLessThan(1e-11);
    for (const gamma of [0.5, 0.1, 1.7]) {
      const s = splitNeuron(crit, { layer: 0, neuron: 0, gamma });
      expect(gradNorm(s.network, data)).toBeLessThan(1e-10);
    }
  });

  it('rejects bad indices naming the field', () => {
    expect(() => splitNeuron(net, { layer: 1, neuron: 0 })).toThrow(NeuronOperationError);
    expect(() => splitNeuron(net, { layer: 0, neuron: 2 })).toThrow(/neuron must be in 0..1/);
    expect(() => splitNeuron(net, { layer: 0, neuron: 0, perturb: 1e-3 })).toThrow(/direction/);
  });
});

describe('splitTimeScale', () => {
  it('makes the split network follow the unsplit gradient flow exactly (Fig. E7 mechanism)', () => {
    const data = teacherData(120);
    const small: Network = { architecture: arch(2), theta: Float64Array.from([0.9, 0.8, -1.1, 0.4, -0.5, 0.3, 0.7, -1.2, 0.05]) };
    const split = splitNeuron(small, { layer: 0, neuron: 1, gamma: 0.3 });
    const scale = splitTimeScale(split, 0);
    expect(scale[2 * 1]).toBeCloseTo(1 / 0.3, 14);
    expect(scale[2 * 2]).toBeCloseTo(1 / 0.7, 14);
    const T = 20;
    const opts = { maxTime: T, relTol: 1e-10, absTol: 1e-12, polish: false } as const;
    const a = gradientFlow(networkObjective(small.architecture, data), small.theta, opts);
    const b = gradientFlow(networkObjective(split.network.architecture, data), split.network.theta, { ...opts, timeScale: scale });
    const fa = predict(small.architecture, a.finalTheta, data.X, data.count);
    const fb = predict(split.network.architecture, b.finalTheta, data.X, data.count);
    expect(maxDiff(fa, fb)).toBeLessThan(1e-7);
    // Without compensation the trajectories differ visibly.
    const c = gradientFlow(networkObjective(split.network.architecture, data), split.network.theta, opts);
    expect(maxDiff(fa, predict(split.network.architecture, c.finalTheta, data.X, data.count))).toBeGreaterThan(1e-4);
  });
});

describe('zero-type neurons and removal', () => {
  it('adding a zero-type neuron keeps the function; removing it restores θ exactly', () => {
    const data = teacherData(50);
    const added = addZeroNeuron(teacher, { layer: 0, incoming: Float64Array.of(0.2, -0.4), bias: 0.1 });
    expect(added.neuron).toBe(3);
    const f = predict(added.network.architecture, added.network.theta, data.X, data.count);
    expect(maxDiff(f, data.Y)).toBe(0);
    const back = removeNeuron(added.network, { layer: 0, neuron: 3 });
    expect(Array.from(back.theta)).toEqual(Array.from(teacher.theta));
    expect(back.architecture).toEqual(teacher.architecture);
  });
});

describe('teacher alignment', () => {
  it('recovers a permuted teacher and split copies of one of its neurons', () => {
    // Student = teacher neurons in order (2, 0, 1) with neuron 0 split 0.25 / 0.75.
    const perm: Network = {
      architecture: arch(3),
      theta: Float64Array.from([1 / 3, -1, 1, 1, -1, 1 / 3, 0.87, -0.87, -0.87, -1.5, 0.5, 1, 0]),
    };
    const s = splitNeuron(perm, { layer: 0, neuron: 1, gamma: 0.25 }).network;
    const a = alignToTeacher(s, teacher);
    expect(a.recovered).toBe(3);
    expect(a.groups[0].students.sort()).toEqual([1, 3]);
    expect(a.pairs.map((p) => p.teacher)).toEqual([0, 1, 2]);
    expect([1, 3]).toContain(a.pairs[0].student);
    expect(a.pairs[1].student).toBe(2);
    expect(a.pairs[2].student).toBe(0);
    expect(a.distance).toBeLessThan(1e-15);
    // Moving one neuron loses it.
    const off = Float64Array.from(s.theta);
    off[0] += 0.1;
    expect(alignToTeacher({ architecture: s.architecture, theta: off }, teacher).recovered).toBe(2);
  });

  it('compares ReLU units up to positive rescaling', () => {
    const t: Network = { architecture: arch(2, 'relu'), theta: Float64Array.from([1, 0, 0, 1, 0.5, -0.5, 2, -1, 0.3]) };
    // Unit 0 scaled by 4 (outgoing /4).
    const s: Network = { architecture: arch(2, 'relu'), theta: Float64Array.from([4, 0, 0, 1, 2, -0.5, 0.5, -1, 0.3]) };
    expect(alignToTeacher(s, t).recovered).toBe(2);
  });

  it('Hungarian assignment matches brute force on small matrices', () => {
    const permutations = (n: number): number[][] =>
      n === 0 ? [[]] : permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
    for (let seed = 1; seed < 30; seed++) {
      const cost = Array.from({ length: 4 }, (_, i) => Array.from({ length: 5 }, (_, j) => Math.abs(Math.sin(seed * 7.1 + i * 3.3 + j * 1.7))));
      const best = Math.min(
        ...permutations(5).map((p) => cost.reduce((s, row, i) => s + row[p[i]], 0)),
      );
      const a = minCostAssignment(cost);
      expect(new Set(a).size).toBe(4);
      expect(cost.reduce((s, row, i) => s + row[a[i]], 0)).toBeCloseTo(best, 12);
    }
  });
});
