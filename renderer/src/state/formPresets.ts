/** The presets (state/presets.ts) as ready start-form records, for the New experiment panel and the run browser's recipes. */
import type { StartFields } from '../components/startSpec';
import { PRESETS, presetFields } from './presets';

export interface FormPreset {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly isDefault: boolean;
  readonly fields: StartFields;
}

export const FORM_PRESETS: readonly FormPreset[] = PRESETS.map((p) => ({
  id: p.id,
  title: p.title,
  description: p.description,
  isDefault: p.default,
  fields: presetFields(p),
}));
