/** The bundled presets: every file is listed and valid, and a preset round-trips through the start form. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExperimentSpecSchema } from '../../../contract/experiment';
import { experimentSpec } from '../../../renderer/src/components/startSpec';
import { DEFAULT_PRESET, loadPresets, PRESET_FILES, PRESETS, presetFields } from '../../../renderer/src/state/presets';

const DIR = join(__dirname, '../../../assets/presets');

describe('experiment presets', () => {
  it('bundles every file in assets/presets, each one a valid preset', () => {
    const onDisk = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
    expect(Object.keys(PRESET_FILES).sort()).toEqual(onDisk);
    for (const f of onDisk) expect(PRESET_FILES[f]).toEqual(JSON.parse(readFileSync(join(DIR, f), 'utf8')));
    expect(PRESETS).toHaveLength(onDisk.length);
    for (const p of PRESETS) expect(ExperimentSpecSchema.safeParse(p.spec).success).toBe(true);
  });

  it('the default is the Fig. 6 width-3 local minimum (flow + polish, seed 4)', () => {
    expect(DEFAULT_PRESET.id).toBe('fig6-width3-local-min');
    expect(DEFAULT_PRESET.spec).toMatchObject({ teacher: 'fig6', width: 3, method: 'flow', seeds: [4] });
    expect(DEFAULT_PRESET.expect).toEqual({ classification: 'local-min', loss: 1.8386e-4 });
  });

  it('a preset put into the form starts the same experiment', () => {
    for (const p of PRESETS) {
      const fromForm = ExperimentSpecSchema.parse(experimentSpec(presetFields(p)));
      const { name: _name, recordTrajectory: _rt, ...rest } = p.spec;
      expect(fromForm).toMatchObject(rest);
      expect(fromForm.seeds).toEqual(p.spec.seeds);
    }
  });

  it('reports a broken preset by file and field', () => {
    const good = PRESET_FILES['fig6Width3LocalMin.json'] as Record<string, unknown>;
    const spec = good.spec as Record<string, unknown>;
    expect(() => loadPresets({ 'bad.json': { ...good, spec: { ...spec, width: 0 } } })).toThrow(/preset bad\.json: spec\.width: expected positive integer/);
    expect(() => loadPresets({ 'gap.json': { ...good, spec: { ...spec, seeds: [1, 3] } } })).toThrow(/consecutive seeds/);
    expect(() => loadPresets({ 'a.json': { ...good, default: false } })).toThrow(/exactly one preset must be the default/);
  });
});
