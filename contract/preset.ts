/**
 * Experiment presets (`assets/presets/*.json`): the paper's setups as ready-made
 * `experiments.start` specs, with what the paper (and this studio) finds for them.
 */
import { z } from 'zod';
import { ExperimentSpecSchema } from './experiment';
import { identifier, oneOf, positiveNumber, text } from './fields';
import { CLASSIFICATIONS } from './vocabulary';

export const PRESET_FORMAT = 'escape-studio/preset@1';

export const PresetSchema = z.strictObject({
  format: z.literal(PRESET_FORMAT, { error: `expected format '${PRESET_FORMAT}'` }),
  id: identifier(),
  /** Shown in the start form's preset list, e.g. "Fig. 6: width-3 local minimum". */
  title: text(120),
  /** One or two sentences: what the setup is and what to do with it next. */
  description: text(1000),
  /** The preset the start form opens with. Exactly one preset is the default. */
  default: z.boolean({ error: 'expected boolean' }).default(false),
  spec: ExperimentSpecSchema,
  /** What the run(s) end at, for the single-seed presets whose outcome is known exactly. */
  expect: z
    .strictObject({
      classification: oneOf(CLASSIFICATIONS),
      /** Plain-MSE loss of the end point, to 4–5 significant digits. */
      loss: positiveNumber(),
    })
    .optional(),
});
export type Preset = z.output<typeof PresetSchema>;
