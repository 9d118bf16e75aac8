/**
 * The paper's setups as start-form presets (assets/presets/*.json, bundled with the renderer).
 * Each file is checked against the contract's PresetSchema when the module loads, so a broken
 * preset file fails the build's tests rather than a user's click.
 */
import { PresetSchema, type Preset } from '../../../contract/preset';
import type { StartFields } from '../components/startSpec';
import fig3cWidth4Seeds200 from '../../../assets/presets/fig3cWidth4Seeds200.json';
import fig3cWidth7Seeds200 from '../../../assets/presets/fig3cWidth7Seeds200.json';
import fig6Width3LocalMin from '../../../assets/presets/fig6Width3LocalMin.json';
import fig6Width3Seeds20 from '../../../assets/presets/fig6Width3Seeds20.json';

export type { Preset };

/** Every bundled preset file, in the order the form lists them. */
export const PRESET_FILES: Readonly<Record<string, unknown>> = {
  'fig6Width3LocalMin.json': fig6Width3LocalMin,
  'fig6Width3Seeds20.json': fig6Width3Seeds20,
  'fig3cWidth4Seeds200.json': fig3cWidth4Seeds200,
  'fig3cWidth7Seeds200.json': fig3cWidth7Seeds200,
};

export class PresetError extends Error {
  override name = 'PresetError';
}

/** Parses preset files; the error names the file and the field. */
export function loadPresets(files: Readonly<Record<string, unknown>>): Preset[] {
  const presets = Object.entries(files).map(([file, raw]) => {
    const parsed = PresetSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PresetError(`preset ${file}: ${issue?.path.join('.') || '(file)'}: ${issue?.message ?? 'invalid'}`);
    }
    consecutiveSeeds(parsed.data, file);
    return parsed.data;
  });
  const ids = new Set(presets.map((p) => p.id));
  if (ids.size !== presets.length) throw new PresetError('presets: two presets share an id');
  const defaults = presets.filter((p) => p.default);
  if (defaults.length !== 1) throw new PresetError(`presets: exactly one preset must be the default, found ${defaults.length}`);
  return presets;
}

/** The form asks for a first seed and a count, so a preset's seeds must be consecutive. */
function consecutiveSeeds(p: Preset, file: string): { first: number; count: number } {
  const seeds = p.spec.seeds;
  const first = seeds[0] ?? 0;
  if (seeds.some((s, i) => s !== first + i)) throw new PresetError(`preset ${file}: spec.seeds: expected consecutive seeds (first, first + 1, …)`);
  return { first, count: seeds.length };
}

export const PRESETS: readonly Preset[] = loadPresets(PRESET_FILES);
export const DEFAULT_PRESET: Preset = PRESETS.find((p) => p.default) as Preset;

const text = (x: number | undefined): string => (x === undefined ? '' : String(x));

/** A preset as the start form's fields (the form's own defaults for anything the preset leaves out). */
export function presetFields(p: Preset): StartFields {
  const s = p.spec;
  const { first, count } = consecutiveSeeds(p, p.id);
  return {
    teacher: s.teacher,
    width: String(s.width),
    activation: s.activation ?? '',
    method: s.method,
    init: s.init,
    firstSeed: String(first),
    seedCount: String(count),
    samples: text(s.samples),
    dataSeed: s.dataSeed === 0 ? '' : String(s.dataSeed),
    maxSteps: text(s.budgets.maxSteps),
    maxTime: text(s.budgets.maxTime),
    lossTarget: text(s.budgets.lossTarget),
    learningRate: text(s.budgets.learningRate),
    polishSteps: text(s.budgets.polishSteps),
    solver: s.settings.solver ?? '',
    batchSize: text(s.settings.batchSize),
    polish: s.settings.polish === undefined ? '' : s.settings.polish ? 'on' : 'off',
    device: s.device ?? 'cpu',
  };
}
