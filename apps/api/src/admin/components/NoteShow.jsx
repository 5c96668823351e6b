import React from 'react';
import { Text, ValueGroup } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

const KAZAKH_LETTERS = /[әғқңөұүһіӘҒҚҢӨҰҮҺІ]/g;
const CYRILLIC_LETTERS = /[\u0400-\u04FF]/g;
const LATIN_LETTERS = /[A-Za-z]/g;

/** The language a note is mostly written in, by its letters: a note has one text, not one per language. */
export function noteLanguage(text) {
  const count = (pattern) => (text.match(pattern) ?? []).length;
  const latin = count(LATIN_LETTERS);
  const cyrillic = count(CYRILLIC_LETTERS);
  if (latin > cyrillic) return 'en';
  return count(KAZAKH_LETTERS) > 0 ? 'kk' : 'ru';
}

// A note exists in one language only (the seeded register's notes are the analyst's, in English): a reader of another
// language is told which one, and the text carries its `lang` so that screen readers pronounce it as written.
const NoteShow = ({ property, record }) => {
  const { translateComponent, translateProperty, i18n } = useTranslation();
  const text = String(record?.params?.[property.path] ?? '');
  const language = text.trim() ? noteLanguage(text) : undefined;
  const tag = language && language !== i18n.language ? ` (${translateComponent('Note.writtenIn', { language: translateComponent(`Note.${language}`) })})` : '';
  // AdminJS's own ValueGroup, so that the note looks like the fields around it.
  return (
    <ValueGroup label={`${translateProperty(property.label, property.resourceId)}${tag}`}>
      {text.trim() ? (
        <Text as="span" lang={language} style={{ whiteSpace: 'pre-wrap' }} data-testid="note-text">
          {text}
        </Text>
      ) : (
        ''
      )}
    </ValueGroup>
  );
};

export default NoteShow;
