/**
 * A recipe parameter as the panel edits it: text in the field's own form (numbers, `4,5,6` or
 * `4-7` for lists, a checkbox for flags) and back; only values that differ from the default are sent.
 */
import type { RecipeInfo, RecipeParamValue } from '../../../contract/recipes';

export function formatParam(value: RecipeParamValue): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

/** "4,5,7" or "4-7" or "4-5,8" → numbers; null when it is not such a list. */
function parseList(text: string): number[] | null {
  const out: number[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const range = /^(-?\d+)\s*-\s*(-?\d+)$/.exec(part);
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      if (b < a || b - a > 1000) return null;
      for (let v = a; v <= b; v++) out.push(v);
    } else if (part !== '' && Number.isFinite(Number(part))) out.push(Number(part));
    else return null;
  }
  return out.length ? out : null;
}

/** The overrides the panel sends: `{}` when everything is at its default; throws in the user's words. */
export function paramOverrides(info: RecipeInfo, edited: Readonly<Record<string, string>>): Record<string, RecipeParamValue> {
  const out: Record<string, RecipeParamValue> = {};
  for (const { key, default: def } of info.parameters) {
    const text = edited[key];
    if (text === undefined || text === formatParam(def)) continue;
    let value: RecipeParamValue;
    if (typeof def === 'number') {
      value = Number(text.trim());
      if (text.trim() === '' || !Number.isFinite(value)) throw new Error(`${key} must be a number, got '${text}'`);
    } else if (typeof def === 'boolean') value = text === 'true';
    else if (Array.isArray(def)) {
      const list = parseList(text);
      if (!list) throw new Error(`${key} must be a list like 4,5,6 or 4-7, got '${text}'`);
      value = list;
    } else value = text;
    out[key] = value;
  }
  return out;
}
