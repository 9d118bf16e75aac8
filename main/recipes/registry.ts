/** Every recipe by name; add new ones here (one line each). */
import { advopRecipe } from './advop';
import { fig3aRecipe } from './fig3a';
import { fig3cRecipe } from './fig3c';
import { fig5Recipe } from './fig5';
import { figD6Recipe } from './figD6';
import { fig6SplitRecipe, figE7Recipe, figE8Recipe } from './splitAtInit';
import { RecipeError, type RecipeDefinition } from './types';

export const RECIPES: readonly RecipeDefinition[] = [fig3cRecipe, fig3aRecipe, advopRecipe, figD6Recipe, fig6SplitRecipe, figE7Recipe, figE8Recipe, fig5Recipe];

export function recipeByName(name: string): RecipeDefinition {
  const found = RECIPES.find((r) => r.name === name);
  if (!found) throw new RecipeError(`unknown recipe '${name}' (known: ${RECIPES.map((r) => r.name).join(', ')})`);
  return found;
}
