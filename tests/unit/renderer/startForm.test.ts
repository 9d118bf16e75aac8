/** The start form's record: checks in the form's words, agreement with the contract, forgiving persistence. */
import { describe, expect, it } from 'vitest';
import { ExperimentSpecSchema } from '../../../contract/experiment';
import { experimentSpec } from '../../../renderer/src/components/startSpec';
import { DEFAULT_FIELDS, parseStoredFields, validateStartFields } from '../../../renderer/src/state/startForm';

describe('validateStartFields', () => {
  it('the defaults are valid and produce a request the contract accepts', () => {
    expect(validateStartFields(DEFAULT_FIELDS)).toEqual({});
    expect(ExperimentSpecSchema.safeParse(experimentSpec(DEFAULT_FIELDS)).success).toBe(true);
  });

  it('names the field in the form’s words', () => {
    expect(validateStartFields({ ...DEFAULT_FIELDS, width: '0' }).width).toBe('Width must be a whole number ≥ 1');
    expect(validateStartFields({ ...DEFAULT_FIELDS, width: '2.5' }).width).toBe('Width must be a whole number ≥ 1');
    expect(validateStartFields({ ...DEFAULT_FIELDS, width: '' }).width).toBe('Width is required');
    expect(validateStartFields({ ...DEFAULT_FIELDS, seedCount: '10001' }).seedCount).toBe('Seeds must be at most 10,000');
    expect(validateStartFields({ ...DEFAULT_FIELDS, lossTarget: '-1' }).lossTarget).toMatch(/^Loss target must be a positive number/);
    expect(validateStartFields({ ...DEFAULT_FIELDS, maxSteps: 'abc' }).maxSteps).toBe('Max steps must be a whole number ≥ 1');
  });

  it('agrees with the contract: whatever the form accepts the contract accepts, and the reverse for these cases', () => {
    const cases = [
      { width: '1' }, { width: '0' }, { width: '100001' }, { firstSeed: '-1' }, { seedCount: '0' }, { maxSteps: '0' }, { maxTime: '0' },
      { lossTarget: '1e-30' }, { polishSteps: '0' }, { batchSize: '0.5' }, { samples: '1000001' }, { dataSeed: '3' },
    ];
    for (const c of cases) {
      const fields = { ...DEFAULT_FIELDS, ...c };
      const formOk = Object.keys(validateStartFields(fields)).length === 0;
      expect([c, formOk]).toEqual([c, ExperimentSpecSchema.safeParse(experimentSpec(fields)).success]);
    }
  });
});

describe('parseStoredFields', () => {
  it('restores a stored record and falls back per field on anything unknown', () => {
    const stored = JSON.stringify({ ...DEFAULT_FIELDS, teacher: 'fig3c', width: '4', method: 'flow', solver: 'bogus', polish: 7 });
    expect(parseStoredFields(stored)).toEqual({ ...DEFAULT_FIELDS, teacher: 'fig3c', width: '4', method: 'flow' });
    expect(parseStoredFields('not json')).toEqual(DEFAULT_FIELDS);
    expect(parseStoredFields(null)).toEqual(DEFAULT_FIELDS);
  });
});
