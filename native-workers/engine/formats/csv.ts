/** CSV with a header row of column names and numeric cells (comma, semicolon or tab separated). */
import { FormatError } from './formatError';

export class CsvFormatError extends FormatError {
  override name = 'CsvFormatError';
}

export interface CsvTable {
  readonly columns: readonly string[];
  readonly rows: number;
  /** rows × columns, row-major. */
  readonly values: Float64Array;
}

const MAX_CELLS = 2 ** 27;

export function readCsv(bytes: Uint8Array): CsvTable {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CsvFormatError('is not UTF-8 text');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) throw new CsvFormatError('needs a header row and at least one row of numbers');
  const head = lines[0];
  const sep = head.includes(',') ? ',' : head.includes(';') ? ';' : head.includes('\t') ? '\t' : ',';
  const columns = head.split(sep).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  if (columns.some((c) => c === '')) throw new CsvFormatError('the header has an empty column name');
  if (columns.every((c) => c !== '' && Number.isFinite(Number(c))))
    throw new CsvFormatError('the first row is numbers, not a header; add a header row naming the columns');
  if (new Set(columns).size !== columns.length) throw new CsvFormatError('the header names a column twice');
  const rows = lines.length - 1;
  if (rows * columns.length > MAX_CELLS) throw new CsvFormatError(`has ${rows} rows × ${columns.length} columns, too many to load`);
  const values = new Float64Array(rows * columns.length);
  for (let r = 0; r < rows; r++) {
    const cells = lines[r + 1].split(sep);
    if (cells.length !== columns.length) throw new CsvFormatError(`line ${r + 2} has ${cells.length} cells, the header has ${columns.length}`);
    for (let c = 0; c < cells.length; c++) {
      const s = cells[c].trim();
      const v = s === '' ? NaN : Number(s);
      if (!Number.isFinite(v)) throw new CsvFormatError(`line ${r + 2}, column ${columns[c]}: "${s.slice(0, 30)}" is not a finite number`);
      values[r * columns.length + c] = v;
    }
  }
  return { columns, rows, values };
}
