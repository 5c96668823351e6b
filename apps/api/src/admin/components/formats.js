// How the panel writes dates and amounts, in one place for every component (lists, cards, record pages, history,
// dashboard, the date picker): one format per language.
//
// A day is numeric, as the date picker's input takes it: ru and kk «20.11.2026», en «20/11/2026». A date known only to
// the month or the year stays that partial: «ноябрь 2026», «2026 ж. қараша», «November 2026», «2026». The words are
// written out here rather than asked of Intl: browsers without Kazakh locale data (Debian's Chromium among them)
// would print kk dates as «2026 M11».

const MONTHS = {
  ru: ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'],
  kk: ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** The day's pattern in date-fns tokens (the date picker's `dateFormat`) and its separator, per language. */
export const DAY_FORMATS = {
  ru: { pattern: 'dd.MM.yyyy', separator: '.' },
  kk: { pattern: 'dd.MM.yyyy', separator: '.' },
  en: { pattern: 'dd/MM/yyyy', separator: '/' },
};

const known = (language) => (language in DAY_FORMATS ? language : 'ru');
const pad = (number) => String(number).padStart(2, '0');

/** Day, month and year of a calendar date (YYYY-MM-DD, as it is) or of a timestamp (in the reader's time zone). */
function partsOf(value) {
  const text = String(value);
  const calendar = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (calendar) return { year: Number(calendar[1]), month: Number(calendar[2]), day: Number(calendar[3]) };
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return undefined;
  return { year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate(), date };
}

const dayText = ({ year, month, day }, language) => {
  const { separator } = DAY_FORMATS[known(language)];
  return [pad(day), pad(month), String(year)].join(separator);
};

/** A calendar date, or a timestamp's day: «20.11.2026» (ru, kk), «20/11/2026» (en). */
export function formatDate(value, language) {
  if (!value) return '';
  const parts = partsOf(value);
  return parts ? dayText(parts, language) : String(value);
}

/** A moment in the reader's time zone: «20.11.2026, 14:05». */
export function formatDateTime(value, language) {
  if (!value) return '';
  const parts = partsOf(value);
  if (!parts) return String(value);
  if (!parts.date) return dayText(parts, language);
  return `${dayText(parts, language)}, ${pad(parts.date.getHours())}:${pad(parts.date.getMinutes())}`;
}

/** A month of a year: «ноябрь 2026», «2026 ж. қараша», «November 2026». */
function monthText({ year, month }, language) {
  const name = MONTHS[known(language)][month - 1];
  return known(language) === 'kk' ? `${year} ж. ${name}` : `${name} ${year}`;
}

/** A date as precise as the source: a year is «2016», a month «июнь 2016», never an invented first of January. */
export function formatPreciseDate(value, precision, language) {
  if (!value) return '—';
  const parts = partsOf(String(value).slice(0, 10));
  if (!parts) return String(value);
  if (precision === 'year') return String(parts.year);
  if (precision === 'month') return monthText(parts, language);
  return dayText(parts, language);
}

/**
 * An amount with its currency's sign: «60 000 000 ₸» in ru and kk (grouped by no-break spaces, as Russian does: the
 * browsers' Kazakh data is missing or the same), «₸60,000,000» in en. A currency without a sign keeps its code
 * («60 000 000 XYZ»); kopecks show only when there are any.
 */
export function formatAmount(amount, currency, language) {
  const number = amount === null || amount === undefined || amount === '' ? NaN : Number(amount);
  if (!Number.isFinite(number)) return '—';
  const digits = Number.isInteger(number) ? 0 : 2;
  const options = { minimumFractionDigits: digits, maximumFractionDigits: digits };
  const locale = known(language) === 'en' ? 'en-GB' : 'ru-RU';
  if (!currency) return new Intl.NumberFormat(locale, options).format(number);
  try {
    return new Intl.NumberFormat(locale, { ...options, style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).format(number);
  } catch {
    // Not an ISO 4217 code Intl accepts: the number and the code as stored.
    return `${new Intl.NumberFormat(locale, options).format(number)} ${currency}`;
  }
}
