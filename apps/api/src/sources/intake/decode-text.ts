import { SourceTextError } from './source-text-error.js';

const NOT_UTF8 =
  'The file is not valid UTF-8 text; save it as UTF-8 and try again (in Notepad: File → Save as → Encoding: UTF-8; in Word: Save as → Plain text → Unicode (UTF-8)).';
const NOT_TEXT = 'The file does not look like text (it holds binary data); upload a .txt, .html, .docx or .pdf file.';

// Real text has no NUL at all and hardly any other control characters; binary data (an image, an archive, a .doc renamed .txt)
// is full of them. Tabs and line or page breaks do not count. The share allows a few stray controls that copy-paste leaves behind
// (normalizeSourceText removes them).
const BINARY_CONTROL_SHARE = 0.01;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const SUSPICIOUS_CONTROLS = /[\u0001-\u0008\u000E-\u001F\u007F-\u009F]/g;

function decodeStrict(bytes: Uint8Array, encoding: string, invalidMessage: string): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new SourceTextError('file', invalidMessage);
  }
}

/** Refuses decoded text that is really binary data, so junk never reaches the archive as a "source article". */
export function assertLooksLikeText(text: string): void {
  if (text.includes('\u0000')) throw new SourceTextError('file', NOT_TEXT);
  const controls = text.match(SUSPICIOUS_CONTROLS)?.length ?? 0;
  if (controls > text.length * BINARY_CONTROL_SHARE) throw new SourceTextError('file', NOT_TEXT);
}

/**
 * Text from the bytes of a plain-text (or HTML) file: UTF-8 with or without a BOM, or UTF-16 LE/BE when it starts with its BOM;
 * `fallbackEncoding` (a WHATWG label, e.g. an HTML page's declared charset) for files without a BOM. Never guesses: a file that does
 * not decode cleanly is refused rather than stored with replacement characters, since citations must match the text exactly.
 */
export function decodeTextBytes(bytes: Uint8Array, fallbackEncoding = 'utf-8'): string {
  let text: string;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    text = decodeStrict(bytes, 'utf-8', NOT_UTF8);
  } else if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    text = decodeStrict(bytes, encoding, 'The file claims to be UTF-16 text but is damaged; save it as UTF-8 and try again.');
  } else {
    text = decodeStrict(
      bytes,
      fallbackEncoding,
      fallbackEncoding === 'utf-8' ? NOT_UTF8 : `The file is not valid ${fallbackEncoding} text as it declares; save it as UTF-8 and try again.`,
    );
  }
  // TextDecoder drops a leading BOM by itself; this catches a second one or text that is only a BOM.
  assertLooksLikeText(text);
  return text;
}
