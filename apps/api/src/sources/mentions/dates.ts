// Dates, found by patterns over the folded text (lower case, Cyrillic i): numeric 10.06.2016, «9 июля 2016 года»,
// «2016 жылдың 10 маусымында», months («в декабре», «маусым айында», «желтоқсанда») and years («2019 жылы», «в 2016
// году»); a range («с 5 по 7 ноября», «10-12 қыркүйекте», «в 2017–2018 годах») gives two dates.
import type { Candidate, DateValue } from './mention-types.js';
import { harmoniesOf } from './suffixes.js';

/** Month names by number: the Russian stem (case endings follow), the Kazakh word (suffixes follow), the English word. */
const MONTHS: { ru: string; kk: string; en: string }[] = [
  { ru: 'январ', kk: 'қаңтар', en: 'january' },
  { ru: 'феврал', kk: 'ақпан', en: 'february' },
  { ru: 'март', kk: 'наурыз', en: 'march' },
  { ru: 'апрел', kk: 'сәуір', en: 'april' },
  { ru: 'ма', kk: 'мамыр', en: 'may' },
  { ru: 'июн', kk: 'маусым', en: 'june' },
  { ru: 'июл', kk: 'шілде', en: 'july' },
  { ru: 'август', kk: 'тамыз', en: 'august' },
  { ru: 'сентябр', kk: 'қыркүйек', en: 'september' },
  { ru: 'октябр', kk: 'қазан', en: 'october' },
  { ru: 'ноябр', kk: 'қараша', en: 'november' },
  { ru: 'декабр', kk: 'желтоқсан', en: 'december' },
];

const L = '\\p{L}';
const BEFORE = '(?<![\\p{L}\\p{N}])';
const AFTER = '(?![\\p{L}\\p{N}])';
const alternatives = (list: string[]) => list.join('|');
// «май» declines as май, мая, мае, маем; the other Russian stems take ь/я/е/ю/ём/ем (январь, января, январе…).
const RU_MONTH = `(?:(${alternatives(MONTHS.map((month) => month.ru).filter((stem) => stem !== 'ма'))})(?:ь|я|е|ю|ём|ем|а|у|ом)?|(ма)(?:й|я|е|ю|ем))`;
// қыркүйек voices its final к before a vowel (қыркүйегінде); the suffix is checked by kazakhMonthSuffix.
const KK_MONTH = `(${alternatives(MONTHS.map((month) => month.kk.replace(/к$/, '[кг]')))})${L}*`;
const EN_MONTH = `(${alternatives(MONTHS.map((month) => month.en))})`;
const YEAR = '((?:1[89]|20)\\d\\d)';
// «год» in every case and number («в 2017–2018 годах», «с 2016 годом»); the AFTER guard needs the whole word listed.
const RU_YEAR_WORD = '(?:годами|годах|годам|годов|годом|годы|годе|года|году|год|г\\.|гг\\.)';
const KK_YEAR_WORD = `жыл${L}*`;
// «ағымдағы/осы/биылғы жылдың маусым айында» is this year's June, «былтырғы/өткен жылдың желтоқсан айында» last year's.
const KK_RELATIVE_YEAR = `(?:(ағымдағы|осы|биылғы|былтырғы|өткен|келесі)\\s+жыл${L}*\\s+)`;
const RELATIVE_OFFSETS: Record<string, number> = { ағымдағы: 0, осы: 0, биылғы: 0, былтырғы: -1, өткен: -1, келесі: 1 };

function monthNumber(groups: (string | undefined)[]): number {
  for (const group of groups) {
    if (!group) continue;
    const index = MONTHS.findIndex((month) => month.ru === group || month.kk === group.replace(/г$/, 'к') || month.en === group);
    if (index >= 0) return index + 1;
  }
  return 0;
}

// The suffixes a Kazakh month name takes as a date: a case (locative «желтоқсанда», dative «қарашаға», ablative
// «маусымнан», genitive «желтоқсанның», «-дағы» «шілдедегі»), after a possessive or not («жылдың қыркүйегінде»). A closed
// list, so that «Наурызбай» (a name) or «тамызық» is no month. Back-vowel forms, then front.
const KK_MONTH_CASES = {
  back: ['да', 'та', 'ға', 'қа', 'дан', 'тан', 'нан', 'ның', 'дың', 'тың', 'дағы', 'тағы'],
  front: ['де', 'те', 'ге', 'ке', 'ден', 'тен', 'нен', 'нің', 'дің', 'тің', 'дегі', 'тегі'],
};
const KK_MONTH_AFTER_POSSESSIVE = { back: ['', 'нда', 'на', 'нан', 'ның', 'ндағы'], front: ['', 'нде', 'не', 'нен', 'нің', 'ндегі'] };
const KK_POSSESSIVE = { back: ['ы', 'сы'], front: ['і', 'сі'] };

