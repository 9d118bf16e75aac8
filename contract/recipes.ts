/**
 * `recipes.*`: the paper's experiments as recipes (main/recipes/registry.ts). A recipe runs as one
 * job (progress, `jobs.cancel`) into the workspace's recipes/<recipeId>/ folder; `resume` continues
 * the newest unfinished folder of that recipe, skipping the runs it already holds.
 */
import { z } from 'zod';
import { identifier, nonNegativeInt, oneOf, text } from './fields';
import { DEVICES } from './gpu';

export const RecipeParamValueSchema = z.union([z.number().finite(), text(200), z.boolean(), z.array(z.number().finite()).max(1000)]);
export type RecipeParamValue = z.output<typeof RecipeParamValueSchema>;

const recipeName = () => text(64).min(1, { error: 'expected a recipe name' });

export const RecipeInfoSchema = z.strictObject({
  name: recipeName(),
  version: nonNegativeInt(),
  title: text(500),
  /** The paper's caption / what to compare with. */
  caption: text(5000),
  /** Parameters with their defaults (the paper's scale), in the recipe's order. */
  parameters: z.array(z.strictObject({ key: text(64), default: RecipeParamValueSchema })),
  /** Where its runs can train (issue 13): ['cpu'], or ['cpu', 'gpu', 'auto'] for a recipe with a `device` parameter (fig3c-scaling). */
  devices: z.array(oneOf(DEVICES)).min(1),
});
export type RecipeInfo = z.output<typeof RecipeInfoSchema>;

export const RecipeStartRequestSchema = z.strictObject({
  name: recipeName(),
  /** Overrides of the defaults; with `resume` and no overrides the stored parameters are used. */
  params: z.record(text(64), RecipeParamValueSchema).default({}),
  resume: z.boolean().default(false),
  /**
   * Where the runs train: 'cpu' (absent), 'gpu' (GPU f32 phase + CPU float64 finish; without an
   * adapter, the CPU with a note in the recipe's state), 'auto'. Sets the recipe's `device`
   * parameter; a recipe without one runs on the CPU and says so.
   */
  device: oneOf(DEVICES).optional(),
});

/** Where a recipe folder's runs went in its latest session (device.json in the folder). */
export const RecipeDeviceSchema = z.strictObject({
  /** What was asked ('cpu' when nothing was). */
  asked: oneOf(DEVICES),
  /** Where its train runs went: 'gpu' when the GPU phase ran for them; null before any ran. */
  ran: oneOf(['cpu', 'gpu'] as const).nullable(),
  /** Why a gpu / auto request ran on the CPU (no adapter, a CPU-only recipe …); null when it ran where asked. */
  note: text(1000).nullable(),
});
export type RecipeDevice = z.output<typeof RecipeDeviceSchema>;

/** The newest folder of one recipe: recipe.json's summary and the figure, once complete. */
export const RecipeStateSchema = z.strictObject({
  name: recipeName(),
  /** Null when the recipe never ran in this workspace. */
  recipeId: identifier().nullable(),
  parameters: z.record(z.string(), RecipeParamValueSchema).nullable(),
  plannedRuns: nonNegativeInt(),
  finishedRuns: nonNegativeInt(),
  complete: z.boolean(),
  /** A job is running on this folder now. */
  running: z.boolean(),
  startedAt: text(40).nullable(),
  finishedAt: text(40).nullable(),
  summary: z.record(z.string(), z.unknown()).nullable(),
  /** figure.svg of a complete folder. */
  svg: text(20_000_000).nullable(),
  /** The folder on the host's disk. */
  folder: text(4096).nullable(),
  /** Where its runs trained (null: never ran, or ran before devices were recorded). */
  device: RecipeDeviceSchema.nullable(),
});
export type RecipeState = z.output<typeof RecipeStateSchema>;
