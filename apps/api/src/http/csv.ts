import { StreamableFile } from '@nestjs/common';
import type { Request } from 'express';

/** Byte order mark: Excel opens a UTF-8 CSV with Cyrillic and Kazakh letters correctly only with it. */
const BOM = '\uFEFF';

export function wantsCsv(request: Request): boolean {
  const accept = request.headers.accept ?? '';
  return /(^|,)\s*text\/csv\b/i.test(accept) && !/(^|,)\s*application\/json\b/i.test(accept.split(',')[0] ?? '');
}

/** What a cell can hold: a scalar, a date (written as ISO 8601) or a list (joined with "; "). */
export type CsvValue = string | number | boolean | Date | null | undefined | readonly (string | number | boolean | null | undefined)[];

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => CsvValue;
}

export function toCsv<T>(rows: T[], columns: CsvColumn<T>[]): string {
  const lines = [columns.map((column) => escape(column.header)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => escape(column.value(row))).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

function escape(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = Array.isArray(value) ? value.join('; ') : value instanceof Date ? value.toISOString() : String(value);
  // Cells starting with = + - @ would run as formulas in spreadsheet programs.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvFile<T>(filename: string, rows: T[], columns: CsvColumn<T>[]): StreamableFile {
  return new StreamableFile(Buffer.from(toCsv(rows, columns), 'utf8'), {
    type: 'text/csv; charset=utf-8',
    disposition: `attachment; filename="${filename}.csv"`,
  });
}
