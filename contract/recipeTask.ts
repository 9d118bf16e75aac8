/**
 * `recipeRun`: one computed run of a recipe (main/recipes: a run that is not a plain `train` task,
 * e.g. fig5-hierarchy's exploration or a split-at-init condition) on a pool worker. The worker
 * plans the recipe from its name and resolved parameters and runs the planned job `runId`, so the
 * record is the one the in-thread executor computes. Listed in contract/tasks.ts TASKS.
 */
import { z } from 'zod';
import { nonNegativeInt, text } from './fields';
import { RecipeParamValueSchema } from './recipes';

/** Any JS number (NaN/±Infinity included: a run's loss may be NaN when it found no point). */
const anyNumber = () => z.custom<number>((v) => typeof v === 'number', { error: 'expected number' });

/** main/recipes/types.ts RunRecord. */
export const RecipeRunRecordSchema = z.strictObject({
  id: text(300),
  condition: text(200),
  width: nonNegativeInt(),
  seed: nonNegativeInt(),
  loss: anyNumber(),
  gradNorm: anyNumber(),
  classification: text(100).nullable(),
  stoppedBy: text(1000),
  steps: nonNegativeInt(),
  odeTime: anyNumber().nullable(),
  seconds: anyNumber(),
  finalTheta: z.array(anyNumber()),
  extra: z.record(z.string(), z.array(anyNumber())).optional(),
});

export const RecipeRunTaskSchema = {
  payload: z.strictObject({
    recipe: text(64).min(1, { error: 'expected a recipe name' }),
    /** The recipe's resolved parameters (recipe.json `parameters`). */
    params: z.record(text(64), RecipeParamValueSchema),
    /** The planned run's id (runs.jsonl `id`). */
    runId: text(300).min(1, { error: 'expected a run id' }),
  }),
  result: RecipeRunRecordSchema,
} as const;
