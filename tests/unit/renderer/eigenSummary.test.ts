/** The inspector's eigenvalue counts agree with the spectrum panel's layout (same flat tolerance). */
import { describe, expect, it } from 'vitest';
import { spectrumLayout } from '../../../renderer/src/panels/spectrumData';
import { eigenSummary } from '../../../renderer/src/state/eigenSummary';

describe('eigenSummary', () => {
  it('counts negative, flat and positive eigenvalues as the spectrum panel does', () => {
    const ev = [-2.5, -1e-3, -1e-12, 0, 3e-11, 1e-6, 4, 12];
    const s = eigenSummary(ev);
    const layout = spectrumLayout(ev, { width: 600, height: 220 });
    expect([s.negative, s.flat]).toEqual([layout.negativeCount, layout.flatCount]);
    // 1e-10 × 12 = 1.2e-9: −1e-12, 0 and 3e-11 are flat; −2.5, −1e-3 negative; 1e-6, 4, 12 positive.
    expect(s).toMatchObject({ count: 8, negative: 2, flat: 3, positive: 3, min: -2.5, max: 12 });
    expect(s.tol).toBeCloseTo(1.2e-9, 20);
  });

  it('an empty spectrum has no extremes', () => {
    expect(eigenSummary([])).toMatchObject({ count: 0, negative: 0, flat: 0, positive: 0, min: null, max: null });
  });
});
