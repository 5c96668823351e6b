import type { Language } from '@prisma/client';

export const PANEL_LANGUAGES: Language[] = ['ru', 'kk', 'en'];
const SUFFIX: Record<Language, string> = { kk: 'Kk', ru: 'Ru', en: 'En' };

interface RecordJson {
  title?: string;
  params?: Record<string, unknown>;
  populated?: Record<string, RecordJson | null | undefined>;
}

/** A record's own title or name in the reader's language, falling back to the other languages. */
export function localizedTitle(params: Record<string, unknown>, locale: Language): string | undefined {
  const order = [locale, ...PANEL_LANGUAGES.filter((language) => language !== locale)];
  for (const prefix of ['title', 'name']) {
    for (const language of order) {
      const value = params[`${prefix}${SUFFIX[language]}`];
      if (typeof value === 'string' && value.trim()) return value;
    }
  }
  return undefined;
}

/** Sets the titles AdminJS shows (the record's and its linked records') in the reader's language. */
export function localizeRecord<T extends RecordJson>(record: T, locale: Language): T {
  const title = record.params ? localizedTitle(record.params, locale) : undefined;
  const populated = record.populated
    ? Object.fromEntries(Object.entries(record.populated).map(([key, value]) => [key, value ? localizeRecord(value, locale) : value]))
    : record.populated;
  return { ...record, ...(title ? { title } : {}), populated };
}
