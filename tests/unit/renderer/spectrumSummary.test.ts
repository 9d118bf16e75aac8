/** The spectrum panel's summary says which eigenvalues it knows (an extremal spectrum holds a few of P). */
import { describe, expect, it } from 'vitest';
import { knownEigenvalues, partialOf } from '../../../renderer/src/panels/spectrumData';

const partial = { kind: 'partial' as const, smallestCount: 10, converged: true, indexExact: false };

describe('knownEigenvalues', () => {
  it('a full spectrum: all P eigenvalues', () => {
    const a = { parameterCount: 13, eigenvalues: new Array(13).fill(1), spectrum: { kind: 'full' as const, smallestCount: 13, converged: true, indexExact: true } };
    expect(knownEigenvalues(a)).toBe('13 eigenvalues');
    expect(partialOf(a)).toBeNull();
  });

  it('an extremal spectrum: how many of P, and which ends (the studio said "2403 eigenvalues" for 15 known)', () => {
    const a = { parameterCount: 2403, eigenvalues: new Array(15).fill(1), spectrum: partial };
    expect(knownEigenvalues(a)).toBe('15 of 2403 eigenvalues (lowest 10, highest 5)');
    expect(partialOf(a)).toEqual({ smallestCount: 10, parameterCount: 2403 });
  });
});
