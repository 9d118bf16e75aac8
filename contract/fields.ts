/**
 * Field schemas shared by the contract. Every issue message says what was expected, so a
 * boundary can answer e.g. "experiments.start: width: expected positive integer".
 */
import { z } from 'zod';

/** An error map: 'required' when the field is absent, `expected` otherwise. */
export function expecting(expected: string): (issue: { input?: unknown }) => string {
  return (issue) => (issue.input === undefined ? 'required' : expected);
}

export function positiveInt(max = Number.MAX_SAFE_INTEGER): z.ZodNumber {
  const e = expecting('expected positive integer');
  return z
    .number({ error: e })
    .int({ error: e })
    .min(1, { error: e })
    .max(max, { error: `expected positive integer ≤ ${max}` });
}

export function nonNegativeInt(max = Number.MAX_SAFE_INTEGER): z.ZodNumber {
  const e = expecting('expected non-negative integer');
  return z
    .number({ error: e })
    .int({ error: e })
    .min(0, { error: e })
    .max(max, { error: `expected non-negative integer ≤ ${max}` });
}

export function positiveNumber(): z.ZodNumber {
  const e = expecting('expected positive finite number');
  return z.number({ error: e }).positive({ error: e });
}

export function nonNegativeNumber(): z.ZodNumber {
  const e = expecting('expected non-negative finite number');
  return z.number({ error: e }).min(0, { error: e });
}

export function finiteNumber(): z.ZodNumber {
  return z.number({ error: expecting('expected finite number') });
}

export function fraction(): z.ZodNumber {
  const e = expecting('expected number in [0, 1]');
  return z.number({ error: e }).min(0, { error: e }).max(1, { error: e });
}

/** Identifiers minted by the service: letters, digits, '-' and '_' (they become folder names). */
export function identifier(): z.ZodString {
  const e = expecting('expected identifier ([A-Za-z0-9_-], 1–64 characters)');
  return z
    .string({ error: e })
    .min(1, { error: e })
    .max(64, { error: e })
    .regex(/^[A-Za-z0-9_-]+$/, { error: e });
}

export function text(max: number): z.ZodString {
  const e = expecting(`expected string of at most ${max} characters`);
  return z.string({ error: e }).max(max, { error: e });
}

export function numbers(maxLength: number): z.ZodArray<z.ZodNumber> {
  const e = expecting(`expected array of at most ${maxLength} finite numbers`);
  return z.array(finiteNumber(), { error: e }).max(maxLength, { error: e });
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T): z.ZodEnum<{ [K in T[number]]: K }> {
  return z.enum(values, { error: expecting(`expected one of ${values.join(', ')}`) });
}

/** Epoch milliseconds. */
export function timestamp(): z.ZodNumber {
  return nonNegativeNumber();
}
