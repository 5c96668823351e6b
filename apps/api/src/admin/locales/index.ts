import type { Language } from '@prisma/client';
import { PANEL_LANGUAGES } from '../localize.js';
import { en, type PanelTexts } from './en.js';
import { kk } from './kk.js';
import { ru } from './ru.js';

/** The browser's language choice, written by the panel's language switch (i18next's cookie cache). */
export const LANGUAGE_COOKIE = 'kelisim.lang';

const PRECISION_FIELDS = ['signedOnPrecision', 'startDatePrecision', 'endDatePrecision', 'dueOnPrecision', 'publishedOnPrecision'];

/** AdminJS looks enum labels up by property name: give every enum property its value labels. */
function expand(texts: PanelTexts) {
  const { precision, role, language, ...labels } = texts.labels;
  return {
    ...texts,
    labels: {
      ...labels,
      ...Object.fromEntries(PRECISION_FIELDS.map((field) => [field, precision])),
      role,
      language,
      locale: language,
    },
  };
}

export const PANEL_TEXTS = { ru: expand(ru), kk: expand(kk), en: expand(en) };

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
      cookieMinutes: 60 * 24 * 365,
      cookieOptions: { path: '/admin', sameSite: 'lax' },
    },
  };
}
