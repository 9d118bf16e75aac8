import { describe, expect, it } from 'vitest';
import { RECIPES } from '../../../main/recipes/registry';

// The studio's Recipes form shows `defaults` and sends them back: what it shows must mean what an
// absent parameter means (fig3c showed solver 'reference' while the CLI's default was 'fast').
describe('recipe defaults', () => {
  for (const recipe of RECIPES)
    it(`${recipe.name}: resolving the shown defaults equals resolving nothing`, () => {
      expect(recipe.resolve({ ...recipe.defaults })).toEqual(recipe.resolve({}));
    });
});
