/** Shared readers for already JSON.parse'd values; errors go through the caller's `fail`. */
export type Fail = (message: string) => never;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Short description of a JSON value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array (${value.length} entries)`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  return String(value);
}

function readNumber(value: unknown, path: string, fail: Fail): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`${path} must be a finite number, got ${describe(value)}`);
  return value;
}

/** A non-empty array of finite numbers. */
export function readNumberList(value: unknown, path: string, fail: Fail): number[] {
  if (!Array.isArray(value)) return fail(`${path} must be an array of numbers, got ${describe(value)}`);
  if (value.length === 0) fail(`${path} is empty`);
  return value.map((x: unknown, i: number) => readNumber(x, `${path}[${i}]`, fail));
}

/** A non-empty array of equally long, non-empty rows of finite numbers. */
export function readMatrix(value: unknown, path: string, fail: Fail): { rows: number[][]; columns: number } {
  if (!Array.isArray(value)) return fail(`${path} must be an array of rows, got ${describe(value)}`);
  if (value.length === 0) fail(`${path} is empty: it needs at least one row`);
  let columns = -1;
  const rows = value.map((row: unknown, r: number) => {
    const at = `${path}[${r}]`;
    if (!Array.isArray(row)) return fail(`${at} must be an array of numbers, got ${describe(row)}`);
    if (columns < 0) {
      if (row.length === 0) fail(`${at} is empty: rows need at least one entry`);
      columns = row.length;
    } else if (row.length !== columns) fail(`${at} has ${row.length} entries, expected ${columns} (like ${path}[0])`);
    return row.map((x: unknown, c: number) => readNumber(x, `${at}[${c}]`, fail));
  });
  return { rows, columns };
}
