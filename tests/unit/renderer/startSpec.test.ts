import { describe, expect, it } from 'vitest';
import { ExperimentSpecSchema } from '../../../contract/experiment';
import { parseRequest } from '../../../contract/validate';
import { experimentSpec, type StartFields } from '../../../renderer/src/components/startSpec';
import { DEFAULT_FIELDS } from '../../../renderer/src/state/startForm';

/** The form's default record (state/startForm.ts): its empty fields leave the contract's defaults in place. */
const EMPTY: StartFields = DEFAULT_FIELDS;

describe('start form → experiments.start request', () => {
  it('leaves empty fields to the contract defaults', () => {
    const spec = ExperimentSpecSchema.parse(experimentSpec(EMPTY));
    expect(spec).toMatchObject({ teacher: 'fig6', width: 3, seeds: [0], dataSeed: 0, init: 'glorot_normal', budgets: {}, settings: {} });
    expect(spec.samples).toBeUndefined();
  });

  it('puts data, init, budgets and solver settings where the contract has them', () => {
    const spec = ExperimentSpecSchema.parse(
      experimentSpec({
        ...EMPTY,
        method: 'gd',
        init: 'he_normal',
        firstSeed: '5',
        seedCount: '3',
        samples: '40',
        dataSeed: '7',
        maxSteps: '1000',
        maxTime: '1e4',
        lossTarget: '1e-20',
        learningRate: '0.01',
        polishSteps: '0',
        solver: 'dopri5',
        batchSize: '16',
        polish: 'off',
      }),
    );
    expect(spec).toMatchObject({
      method: 'gd',
      init: 'he_normal',
      seeds: [5, 6, 7],
      samples: 40,
      dataSeed: 7,
      budgets: { maxSteps: 1000, maxTime: 1e4, lossTarget: 1e-20, learningRate: 0.01, polishSteps: 0 },
      settings: { solver: 'dopri5', batchSize: 16, polish: false },
    });
  });

  it('sends what was typed, so the contract names a bad field', () => {
    expect(() => parseRequest('experiments.start', experimentSpec({ ...EMPTY, learningRate: '-1' }))).toThrow(
      'experiments.start: budgets.learningRate: expected positive finite number',
    );
    expect(() => parseRequest('experiments.start', experimentSpec({ ...EMPTY, width: '0' }))).toThrow('experiments.start: width: expected positive integer');
  });
});
