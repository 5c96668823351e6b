import { createHash } from 'node:crypto';

// C0 controls other than TAB (U+0009), LF (U+000A), VT (U+000B), FF (U+000C) and CR (U+000D), plus DEL (U+007F). They are invisible,
// cannot be typed into a citation's quote, and PostgreSQL refuses NUL in a text column outright; they reach us from copy-paste out of
// PDFs and Word and from legacy exports, never as content.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE_CONTROLS = /[\u0000-\u0008\u000E-\u001F\u007F]/g;
// Vertical tab and form feed are line and page breaks (Word writes VT for a manual line break, pdftotext writes FF between pages):
// dropping them would glue the last word of one line or page to the first of the next, so they become LF instead.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const BREAKING_CONTROLS = /[\u000B\u000C]/g;
// A lone UTF-16 surrogate is not a character: encoded as UTF-8 it becomes U+FFFD, so the stored text and its SHA-256 would disagree.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Byte-order marks and blank lines (whitespace-only, any Unicode space) before the first line with text. Both in one pattern, so that
// a BOM after a blank line or a blank line after a BOM goes in one pass (idempotence). Leading spaces of the first text line stay.
const LEADING_BOMS_AND_BLANK_LINES = /^(?:\uFEFF|[^\S\n]*\n)+/;

/**
 * The stored form of a source article's text, applied once on intake; the result is then kept byte for byte, because citations quote
 * it verbatim and are checked against it. It never collapses internal whitespace, never touches a letter (Kazakh sites write Latin "i"
 * for "і": that stays) and is idempotent: normalizeSourceText(normalizeSourceText(x)) === normalizeSourceText(x).
 */
export function normalizeSourceText(raw: string): string {
  const cleaned = raw
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/\r\n?/g, '\n')
    .replace(BREAKING_CONTROLS, '\n')
    .replace(INVISIBLE_CONTROLS, '')
    .replace(LEADING_BOMS_AND_BLANK_LINES, '')
    .trimEnd();
  // NFC last: removing a control character can bring a base letter next to its combining mark ("и", NUL, U+0306), which only then
  // composes ("й"); composing first would leave work for a second pass.
  return cleaned.normalize('NFC');
}

/** Hex SHA-256 of the text's UTF-8 bytes: the fingerprint stored beside a source article. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