/** How a Kazakh month word ends after its name: 'case' (a date on its own), 'bare' or 'possessive' (dates only inside a
 * longer phrase: «маусым айында», «2018 жылдың қыркүйегі»), or null when it is another word. */
function kazakhMonthSuffix(word: string): 'case' | 'bare' | 'possessive' | null {
  const month = MONTHS.find((m) => word.startsWith(m.kk) || word.startsWith(m.kk.replace(/к$/, 'г')));
  if (!month) return null;
  const voiced = !word.startsWith(month.kk);
  const suffix = word.slice(month.kk.length);
  if (!suffix) return 'bare';
  for (const harmony of harmoniesOf(month.kk)) {
    if (!voiced && KK_MONTH_CASES[harmony].includes(suffix)) return 'case';
    for (const possessive of KK_POSSESSIVE[harmony]) {
      // -сы/-сі after a vowel (қарашасында), -ы/-і after a consonant (маусымында), which voices a final к (қыркүйегінде).
      if (/[аәеоөұүыі]$/.test(month.kk) !== possessive.startsWith('с') || voiced !== /к$/.test(month.kk)) continue;
      const rest = KK_MONTH_AFTER_POSSESSIVE[harmony].find((ending) => suffix === possessive + ending);
      if (rest !== undefined) return rest ? 'case' : 'possessive';
    }
  }
  return null;
}

/**
 * A Kazakh month without a day or «ай» after it is a date in a case form only («желтоқсанда», not «желтоқсан»), and a
 * capitalised «Қазан» is the city of Kazan («Қазанда өткен форум», «2018 жылы Қазанда»), not October: the month is
 * written in lower case, and a sentence-initial «Қазанда» is as likely the city, so it is left unread too.
 */
function kazakhMonthAlone(text: string, match: RegExpMatchArray): boolean {
  const word = /\p{L}+$/u.exec(match[0])?.[0] ?? '';
  const start = match.index! + match[0].length - word.length;
  const form = kazakhMonthSuffix(word);
  if (word.startsWith('қазан') && text[start] !== 'қ') return false;
  // After a year any form states the month («2016 жылдың қаңтар-тамыз айлары», «2018 жылдың қыркүйегі»).
  return form === 'case' || (form !== null && match[0] !== word);
}

/** English «may» is a month only capitalised: "on 5 May", not "Article 5 may apply" (the folded text is lower case). */
function englishMayValid(text: string, match: RegExpMatchArray): boolean {
  const may = /(?<!\p{L})may(?!\p{L})/u.exec(match[0]);
  return !may || /^(?:May|MAY)$/.test(text.slice(match.index! + may.index, match.index! + may.index + 3));
}

/** Every Kazakh month word in a matched phrase is a month form (the regex takes any letters after the name). */
function kazakhMonthsValid(phrase: string): boolean {
  return [...phrase.matchAll(/\p{L}+/gu)].every(([word]) => !MONTHS.some((m) => word.startsWith(m.kk.replace(/к$/, ''))) || kazakhMonthSuffix(word) !== null);
}

interface DatePattern {
  regex: RegExp;
  precision: DateValue['precision'];
  /** Reads [year or null, month, day] from the match; a null year is inferred. */
  read: (match: RegExpMatchArray) => [number | null, number, number];
  /** The Kazakh month stands without a day or «ай» (see kazakhMonthAlone). */
  monthAlone?: true;
}

// The group keeps the guards on every alternative of a source that has several: unwrapped, BEFORE bound the first one
// only and AFTER the last («2018 годах» matched as «2018 года», «within 2018» as «in 2018»).
const pattern = (source: string) => new RegExp(`${BEFORE}(?:${source})${AFTER}`, 'gu');
const num = (value: string | undefined) => (value ? Number(value) : null);

