/** Errors that cross the boundary: schema violations and failures, each with a code. */
import type { z } from 'zod';

export const ERROR_CODES = ['invalid', 'not-found', 'protocol', 'failed', 'unavailable'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Any error a StudioApi call can reject with; `code` survives every transport. */
export class StudioError extends Error {
  override name = 'StudioError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A payload that does not match its schema; the message names the method and the field. */
export class ContractError extends StudioError {
  override name = 'ContractError';
  constructor(message: string) {
    super('invalid', message);
  }
}

/** `['layers', 1, 'weight', 2]` → `layers[1].weight[2]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): { field: string; problem: string } {
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '?';
    return { field: formatPath([...issue.path, key]), problem: 'unknown field' };
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // Report the branch that got furthest (its first issue).
    const deepest = issue.errors.flat().sort((a, b) => b.path.length - a.path.length)[0];
    if (deepest) return describeIssue({ ...deepest, path: [...issue.path, ...deepest.path] });
  }
  return { field: formatPath(issue.path), problem: issue.message };
}

/** One line: `<context>: <field>: <problem>` for the first issue (the others follow after ';'). */
export function formatIssues(context: string, issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.slice(0, 3).map((issue) => {
    const { field, problem } = describeIssue(issue);
    return field === '' ? problem : `${field}: ${problem}`;
  });
  const more = issues.length > 3 ? `; and ${issues.length - 3} more` : '';
  return `${context}: ${parts.join('; ')}${more}`;
}
