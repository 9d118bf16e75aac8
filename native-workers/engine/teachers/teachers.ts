import { pushAll } from '../core/hypot';
import { sampleInputs, type InputDistribution } from '../core/distributions';
import { predict } from '../derivatives/forward';
import { Rng } from '../core/random';
import type { ActivationName, Architecture, Dataset, Network } from '../core/types';

/**
 * The paper's teacher networks (escape-dimensions.md, Appendix F), all 2 → 4 → 1 with identity
 * output. Each teacher holds exactly the parameters of its formula: hidden biases where the formula
 * has them (fig3a, fig6), none for fig3c, and no output bias. Inputs are uniform on [−√3, √3]²
 * ("unit variance", F.1; F.2 and F.3 reuse "the same distribution as in the other experiments").
 */
export const TEACHER_NAMES = ['fig3a', 'fig3c', 'fig6'] as const;
export type TeacherName = (typeof TEACHER_NAMES)[number];

export interface TeacherInfo {
  readonly name: TeacherName;
  readonly description: string;
  /** The teacher function as written in the paper. */
  readonly formula: string;
  /** Where in the paper it is defined. */
  readonly source: string;
  readonly defaultSamples: number;
  /** How the default sample count was chosen (the paper gives none for fig6). */
  readonly samplesNote: string;
  readonly inputDistribution: InputDistribution;
  readonly activation: ActivationName;
  readonly inputDim: number;
  readonly width: number;
}

export class TeacherError extends Error {
  override name = 'TeacherError';
}

interface TeacherSpec {
  readonly info: TeacherInfo;
  /** Hidden units: input weights and bias (undefined when the teacher has no hidden biases). */
  readonly w: readonly (readonly [number, number])[];
  readonly b?: readonly number[];
  readonly a: readonly number[];
}

const B = Math.sqrt(3) / 2;

const SPECS: Record<TeacherName, TeacherSpec> = {
  fig3a: {
    info: {
      name: 'fig3a',
      description: 'ReLU teacher of Fig. 3 (top): four hidden units with biases ±√3/2, one of them subtracted',
      formula: 'ReLU(w1·x − b) + ReLU(w2·x − b) + ReLU(w3·x + b) − ReLU(w3·x − b), w1 = (1, 1), w2 = −w1, w3 = (1, −1), b = √3/2',
      source: 'Appendix F.1, eq. 22',
      defaultSamples: 30000,
      samplesNote: '30,000 samples (F.1)',
      inputDistribution: 'uniform_sqrt3',
      activation: 'relu',
      inputDim: 2,
      width: 4,
    },
    w: [
      [1, 1],
      [-1, -1],
      [1, -1],
      [1, -1],
    ],
    b: [-B, -B, B, -B],
    a: [1, 1, 1, -1],
  },
  fig3c: {
    info: {
      name: 'fig3c',
      description: 'ReLU teacher of Fig. 3 (bottom): four hidden units without biases, output weights 1, no output bias',
      formula: 'Σᵢ ReLU(wᵢ·x), w = (0.6, −0.5), (−0.2, 0.1), (0.5, 0.5), (−0.6, −0.6)',
      source: 'Appendix F.2',
      defaultSamples: 1600,
      samplesNote: '1,600 samples (F.2)',
      inputDistribution: 'uniform_sqrt3',
      activation: 'relu',
      inputDim: 2,
      width: 4,
    },
    w: [
      [0.6, -0.5],
      [-0.2, 0.1],
      [0.5, 0.5],
      [-0.6, -0.6],
    ],
    a: [1, 1, 1, 1],
  },
  fig6: {
    info: {
      name: 'fig6',
      description: 'Softplus teacher of Fig. 6 (escape dimensions in a nonconvex landscape)',
      formula: '½σ(w1·x − b) + σ(w2·x − b) + σ(w3·x + b) − 3/2·σ(w4·x − b), σ = softplus, w1 = (1, 1), w2 = (−1, 1/3), w3 = (1/3, −1), w4 = (−1/2, −1), b = √3/2',
      source: 'Appendix F.3',
      defaultSamples: 1600,
      samplesNote: 'the paper does not give the sample count for Fig. 6; 1,600 matches F.2 (same task family, 2-D inputs)',
      inputDistribution: 'uniform_sqrt3',
      activation: 'softplus',
      inputDim: 2,
      width: 4,
    },
    w: [
      [1, 1],
      [-1, 1 / 3],
      [1 / 3, -1],
      [-1 / 2, -1],
    ],
    b: [-B, -B, B, -B],
    a: [0.5, 1, 1, -1.5],
  },
};

function spec(name: TeacherName): TeacherSpec {
  const s = (SPECS as Partial<Record<string, TeacherSpec>>)[name];
  if (!s) throw new TeacherError(`unknown teacher '${String(name)}'; valid: ${TEACHER_NAMES.join(', ')}`);
  return s;
}

export function teacherInfo(name: TeacherName): TeacherInfo {
  return spec(name).info;
}

export function teacherNetwork(name: TeacherName): Network {
  const { info, w, b, a } = spec(name);
  const hasBias = b !== undefined;
  const architecture: Architecture = {
    layers: [
      { inputs: info.inputDim, outputs: info.width, bias: hasBias, activation: info.activation },
      { inputs: info.width, outputs: 1, bias: false, activation: 'identity' },
    ],
  };
  const theta: number[] = [];
  for (const row of w) pushAll(theta, row);
  if (b) pushAll(theta, b);
  pushAll(theta, a);
  return { architecture, theta: Float64Array.from(theta) };
}

/**
 * The teacher's dataset: `samples` inputs (default per the paper) drawn with Rng(dataSeed)
 * (default 0) from the teacher's input distribution, labelled by the teacher.
 */
export function teacherDataset(name: TeacherName, options: { samples?: number; dataSeed?: number } = {}): Dataset {
  const { info } = spec(name);
  const count = options.samples ?? info.defaultSamples;
  if (!Number.isInteger(count) || count < 1) throw new TeacherError(`samples must be a positive integer, got ${count}`);
  const rng = new Rng(options.dataSeed ?? 0);
  const X = sampleInputs(info.inputDistribution, count, info.inputDim, rng);
  const { architecture, theta } = teacherNetwork(name);
  const Y = predict(architecture, theta, X, count);
  return { count, inputDim: info.inputDim, outputDim: 1, X, Y };
}
