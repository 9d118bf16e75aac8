/** Closed vocabularies the contract shares with the engine (the contract may import nothing but zod). */
import { describe, expect, it } from 'vitest';
import { AnalysisSchema } from '../../../contract/analysis';
import { RunResultSchema } from '../../../contract/runs';
import { CLASSIFICATIONS } from '../../../contract/vocabulary';
import { CLASSIFICATIONS as ENGINE_CLASSIFICATIONS, DEFAULT_LOSS_TARGET, SUCCESS_LOSS } from '../../../native-workers/engine';

describe('contract vocabularies', () => {
  it('classification is the engine analysis list, as a closed enum', () => {
    expect([...CLASSIFICATIONS]).toEqual([...ENGINE_CLASSIFICATIONS]);
    const result = {
      finalLoss: 1e-4,
      gradNorm: 1e-12,
      steps: 10,
      odeTime: null,
      stoppedBy: 'patience',
      seconds: 0.1,
      success: false,
      classification: 'local-min',
      index: 0,
    };
    expect(RunResultSchema.safeParse(result).success).toBe(true);
    const guessed = RunResultSchema.safeParse({ ...result, classification: 'strict minimum' });
    expect(guessed.success).toBe(false);
    expect(guessed.error?.issues[0]?.message).toMatch(/expected one of global-min, local-min, strict-saddle, flat, kink-min, kink-stationary, not-critical/);
    expect(AnalysisSchema.shape.classification.options).toEqual([...ENGINE_CLASSIFICATIONS]);
  });

  it('one success threshold: the analysis global-min target is SUCCESS_LOSS = 1e-25 (paper)', () => {
    expect(SUCCESS_LOSS).toBe(1e-25);
    expect(DEFAULT_LOSS_TARGET).toBe(SUCCESS_LOSS);
  });
});
