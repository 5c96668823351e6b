import { convert, type HtmlToTextOptions, type SelectorDefinition } from 'html-to-text';

import { decodeTextBytes } from './decode-text.js';
import { SourceTextError } from './source-text-error.js';

// html-to-text writes headings and table headers in capitals by default and appends link targets in brackets: both would put text
// into the article that the page does not show, and citations quote what readers saw. Images, forms and embedded media have no text.
const keepAsWritten: SelectorDefinition[] = [
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
  { selector: 'table', options: { uppercaseHeaderCells: false } },
  { selector: 'a', options: { ignoreHref: true } },
  ...['img', 'script', 'style', 'noscript', 'template', 'svg', 'iframe', 'object', 'button', 'select', 'input', 'textarea'].map((selector) => ({
    selector,
    format: 'skip',
  })),
];

const htmlOptions: HtmlToTextOptions = {
  // No wrapping: line breaks come only from the markup (paragraphs, <br>, blocks), never from a line-length guess.
  wordwrap: false,
  selectors: keepAsWritten,
};

// A page saved from a browser may declare a legacy charset (windows-1251 is common on older regional sites) in its first bytes.
const DECLARED_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)/i;

function declaredEncoding(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  const label = DECLARED_CHARSET.exec(head)?.[1]?.toLowerCase() ?? 'utf-8';
  try {
    return new TextDecoder(label).encoding;
  } catch {
    throw new SourceTextError('file', `The page declares a character set this service does not know (${label}); save it as UTF-8 and try again.`);
  }
}

/** The visible text of an HTML page: markup, scripts and styles dropped, entities decoded, paragraphs and <br> as line breaks. */
export function extractHtmlText(bytes: Uint8Array): string {
  return convert(decodeTextBytes(bytes, declaredEncoding(bytes)), htmlOptions);
}
