// The panel's one module of date and amount formats (components/formats.js), over the values its components meet:
// calendar days, partial dates, timestamps, amounts with and without a currency.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type Formats = {
  formatDate(value: unknown, language: string): string;
  formatDateTime(value: unknown, language: string): string;
  formatPreciseDate(value: unknown, precision: string | undefined, language: string): string;
  formatAmount(amount: unknown, currency: string | null | undefined, language: string): string;
};
const formatsModule = pathToFileURL(path.resolve('apps/api/src/admin/components/formats.js')).href;
/** Intl's group separator in Russian is a no-break space: the expectations spell it so. */
const nbsp = (text: string) => text.replace(/ /g, '\u00a0');

describe('the panel’s date and amount formats', () => {
  let formats: Formats;
  beforeAll(async () => {
    formats = (await import(formatsModule)) as Formats;
  });

  it.each([
    ['ru', '20.11.2026', '01.02.2026'],
    ['kk', '20.11.2026', '01.02.2026'],
    ['en', '20/11/2026', '01/02/2026'],
  ])('%s: a day is numeric, padded, in the calendar as stored', (language, november, february) => {
    expect(formats.formatDate('2026-11-20', language)).toBe(november);
    expect(formats.formatDate('2026-02-01', language)).toBe(february);
    expect(formats.formatPreciseDate('2026-11-20', 'day', language)).toBe(november);
    expect(formats.formatPreciseDate('2026-11-20T00:00:00.000Z', 'day', language)).toBe(november);
  });

  it.each([
    ['ru', 'ноябрь 2026'],
    ['kk', '2026 ж. қараша'],
    ['en', 'November 2026'],
  ])('%s: a month stays a month, a year a year, nothing stays a dash', (language, month) => {
    expect(formats.formatPreciseDate('2026-11-01', 'month', language)).toBe(month);
    expect(formats.formatPreciseDate('2026-01-01', 'year', language)).toBe('2026');
    expect(formats.formatPreciseDate(null, 'unknown', language)).toBe('—');
  });

  it('a timestamp in the reader’s time zone, with hours and minutes', () => {
    const moment = new Date(2026, 10, 20, 9, 5);
    expect(formats.formatDateTime(moment.toISOString(), 'ru')).toBe('20.11.2026, 09:05');
    expect(formats.formatDateTime(moment.toISOString(), 'kk')).toBe('20.11.2026, 09:05');
    expect(formats.formatDateTime(moment.toISOString(), 'en')).toBe('20/11/2026, 09:05');
    expect(formats.formatDate(moment.toISOString(), 'ru')).toBe('20.11.2026');
  });

  it.each([
    ['ru', nbsp('60 000 000 ₸'), nbsp('1 234,50 ₽'), nbsp('60 000 000')],
    ['kk', nbsp('60 000 000 ₸'), nbsp('1 234,50 ₽'), nbsp('60 000 000')],
    ['en', '₸60,000,000', '₽1,234.50', '60,000,000'],
  ])('%s: an amount grouped by thousands with its currency sign', (language, tenge, roubles, bare) => {
    expect(formats.formatAmount('60000000', 'KZT', language)).toBe(tenge);
    expect(formats.formatAmount('1234.5', 'RUB', language)).toBe(roubles);
    expect(formats.formatAmount(60000000, null, language)).toBe(bare);
    expect(formats.formatAmount('', 'KZT', language)).toBe('—');
  });
});
