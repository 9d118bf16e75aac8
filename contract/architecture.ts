/** A multilayer perceptron's shape: layers in order, each with its activation (the engine's `Architecture`). */
import { z } from 'zod';
import { oneOf, positiveInt } from './fields';
import { ACTIVATION_NAMES } from './vocabulary';

export const MAX_LAYERS = 64;

export const ArchitectureSchema = z.strictObject({
  layers: z
    .array(
      z.strictObject({
        inputs: positiveInt(),
        outputs: positiveInt(),
        bias: z.boolean(),
        activation: oneOf(ACTIVATION_NAMES),
      }),
    )
    .min(1)
    .max(MAX_LAYERS),
});
export type ArchitectureSpec = z.output<typeof ArchitectureSchema>;
