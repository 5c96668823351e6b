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

export const formatDateTime = (iso, language) => {
  if (!iso) return '';
  try {
    return new Intl.DateTimeFormat(language === 'kk' ? 'kk-KZ' : language === 'en' ? 'en-GB' : 'ru-RU', {
      dateStyle: 'medium',
      timeStyle: 'short',
    }).format(new Date(iso));
  } catch {
    return iso;
  }
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
