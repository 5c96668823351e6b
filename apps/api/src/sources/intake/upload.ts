import { extractDocxText } from './docx-text.js';
import { decodeTextBytes } from './decode-text.js';
import { extractHtmlText } from './html-text.js';
import { normalizeSourceText } from './normalize.js';
import { extractPdfText } from './pdf-text.js';
import { SourceTextError } from './source-text-error.js';

/** Largest upload read (5 MiB): press releases are kilobytes of text; a PDF with a few photos fits. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** Longest text stored (characters, after extraction): some fifty times the longest seeded article, far beyond any press release. */
export const MAX_TEXT_CHARS = 500_000;

export interface UploadedFile {
  buffer: Buffer;
  /** The name the browser sent; its extension decides how the file is read. */
  filename: string;
  /** The browser's content type, used only when the name has no extension. */
  mimetype?: string;
}

type FileKind = 'text' | 'html' | 'docx' | 'pdf';

const KIND_BY_EXTENSION: Record<string, FileKind> = { txt: 'text', text: 'text', html: 'html', htm: 'html', docx: 'docx', pdf: 'pdf' };
const KIND_BY_MIMETYPE: Record<string, FileKind> = {
  'text/plain': 'text',
  'text/html': 'html',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/pdf': 'pdf',
};
const ACCEPTED = 'upload a .txt, .html, .docx or .pdf file, or paste the text';
// Formats staff are likely to have at hand, with the way out that their own software offers.
const HINT_BY_EXTENSION: Record<string, string> = {
  doc: 'Old Word documents (.doc) cannot be read; open it in Word and save it as "Word Document (.docx)", then try again.',
  rtf: 'RTF files cannot be read; open it in Word and save it as .docx, or save it as plain text (.txt, UTF-8).',
  odt: 'OpenDocument files (.odt) cannot be read; in LibreOffice use File → Save as → Word (.docx), then try again.',
};

const extractors: Record<FileKind, (bytes: Buffer) => string | Promise<string>> = {
  text: (bytes) => decodeTextBytes(bytes),
  html: extractHtmlText,
  docx: extractDocxText,
  pdf: extractPdfText,
};

const EMPTY_BY_KIND: Record<FileKind, string> = {
  text: 'The file is empty; nothing to store.',
  html: 'The page has no text once its markup is removed; nothing to store.',
  docx: 'The Word document has no text; nothing to store.',
  pdf: 'The PDF has no text layer (it is probably a scan or a picture); upload a PDF with selectable text, or paste the text.',
};

function extensionOf(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

function kindOf(file: UploadedFile): FileKind {
  const extension = extensionOf(file.filename);
  if (extension !== '') {
    const kind = KIND_BY_EXTENSION[extension];
    if (kind) return kind;
    throw new SourceTextError('file', HINT_BY_EXTENSION[extension] ?? `Files of type .${extension} cannot be read; ${ACCEPTED}.`);
  }
  const mimetype = file.mimetype?.split(';')[0]?.trim().toLowerCase() ?? '';
  const kind = KIND_BY_MIMETYPE[mimetype];
  if (kind) return kind;
  throw new SourceTextError('file', `The file's type cannot be told from its name; ${ACCEPTED}.`);
}

function tooLongMessage(): string {
  return `The text is longer than ${MAX_TEXT_CHARS.toLocaleString('en')} characters; a source article is a single press release or news item.`;
}

/**
 * Checks a source text from any route (pasted into the form, or extracted from a file) and returns its stored form. `field` names
 * the form field that errors point at.
 */
export function acceptSourceText(raw: string, field = 'text', emptyMessage = 'The text is empty; nothing to store.'): string {
  if (raw.length > MAX_TEXT_CHARS) throw new SourceTextError(field, tooLongMessage());
  const text = normalizeSourceText(raw);
  if (text === '') throw new SourceTextError(field, emptyMessage);
  return text;
}

/**
 * The text of an uploaded file, before normalisation (pass it to normalizeSourceText, or use acceptSourceText): plain text in UTF-8 or
 * UTF-16 with a BOM, an HTML page, a Word .docx or a PDF with a text layer. Anything else, binary data, an oversized file or one
 * with no text throws a SourceTextError on field 'file'.
 */
export async function extractUploadedText(file: UploadedFile): Promise<string> {
  if (file.buffer.length > MAX_UPLOAD_BYTES) throw new SourceTextError('file', 'The file is larger than 5 MB; upload the article text alone (.txt or .docx).');
  const kind = kindOf(file);
  if (file.buffer.length === 0) throw new SourceTextError('file', EMPTY_BY_KIND.text);
  const text = await extractors[kind](file.buffer);
  acceptSourceText(text, 'file', EMPTY_BY_KIND[kind]);
  return text;
}
