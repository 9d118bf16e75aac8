/** The Recipes panel's parameter fields: only edited values are sent, lists and ranges parse, bad text is named. */
import { describe, expect, it } from 'vitest';
import type { RecipeInfo } from '../../../contract/recipes';
import { formatParam, paramOverrides } from '../../../renderer/src/recipes/recipeParams';

const info: RecipeInfo = {
  name: 'fig3c-scaling',
  version: 1,
  title: 't',
  caption: 'c',
  devices: ['cpu'],
  parameters: [
    { key: 'widths', default: [4, 5, 6, 7] },
    { key: 'seeds', default: 4000 },
    { key: 'png', default: true },
    { key: 'teacher', default: 'fig6' },
  ],
};

describe('recipe parameters', () => {
  it('sends nothing when every field shows its default', () => {
    const shown = Object.fromEntries(info.parameters.map((p) => [p.key, formatParam(p.default)]));
    expect(shown.widths).toBe('4,5,6,7');
    expect(paramOverrides(info, shown)).toEqual({});
  });

  it('parses edited numbers, lists, ranges, flags and text', () => {
    expect(paramOverrides(info, { seeds: '2', widths: '4-5', png: 'false', teacher: 'fig3c' })).toEqual({ seeds: 2, widths: [4, 5], png: false, teacher: 'fig3c' });
    expect(paramOverrides(info, { widths: '4-6, 9' })).toEqual({ widths: [4, 5, 6, 9] });
  });

  it('names the field and the text it could not read', () => {
    expect(() => paramOverrides(info, { seeds: 'many' })).toThrow("seeds must be a number, got 'many'");
    expect(() => paramOverrides(info, { widths: '7-4' })).toThrow("widths must be a list like 4,5,6 or 4-7, got '7-4'");
    expect(() => paramOverrides(info, { widths: '' })).toThrow(/widths must be a list/);
  });
});
