import { StreamableFile } from '@nestjs/common';
import { type Options, stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { pipeline, Readable } from 'node:stream';

/** What a cell can hold: a scalar, a date (written as ISO 8601) or a list (joined with "; "). */
export type CsvValue = string | number | boolean | Date | null | undefined | readonly (string | number | boolean | null | undefined)[];

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => CsvValue;
  /** A number kept as a string (a decimal amount): the spreadsheet export writes it as a number (http/xlsx.ts). */
  kind?: 'number';
}

/**
 * How csv-stringify writes the cells `cellText` made: a byte order mark first (Excel opens a UTF-8 CSV with Cyrillic and
 * Kazakh letters correctly only with it), CRLF after every line, and quotes around a cell with a comma, quote, CR, LF or
 * a semicolon (the list separator, and the field separator of Excel in many locales), quotes inside doubled.
 */
const CSV_OPTIONS: Options = { bom: true, record_delimiter: 'windows', quote_record_delimiter: true, quoted_match: [';'] };

/** A cell's text before quoting: lists joined, dates as ISO 8601 instants, nothing for null, formulas defused. */
function cellText(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = Array.isArray(value) ? value.join('; ') : value instanceof Date ? value.toISOString() : String(value);
  // Cells starting with = + - @ (negative numbers too) would run as formulas in spreadsheet programs.
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The header line and then each row's line, as the cells csv-stringify writes. */
function* csvRecords<T>(columns: CsvColumn<T>[], rows: Iterable<T>): Generator<string[]> {
  yield columns.map((column) => cellText(column.header));
  for (const row of rows) yield columns.map((column) => cellText(column.value(row)));
}

async function* csvRecordsAsync<T>(columns: CsvColumn<T>[], rows: AsyncIterable<T>): AsyncGenerator<string[]> {
  yield columns.map((column) => cellText(column.header));
  for await (const row of rows) yield columns.map((column) => cellText(column.value(row)));
}

export function toCsv<T>(rows: T[], columns: CsvColumn<T>[]): string {
  return stringifySync([...csvRecords(columns, rows)], CSV_OPTIONS);
}

/**
 * The rows as a CSV attachment, written as they come: each line goes to the response only as fast as the client reads
 * it (back-pressure through the pipeline), and rows are pulled from `rows` only when the writer needs more, so a
 * cursor behind them reads no further ahead than the socket. When the client disconnects, Nest destroys the stream,
 * the pipeline destroys the source and the cursor's generator returns; a failure half-way aborts the response rather
 * than end a truncated file as if it were complete.
 */
export function csvFile<T>(filename: string, rows: Iterable<T> | AsyncIterable<T>, columns: CsvColumn<T>[]): StreamableFile {
  const records = Symbol.asyncIterator in rows ? Readable.from(csvRecordsAsync(columns, rows)) : Readable.from(csvRecords(columns, rows));
  const csv = pipeline(records, stringify(CSV_OPTIONS), () => {
    // The pipeline's own callback: an error has already destroyed the output stream, which Nest then reports.
  });
  return new StreamableFile(csv, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${filename}.csv"` });
}