const DATE_PATTERNS: DatePattern[] = [
  { regex: pattern('(\\d{1,2})\\.(\\d{1,2})\\.' + YEAR), precision: 'day', read: (m) => [num(m[3]), Number(m[2]), Number(m[1])] },
  {
    regex: pattern(`(\\d{1,2})\\s+${RU_MONTH}(?:\\s+${YEAR}(?:\\s*${RU_YEAR_WORD})?)?`),
    precision: 'day',
    read: (m) => [num(m[4]), monthNumber([m[2], m[3]]), Number(m[1])],
  },
  {
    regex: pattern(`(?:${YEAR}\\s*${KK_YEAR_WORD}\\s+)?(\\d{1,2})\\s*-?\\s*${KK_MONTH}(?:\\s+${YEAR}\\s*${KK_YEAR_WORD})?`),
    precision: 'day',
    read: (m) => [num(m[1]) ?? num(m[4]), monthNumber([m[3]]), Number(m[2])],
  },
  {
    regex: pattern(`(?:(\\d{1,2})\\s+${EN_MONTH}|${EN_MONTH}\\s+(\\d{1,2}))(?:,?\\s+${YEAR})?`),
    precision: 'day',
    read: (m) => [num(m[5]), monthNumber([m[2], m[3]]), Number(m[1] ?? m[4])],
  },
  // A month alone: Russian after a preposition («в декабре»), Kazakh before «ай» or after a year, English after «in».
  {
    regex: pattern(`(?:в|во|с|до|к|по|на|конце|начале|середине)\\s+${RU_MONTH}(?:\\s+${YEAR}\\s*${RU_YEAR_WORD}?)?`),
    precision: 'month',
    read: (m) => [num(m[3]), monthNumber([m[1], m[2]]), 1],
  },
  { regex: pattern(`${RU_MONTH}\\s+${YEAR}`), precision: 'month', read: (m) => [num(m[3]), monthNumber([m[1], m[2]]), 1] },
  {
    regex: pattern(`(?:${YEAR}\\s*${KK_YEAR_WORD}\\s+)?${KK_MONTH}\\s+ай${L}*`),
    precision: 'month',
    read: (m) => [num(m[1]), monthNumber([m[2]]), 1],
  },
  { regex: pattern(`${YEAR}\\s*${KK_YEAR_WORD}\\s+${KK_MONTH}`), precision: 'month', read: (m) => [num(m[1]), monthNumber([m[2]]), 1], monthAlone: true },
  // A Kazakh month in a case, alone: «желтоқсанда» (in December), «қарашаға дейін», «қыркүйегінде».
  { regex: pattern(KK_MONTH), precision: 'month', read: (m) => [null, monthNumber([m[1]]), 1], monthAlone: true },
  { regex: pattern(`(?:in\\s+)?${EN_MONTH}\\s+${YEAR}|in\\s+${EN_MONTH}`), precision: 'month', read: (m) => [num(m[2]), monthNumber([m[1], m[3]]), 1] },
  {
    regex: pattern(`(?:(?:в|во|с|до|к|по|на)\\s+)?${YEAR}\\s*(?:${RU_YEAR_WORD}|${KK_YEAR_WORD})|in\\s+${YEAR}`),
    precision: 'year',
    read: (m) => [num(m[1] ?? m[2]), 1, 1],
  },
];

/**
 * Day ranges, «с 5 по 7 ноября 2018 года», «5–7 ноября», «2018 жылғы 5-7 қарашада», «с 30 ноября по 2 декабря»,
 * "November 5–7, 2018": two day-precision dates sharing the year (and the month, when only the last day names it).
 * Group 1 is the text of the first date; the second one starts at the next word («по 7 ноября 2018 года», «7 қарашада»).
 */
interface RangePattern {
  regex: RegExp;
  /** Reads [year or null, [month, day] of the first date, [month, day] of the second]. */
  read: (match: RegExpMatchArray) => [number | null, [number, number], [number, number]];
}

const DASH = '\\s*[-–—]\\s*';
const RU_YEAR_AFTER = `(?:\\s+${YEAR}(?:\\s*${RU_YEAR_WORD})?)?`;
const KK_YEAR_BEFORE = `(?:${YEAR}\\s*${KK_YEAR_WORD}\\s+)?`;
const rangePattern = (source: string) => new RegExp(`${BEFORE}(?:${source})${AFTER}`, 'dgu');

