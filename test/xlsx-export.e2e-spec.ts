// The .xlsx export of the API's lists: with the .xlsx media type in Accept, a list route answers a workbook of the rows
// and columns its CSV export has (real PostgreSQL, opened back with exceljs and compared cell by cell with the JSON
// list), negotiated by q-value, with Vary: Accept, a 406 problem for an Accept it cannot meet, and the API key checks.
import ExcelJS from 'exceljs';
import request from 'supertest';
import { CONTRACT_CSV_COLUMNS } from '../apps/api/src/contracts/contract.csv.js';
import type { CsvColumn, CsvValue } from '../apps/api/src/http/csv.js';
import { XLSX_TYPE } from '../apps/api/src/http/xlsx.js';
import { MEMORANDUM_CSV_COLUMNS } from '../apps/api/src/memoranda/memorandum.csv.js';
import { bearer, createParty } from './support/fixtures.js';
import { pageOf, problemOf, problemType } from './support/responses.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** supertest keeps a body of an unknown media type only when told how: here, the bytes as they came. */
function bytes(response: request.Response, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => done(null, Buffer.concat(chunks)));
}

/** What a spreadsheet cell must hold for a CSV column's value of a JSON row, as the README promises it. */
function expectedCell(column: CsvColumn<never>, value: CsvValue): ExcelJS.CellValue {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value)) return value.join('; ');
  if (column.kind === 'number') return Number(value);
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return new Date(value);
  return value as ExcelJS.CellValue;
}

async function sheetOf(file: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ArrayBuffer);
  return workbook.worksheets[0];
}

const rowValues = (sheet: ExcelJS.Worksheet, row: number, width: number) =>
  Array.from({ length: width }, (_unused, index) => sheet.getRow(row).getCell(index + 1).value ?? null);

describe('xlsx export of the lists', () => {
  let t: TestApp;
  let read: string;
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    t = await createTestApp();
    read = await bearer(t, 'read');
    const write = await bearer(t, 'write');
    const party = await createParty(t, { nameRu: 'Северо-Казахстанская область' });
    const contracts: Record<string, unknown>[] = [
      { titleRu: 'Поставка зерна', amount: '60000000.50', currency: 'KZT', signedOn: '2025-03-14' },
      { titleRu: 'Поставка вагонов', amount: 125000, currency: 'KZT', status: 'negotiating' },
      { titleRu: 'Поставка угля', amount: '7000.00', currency: 'RUB', signedOn: '2024-11-02' },
      { titleEn: 'No amount' },
    ];
    for (const body of contracts) {
      await request(server())
        .post('/api/v1/contracts')
        .set('Authorization', write)
        .send({ parties: [{ partyId: party.id, role: 'partner' }], ...body })
        .expect(201);
    }
    const memoranda: Record<string, unknown>[] = [
      { titleRu: 'Меморандум с Омской областью', signedOn: '2024-05-20', spheres: ['trade', 'industry'] },
      { titleRu: 'Соглашение с Омском о туризме', status: 'signed', signedOn: '2023-09-01' },
      { titleRu: 'Меморандум с Алтайским краем' },
    ];
    for (const body of memoranda) {
      await request(server())
        .post('/api/v1/memoranda')
        .set('Authorization', write)
        .send({ parties: [{ partyId: party.id }], ...body })
        .expect(201);
    }
  });
  afterAll(() => t.close());

  const exportOf = (path: string, accept = XLSX_TYPE, key: string | null = read) => {
    const pending = request(server()).get(path).set('Accept', accept).buffer(true).parse(bytes);
    return key ? pending.set('Authorization', key) : pending;
  };

  it.each([
    ['contracts', '?currency=KZT', CONTRACT_CSV_COLUMNS, 2],
    ['memoranda', `?q=${encodeURIComponent('омск')}`, MEMORANDUM_CSV_COLUMNS, 2],
  ])('answers %s%s as a workbook of the CSV export’s columns, cell by cell the JSON list', async (route, filter, columns, rows) => {
    const json = pageOf(await request(server()).get(`/api/v1/${route}${filter}&limit=100`).set('Authorization', read).expect(200));
    expect(json.data).toHaveLength(rows);
    const response = await exportOf(`/api/v1/${route}${filter}`).expect(200);
    expect(response.headers['content-type']).toBe(XLSX_TYPE);
    expect(response.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="${route}-\\d{4}-\\d{2}-\\d{2}\\.xlsx"$`));
    expect(response.headers.vary).toMatch(/\bAccept\b/);
    const sheet = await sheetOf(response.body as Buffer);
    const typed = columns as CsvColumn<never>[];
    expect(rowValues(sheet, 1, typed.length)).toEqual(typed.map((column) => column.header));
    expect(sheet.rowCount).toBe(rows + 1);
    json.data.forEach((record, index) => {
      expect(rowValues(sheet, index + 2, typed.length)).toEqual(typed.map((column) => expectedCell(column, column.value(record as never))));
    });
  });

  it('writes amounts as numbers and dates as dates, not as text', async () => {
    const sheet = await sheetOf((await exportOf('/api/v1/contracts?currency=KZT&sort=amount').expect(200)).body as Buffer);
    const header = rowValues(sheet, 1, CONTRACT_CSV_COLUMNS.length);
    const cell = (row: number, name: string) => sheet.getRow(row).getCell(header.indexOf(name) + 1).value;
    expect(cell(2, 'amount')).toBe(125000);
    expect(cell(3, 'amount')).toBe(60000000.5);
    expect(cell(3, 'signed_on')).toEqual(new Date('2025-03-14T00:00:00Z'));
    expect(cell(2, 'signed_on')).toBeNull();
    expect(cell(2, 'updated_at')).toBeInstanceOf(Date);
    expect(cell(2, 'quantity')).toBe(1);
  });

  it('negotiates by q-value: the highest wins, any type keeps JSON', async () => {
    const typeOf = async (accept: string) => (await exportOf('/api/v1/contracts', accept).expect(200)).headers['content-type'];
    expect(await typeOf(`application/json;q=0.5, ${XLSX_TYPE}`)).toBe(XLSX_TYPE);
    expect(await typeOf(`${XLSX_TYPE};q=0.5, text/csv`)).toMatch(/^text\/csv/);
    expect(await typeOf(`text/csv;q=0.2, ${XLSX_TYPE};q=0.9, application/json;q=0.5`)).toBe(XLSX_TYPE);
    expect(await typeOf('*/*')).toMatch(/^application\/json/);
    expect(await typeOf(`*/*, ${XLSX_TYPE};q=0.1`)).toMatch(/^application\/json/);
    const json = await request(server()).get('/api/v1/contracts').set('Authorization', read).expect(200);
    expect(json.headers.vary).toMatch(/\bAccept\b/);
  });

  it('is a 406 problem when Accept names nothing a list answers in', async () => {
    for (const accept of ['text/html', 'image/*', `application/json;q=0, text/csv;q=0, ${XLSX_TYPE};q=0`]) {
      const response = await request(server()).get('/api/v1/contracts?currency=KZT').set('Authorization', read).set('Accept', accept).expect(406);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers.vary).toMatch(/\bAccept\b/);
      expect(problemOf(response)).toMatchObject({ type: problemType('not-acceptable'), status: 406 });
    }
  });

  it('needs an API key, and a read key suffices', async () => {
    await exportOf('/api/v1/memoranda', XLSX_TYPE, null).expect(401);
    await exportOf('/api/v1/memoranda', XLSX_TYPE, 'Bearer not-a-key').expect(401);
    await exportOf('/api/v1/memoranda').expect(200).expect('Content-Type', XLSX_TYPE);
  });
});
