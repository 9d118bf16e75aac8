/**
 * The paper's setups (assets/presets/*.json, checked by contract/preset.ts) as start-form
 * records for the New experiment panel and the run browser's recipes. The files are bundled at
 * build time; one that does not parse is left out and named. (Interim: switches to the shared
 * loader in state/presets.ts once that lands.)
 */
import { PresetSchema, type Preset } from '../../../contract/preset';
import type { StartFields } from '../components/startSpec';
import { DEFAULT_FIELDS } from './startForm';

export interface FormPreset {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly isDefault: boolean;
  readonly fields: StartFields;
}

const text = (x: number | undefined): string => (x === undefined ? '' : String(x));

/** A preset's spec as the form's fields; seeds become first seed + count (presets use runs of consecutive seeds). */
export function presetFields(preset: Preset): StartFields {
  const s = preset.spec;
  return {
    ...DEFAULT_FIELDS,
    teacher: s.teacher,
    width: String(s.width),
    activation: s.activation ?? '',
    method: s.method,
    init: s.init,
    firstSeed: String(Math.min(...s.seeds)),
    seedCount: String(s.seeds.length),
    samples: text(s.samples),
    dataSeed: text(s.dataSeed),
    maxSteps: text(s.budgets.maxSteps),
    maxTime: text(s.budgets.maxTime),
    lossTarget: text(s.budgets.lossTarget),
    learningRate: text(s.budgets.learningRate),
    polishSteps: text(s.budgets.polishSteps),
    solver: s.settings.solver ?? '',
    batchSize: text(s.settings.batchSize),
    polish: s.settings.polish === undefined ? '' : s.settings.polish ? 'on' : 'off',
  };
}

export function parsePresets(files: Record<string, unknown>): { presets: FormPreset[]; problems: string[] } {
  const presets: FormPreset[] = [];
  const problems: string[] = [];
  for (const [path, json] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    const parsed = PresetSchema.safeParse(json);
    if (!parsed.success) {
      problems.push(`${path.split('/').pop()}: ${parsed.error.issues[0]?.message ?? 'not a preset'}`);
      continue;
    }
    const p = parsed.data;
    presets.push({ id: p.id, title: p.title, description: p.description, isDefault: p.default, fields: presetFields(p) });
  }
  return { presets, problems };
}

const files = import.meta.glob('../../../assets/presets/*.json', { eager: true, import: 'default' });
export const { presets: FORM_PRESETS, problems: PRESET_PROBLEMS } = parsePresets(files);
