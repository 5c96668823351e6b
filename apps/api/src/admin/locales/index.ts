import type { Language } from '@prisma/client';
import { PANEL_LANGUAGES } from '../localize.js';
import { PRECISION_FIELDS, recordTexts } from '../resources/index.js';
import { en, type PanelTexts } from './en.js';
import { kk } from './kk.js';
import { ru } from './ru.js';

/** The browser's language choice, written by the panel's language switch (i18next's cookie cache). */
export const LANGUAGE_COOKIE = 'kelisim.lang';
/** Where the switch keeps it: the browser's script reads and writes it, so it is not httpOnly. */
const LANGUAGE_COOKIE_DAYS = 365;
export const LANGUAGE_COOKIE_OPTIONS = { path: '/admin', sameSite: 'lax', maxAge: LANGUAGE_COOKIE_DAYS * 24 * 60 * 60 * 1000 } as const;

/**
 * A language's full texts: the shared ones of locales/*.ts with each record type's own words (its panel resource's
 * `texts`); and since AdminJS looks enum labels up by property name, every enum property with its value labels.
 */
function expand(texts: PanelTexts, language: Language) {
  const { precision, role, language: languages, ...labels } = texts.labels;
  const records = recordTexts(language);
  return {
    ...texts,
    labels: {
      ...labels,
      ...records.names,
      // The audit trail also keeps sources' history; "one source" is the shared texts' word for it.
      entityType: { ...records.entityType, source: texts.sourceOne },
      status: { ...labels.status, ...records.statuses },
      ...Object.fromEntries(PRECISION_FIELDS.map((field) => [field, precision])),
      role,
      language: languages,
      locale: languages,
    },
    resources: records.resources,
  };
}

export const PANEL_TEXTS = { ru: expand(ru, 'ru'), kk: expand(kk, 'kk'), en: expand(en, 'en') };

/**
 * AdminJS's locale for one user: their language first; the language switch stores a new choice in a cookie, which
 * the server applies to the session and the user's account (admin-panel.ts).
 */
export function panelLocale(language: Language) {
  return {
    language,
    availableLanguages: PANEL_LANGUAGES,
    translations: PANEL_TEXTS,
    localeDetection: true,
    detection: {
      order: ['cookie', 'htmlTag'],
      caches: ['cookie'],
      lookupCookie: LANGUAGE_COOKIE,
      cookieMinutes: 60 * 24 * LANGUAGE_COOKIE_DAYS,
      cookieOptions: { path: LANGUAGE_COOKIE_OPTIONS.path, sameSite: LANGUAGE_COOKIE_OPTIONS.sameSite },
    },
  };
}
