// Helpers shared by the panel's components.

// A record's title or name in the reader's language, else in another one.
const SUFFIX = { kk: 'Kk', ru: 'Ru', en: 'En' };
const LANGUAGES = ['ru', 'kk', 'en'];

export const pickTitle = (values, language) => {
  if (!values) return undefined;
  const order = [language, ...LANGUAGES.filter((candidate) => candidate !== language)];
  for (const prefix of ['title', 'name']) {
    for (const candidate of order) {
      const value = values[`${prefix}${SUFFIX[candidate] ?? ''}`];
      if (typeof value === 'string' && value.trim()) return value;
    }
  }
  return undefined;
};

// Browsers without Kazakh locale data (Debian's Chromium among them) print kk-KZ dates as "2026 M12 1": the panel
// spells them as CLDR's long Kazakh format does ("2026 ж. 1 желтоқсан") in every browser.
const KAZAKH_MONTHS = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'];
const LOCALES = { ru: 'ru-RU', en: 'en-GB' };

// A calendar date (YYYY-MM-DD, or a timestamp's day in the reader's time zone) in the reader's language.
export const formatDate = (value, language) => {
  if (!value) return '';
  const iso = String(value);
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00Z`) : new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const dateOnly = iso.length === 10;
  const timeZone = dateOnly ? 'UTC' : undefined;
  if (language === 'kk') {
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(date);
    const part = (type) => Number(parts.find((item) => item.type === type)?.value);
    return `${part('year')} ж. ${part('day')} ${KAZAKH_MONTHS[part('month') - 1]}`;
  }
  return new Intl.DateTimeFormat(LOCALES[language] ?? LOCALES.ru, { timeZone, dateStyle: 'medium' }).format(date);
};

export const formatDateTime = (iso, language) => {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false }).format(date);
  return `${formatDate(iso, language)}, ${time}`;
};

export const recordUrl = (resourceId, recordId) => `/admin/resources/${resourceId}/records/${recordId}/show`;

// A date as precise as the source: "2016" for a year, "2016-06" for a month, never an invented first of January.
export const formatPreciseDate = (value, precision) => {
  if (!value) return '—';
  const iso = String(value).slice(0, 10);
  if (precision === 'year') return iso.slice(0, 4);
  if (precision === 'month') return iso.slice(0, 7);
  return iso;
};

// The seed loader (seed.service.ts) records its changes as the system actor "seed": staff read it as the initial
// load, in their language, not as the loader's name.
export const SEED_ACTOR_NAME = 'seed';
export const actorLabel = (name, translateComponent) => (name === SEED_ACTOR_NAME ? translateComponent('Actors.seed') : name);