const RANGE_PATTERNS: RangePattern[] = [
  {
    regex: rangePattern(`((?:(?:с|со)\\s+)?(\\d{1,2}))(?:${DASH}|\\s+по\\s+)(\\d{1,2})\\s+${RU_MONTH}${RU_YEAR_AFTER}`),
    read: (m) => {
      const month = monthNumber([m[4], m[5]]);
      return [num(m[6]), [month, Number(m[2])], [month, Number(m[3])]];
    },
  },
  {
    regex: rangePattern(`((?:(?:с|со)\\s+)?(\\d{1,2})\\s+${RU_MONTH})(?:${DASH}|\\s+по\\s+)(\\d{1,2})\\s+${RU_MONTH}${RU_YEAR_AFTER}`),
    read: (m) => [num(m[8]), [monthNumber([m[3], m[4]]), Number(m[2])], [monthNumber([m[6], m[7]]), Number(m[5])]],
  },
  {
    regex: rangePattern(`(${KK_YEAR_BEFORE}(\\d{1,2}))${DASH}(\\d{1,2})\\s*-?\\s*${KK_MONTH}(?:\\s+${YEAR}\\s*${KK_YEAR_WORD})?`),
    read: (m) => {
      const month = monthNumber([m[5]]);
      return [num(m[2]) ?? num(m[6]), [month, Number(m[3])], [month, Number(m[4])]];
    },
  },
  // Across months: «30 қараша – 2 желтоқсан», «30 қарашадан 2 желтоқсанға дейін» (from … to, the first in the ablative).
  {
    regex: rangePattern(
      `(${KK_YEAR_BEFORE}(\\d{1,2})\\s*-?\\s*${KK_MONTH})(?:${DASH}|(?<=[дтн][ае]н)\\s+)(\\d{1,2})\\s*-?\\s*${KK_MONTH}(?:\\s+${YEAR}\\s*${KK_YEAR_WORD})?`,
    ),
    read: (m) => [num(m[2]) ?? num(m[7]), [monthNumber([m[4]]), Number(m[3])], [monthNumber([m[6]]), Number(m[5])]],
  },
  {
    regex: rangePattern(`(${EN_MONTH}\\s+(\\d{1,2}))${DASH}(\\d{1,2})(?:,?\\s+${YEAR})?|((\\d{1,2}))${DASH}(\\d{1,2})\\s+${EN_MONTH}(?:,?\\s+${YEAR})?`),
    read: (m) => {
      const month = monthNumber([m[2], m[9]]);
      return [num(m[5] ?? m[10]), [month, Number(m[3] ?? m[7])], [month, Number(m[4] ?? m[8])]];
    },
  },
];

const KK_RELATIVE_MONTH = new RegExp(`${BEFORE}${KK_RELATIVE_YEAR}${KK_MONTH}\\s+ай${L}*${AFTER}`, 'gu');
// «в декабре прошлого года», «9 июля текущего года»: the Russian month or day of a year relative to the text's.
const RU_RELATIVE_YEAR: Record<string, number> = { прошлого: -1, текущего: 0, этого: 0, нынешнего: 0, сего: 0, следующего: 1, будущего: 1 };
const RU_RELATIVE = `\\s+(${alternatives(Object.keys(RU_RELATIVE_YEAR))})\\s+года`;
const RU_RELATIVE_DATES: { regex: RegExp; precision: DateValue['precision']; read: (m: RegExpMatchArray) => [number, number, string] }[] = [
  { regex: pattern(`(\\d{1,2})\\s+${RU_MONTH}${RU_RELATIVE}`), precision: 'day', read: (m) => [monthNumber([m[2], m[3]]), Number(m[1]), m[4]] },
  {
    regex: pattern(`(?:в|во|с|до|к|по|на|конце|начале|середине)\\s+${RU_MONTH}${RU_RELATIVE}`),
    precision: 'month',
    read: (m) => [monthNumber([m[1], m[2]]), 1, m[3]],
  },
];
// Year ranges, «в 2017–2018 годах», «2016-2018 гг.», «2017-2018 жылдары»: two year-precision dates.
const YEAR_RANGE = rangePattern(`((?:(?:в|во|с)\\s+)?${YEAR})(?:${DASH}|\\s+по\\s+)${YEAR}\\s*(?:${RU_YEAR_WORD}|${KK_YEAR_WORD})`);

const pad = (value: number) => String(value).padStart(2, '0');
const isValid = (year: number, month: number, day: number) => month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();

interface RawDate {
  start: number;
  end: number;
  year: number | null;
  yearOffset: number;
  month: number;
  day: number;
  precision: DateValue['precision'];
  /** The second date of a range: its own span, month and day; the year is the first one's unless it has its own. */
  second?: { start: number; end: number; month: number; day: number; year?: number };
}

