/** The in-app help: every tour step opens a real panel, every class is explained, the numbers are the preset's. */
import { describe, expect, it } from 'vitest';
import { CLASSIFICATIONS } from '../../../contract/vocabulary';
import { CLASSIFICATIONS as ENGINE_CLASSIFICATIONS } from '../../../native-workers/engine/analysis/types';
import { CLASS_HELP, TOUR, UNITS_AND_TERMS } from '../../../renderer/src/help/helpContent';
import { DOCK_PANEL_IDS } from '../../../renderer/src/panels/DockPanels';
import { DEFAULT_PRESET } from '../../../renderer/src/state/presets';

describe('help', () => {
  it('walks the Fig. 6 story in order, each step in a panel of the dock', () => {
    expect(TOUR.map((s) => s.panel)).toEqual(['new-experiment', 'spectrum', 'split', 'curves', 'landscape']);
    for (const s of TOUR) expect(DOCK_PANEL_IDS as readonly string[]).toContain(s.panel);
    // The tour names the default preset and its certified loss.
    expect(TOUR[0].action).toContain(DEFAULT_PRESET.title);
    expect(TOUR[0].expect).toContain(`L ≈ ${DEFAULT_PRESET.expect?.loss.toExponential()}`);
    expect(TOUR[1].expect).toContain(DEFAULT_PRESET.expect?.classification ?? '?');
  });

  it('explains every class of the analysis and the units', () => {
    expect(CLASS_HELP.map((c) => c.id)).toEqual([...ENGINE_CLASSIFICATIONS]);
    expect(CLASS_HELP.map((c) => c.id)).toEqual([...CLASSIFICATIONS]);
    for (const c of CLASS_HELP) expect(c.meaning.length).toBeGreaterThan(40);
    expect(UNITS_AND_TERMS.map((t) => t.term)).toEqual(expect.arrayContaining(['t', 'L', 'success', 'neuron k', 'nudge ε']));
  });
});
