import { csvFile, toCsv, type CsvColumn, type CsvValue } from './csv.js';

const BOM = '\uFEFF';

/** One column holding the value itself, so each test is about how a single cell is written. */
const VALUE: CsvColumn<CsvValue>[] = [{ header: 'value', value: (row) => row }];

/** The CSV text of one cell (after the header line), without the BOM and line endings. */
function cell(value: CsvValue): string {
  const csv = toCsv([value], VALUE);
  expect(csv.startsWith(`${BOM}value\r\n`)).toBe(true);
  expect(csv.endsWith('\r\n')).toBe(true);
  return csv.slice(`${BOM}value\r\n`.length, -2);
}

describe('toCsv', () => {
  interface Row {
    id: number;
    name: string;
  }
  const columns: CsvColumn<Row>[] = [
    { header: 'id', value: (row) => row.id },
    { header: 'name', value: (row) => row.name },
  ];

  it('starts with a byte order mark, has a header line, and ends every line with CRLF', () => {
    expect(
      toCsv(
        [
          { id: 1, name: 'Алматы' },
          { id: 2, name: 'Қарағанды' },
        ],
        columns,
      ),
    ).toBe(`${BOM}id,name\r\n1,Алматы\r\n2,Қарағанды\r\n`);
  });

  it('has only the header line when there are no rows', () => {
    expect(toCsv([], columns)).toBe(`${BOM}id,name\r\n`);
  });

  it('keeps the columns in the order given, and calls each value function on its row', () => {
    const reversed = [...columns].reverse();
    expect(toCsv([{ id: 7, name: 'x' }], reversed)).toBe(`${BOM}name,id\r\nx,7\r\n`);
  });

  it('escapes headers as it escapes values', () => {
    expect(toCsv([], [{ header: 'a,b', value: () => 1 }])).toBe(`${BOM}"a,b"\r\n`);
  });

  it('writes null and undefined as empty cells', () => {
    const empty: CsvColumn<Row>[] = [
      { header: 'a', value: () => null },
      { header: 'b', value: () => undefined },
      { header: 'c', value: () => 'x' },
    ];
    expect(toCsv([{ id: 1, name: '' }], empty)).toBe(`${BOM}a,b,c\r\n,,x\r\n`);
  });

  it('writes numbers, booleans and plain text as they are', () => {
    expect(cell(42)).toBe('42');
    expect(cell(0)).toBe('0');
    expect(cell(12.5)).toBe('12.5');
    expect(cell(true)).toBe('true');
    expect(cell(false)).toBe('false');
    expect(cell('')).toBe('');
    expect(cell('Меморандум о сотрудничестве')).toBe('Меморандум о сотрудничестве');
  });

  it('writes dates as ISO 8601 instants', () => {
    expect(cell(new Date('2025-06-17T08:30:00Z'))).toBe('2025-06-17T08:30:00.000Z');
  });

  it('joins arrays with "; " in one quoted cell', () => {
    expect(cell(['kz-vko', 'kz-sko'])).toBe('"kz-vko; kz-sko"');
    expect(cell(['only'])).toBe('only');
    expect(cell([])).toBe('');
  });

  it('quotes cells with a comma, semicolon, quote, CR or LF, and doubles the quotes inside', () => {
    expect(cell('a,b')).toBe('"a,b"');
    expect(cell('a;b')).toBe('"a;b"');
    expect(cell('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(cell('line 1\r\nline 2')).toBe('"line 1\r\nline 2"');
    expect(cell('ТОО "Восток"')).toBe('"ТОО ""Восток"""');
    expect(cell('"')).toBe('""""');
  });

  it('leaves cells with spaces, tabs inside or apostrophes unquoted', () => {
    expect(cell('a b')).toBe('a b');
    expect(cell('a\tb')).toBe('a\tb');
    expect(cell("O'Brien")).toBe("O'Brien");
  });

  describe('formula injection', () => {
    it.each(['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\tcmd', '=HYPERLINK("http://evil")'])('prefixes %j with an apostrophe', (text) => {
      const written = cell(text);
      const unquoted = written.startsWith('"') ? written.slice(1, -1).replaceAll('""', '"') : written;
      expect(unquoted).toBe(`'${text}`);
    });

    it('prefixes before quoting, so the apostrophe is inside the quotes', () => {
      expect(cell('=SUM(A1,B1)')).toBe(`"'=SUM(A1,B1)"`);
      expect(cell('\rcmd')).toBe(`"'\rcmd"`);
      expect(cell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    });

    it('checks arrays by their joined text', () => {
      expect(cell(['=1', 'b'])).toBe(`"'=1; b"`);
      expect(cell(['b', '=1'])).toBe('"b; =1"');
    });

    it('also prefixes negative numbers, which are written from their text', () => {
      expect(cell(-5)).toBe("'-5");
    });

    it('leaves formula characters alone when not first', () => {
      expect(cell('1+1=2')).toBe('1+1=2');
      expect(cell('user@example.org')).toBe('user@example.org');
      expect(cell('2025-06-17')).toBe('2025-06-17');
    });
  });
});

describe('csvFile', () => {
  it('is a UTF-8 CSV attachment named after the file, with the BOM as its first bytes', async () => {
    const file = csvFile('follow-ups', [{ name: 'Өскемен' }], [{ header: 'name', value: (row) => row.name }]);
    expect(file.getHeaders()).toMatchObject({ type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="follow-ups.csv"' });
    const chunks: Buffer[] = [];
    for await (const chunk of file.getStream()) chunks.push(Buffer.from(chunk as Uint8Array));
    const bytes = Buffer.concat(chunks);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toBe(`${BOM}name\r\nӨскемен\r\n`);
  });
});