/** The first date of a range ends with group 1 (or the group of the alternative matched); the second starts after the separator. */
function rangeDates(match: RegExpMatchArray, text: string, read: RangePattern['read']): RawDate | null {
  const [year, [month, day], [secondMonth, secondDay]] = read(match);
  const firstEnd = (match.indices![1] ?? match.indices!.find((span, index) => index > 1 && span && span[0] === match.index))![1];
  const secondStart = firstEnd + /^[\s\-–—]*/u.exec(text.slice(firstEnd))![0].length;
  // A range runs forward: «12-10 қыркүйекте» or «5 декабря – 2 ноября» is something else.
  if (secondMonth < month || (secondMonth === month && secondDay <= day)) return null;
  const end = match.index! + match[0].length;
  return {
    start: match.index!,
    end: firstEnd,
    year,
    yearOffset: 0,
    month,
    day,
    precision: 'day',
    second: { start: secondStart, end, month: secondMonth, day: secondDay },
  };
}

/** The year of the last stated date before `position`, else of the first one after it (binary search: texts are long). */
function nearestYear(stated: RawDate[], position: number): number | undefined {
  let low = 0;
  let high = stated.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (stated[middle].start < position) low = middle + 1;
    else high = middle;
  }
  return (stated[low - 1] ?? stated[low])?.year ?? undefined;
}

/**
 * A date without its year (9 июля, маусым айында) takes options.referenceYear when the caller knows when the text was
 * written (an article's publication year); otherwise the nearest year the text states before it, else the first one
 * after it; with no year anywhere the mention is dropped, since a date string needs a year. The precision stays the
 * text's own (day or month): the year is the only part inferred.
 */
export function findDates(text: string, folded: string, referenceYear?: number): Candidate[] {
  const raw: RawDate[] = [];
  for (const { regex, precision, read, monthAlone } of DATE_PATTERNS) {
    for (const match of folded.matchAll(regex)) {
      if (!kazakhMonthsValid(match[0]) || !englishMayValid(text, match) || (monthAlone && !kazakhMonthAlone(text, match))) continue;
      const [year, month, day] = read(match);
      raw.push({ start: match.index, end: match.index + match[0].length, year, yearOffset: 0, month, day, precision });
    }
  }
  for (const { regex, read } of RANGE_PATTERNS) {
    for (const match of folded.matchAll(regex)) {
      const range = kazakhMonthsValid(match[0]) && englishMayValid(text, match) ? rangeDates(match, folded, read) : null;
      if (range) raw.push(range);
    }
  }
  for (const match of folded.matchAll(YEAR_RANGE)) {
    const [year, secondYear] = [Number(match[2]), Number(match[3])];
    const firstEnd = match.indices![1]![1];
    const second = { start: match.indices![3]![0], end: match.index + match[0].length, month: 1, day: 1, year: secondYear };
    if (secondYear > year) raw.push({ start: match.index, end: firstEnd, year, yearOffset: 0, month: 1, day: 1, precision: 'year', second });
  }
  for (const { regex, precision, read } of RU_RELATIVE_DATES) {
    for (const match of folded.matchAll(regex)) {
      const [month, day, relative] = read(match);
      raw.push({ start: match.index, end: match.index + match[0].length, year: null, yearOffset: RU_RELATIVE_YEAR[relative], month, day, precision });
    }
  }
  for (const match of folded.matchAll(KK_RELATIVE_MONTH)) {
    const month = monthNumber([match[2]]);
    raw.push({ start: match.index, end: match.index + match[0].length, year: null, yearOffset: RELATIVE_OFFSETS[match[1]], month, day: 1, precision: 'month' });
  }
  const statedYears = raw.filter((date) => date.year !== null).sort((a, b) => a.start - b.start);
  const candidates: Candidate[] = [];
  for (const date of raw) {
    const base = date.year ?? referenceYear ?? nearestYear(statedYears, date.start);
    if (base === undefined || base === null) continue;
    const year = base + date.yearOffset;
    if (!isValid(year, date.month, date.day)) continue;
    const value: DateValue = { date: `${year}-${pad(date.month)}-${pad(date.day)}`, precision: date.precision };
    const candidate: Candidate = { kind: 'date', start: date.start, end: date.end, value, rank: date.yearOffset === 0 ? 0 : 1 };
    const { second } = date;
    if (!second) {
      candidates.push(candidate);
      continue;
    }
    const secondYear = second.year ?? year;
    if (!isValid(secondYear, second.month, second.day)) continue;
    const secondValue: DateValue = { date: `${secondYear}-${pad(second.month)}-${pad(second.day)}`, precision: date.precision };
    // The range competes for its whole span with the single dates inside it (the «7 ноября 2018 года» of «5–7 ноября
    // 2018 года»), and yields its two dates when it wins.
    const parts = [candidate, { kind: 'date' as const, start: second.start, end: second.end, value: secondValue, rank: 0 }];
    candidates.push({ ...candidate, end: second.end, parts });
  }
  return candidates;
}
