import ExcelJS from 'exceljs';
import type { CsvColumn, CsvValue } from './csv.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** How a reader's language names a column (by its CSV header) and an enum value in it; unknown ones stay as they are. */
export interface SheetTexts {
  header(column: string): string;
  value(column: string, value: string): string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const DAY_FORMAT = 'yyyy-mm-dd';
const INSTANT_FORMAT = 'yyyy-mm-dd hh:mm';

/** The API's own words: the CSV export's headers and the enum values as the JSON has them (no reader's language). */
export const AS_IN_CSV: SheetTexts = { header: (column) => column, value: (_column, value) => value };

type Cell = { value: ExcelJS.CellValue; numFmt?: string };

/**
 * A CSV cell as a spreadsheet cell: days and instants as real dates (Excel sorts and filters them), numbers and the
 * columns declared numeric (amounts, kept as decimal strings in the API) as numbers, enum values and lists in the
 * reader's language. A string is never read as a formula by Excel, so no cell needs defusing here.
 */
function cellOf<T>(column: CsvColumn<T>, value: CsvValue, texts: SheetTexts): Cell {
  if (value === null || value === undefined || value === '') return { value: null };
  if (Array.isArray(value)) return { value: value.map((item) => texts.value(column.header, String(item))).join('; ') };
  if (value instanceof Date) return { value, numFmt: INSTANT_FORMAT };
  if (typeof value === 'number' || typeof value === 'boolean') return { value };
  const text = String(value);
  if (column.kind === 'number') return { value: Number(text) };
  if (DAY.test(text)) return { value: new Date(`${text}T00:00:00Z`), numFmt: DAY_FORMAT };
  if (INSTANT.test(text)) return { value: new Date(text), numFmt: INSTANT_FORMAT };
  return { value: texts.value(column.header, text) };
}

/** The rows as one worksheet with a frozen, bold header row, the CSV export's columns in the reader's language. */
export async function xlsxOf<T>(sheetName: string, columns: CsvColumn<T>[], rows: Iterable<T> | AsyncIterable<T>, texts: SheetTexts): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({ header: texts.header(column.header), key: column.header, width: 18 }));
  sheet.getRow(1).font = { bold: true };
  for await (const row of rows) {
    const added = sheet.addRow([]);
    columns.forEach((column, index) => {
      const cell = cellOf(column, column.value(row), texts);
      const target = added.getCell(index + 1);
      target.value = cell.value;
      if (cell.numFmt) target.numFmt = cell.numFmt;
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
