import { createRequire } from 'node:module';
import path from 'node:path';

import type { TextContent, TextItem } from 'pdfjs-dist/types/src/display/api.js';

import { SourceTextError } from './source-text-error.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

// PDF.js (~2 MB of code) is loaded on the first PDF, not at start-up of every process that imports the intake module. The legacy
// build is the one PDF.js documents for Node.js. Its worker module runs in this thread ("fake worker"): published as
// globalThis.pdfjsWorker before the first document, it spares PDF.js a dynamic import of its own by a path that bundlers and jest's
// module loader do not see.
// On Node.js, PDF.js 5 takes DOMMatrix and friends from its optional dependency @napi-rs/canvas (a prebuilt binary in an npm package)
// and fails on import without it, i.e. after `npm ci --omit=optional`: that is the server's fault, not the uploader's, hence a plain
// Error (a 500) that says what to install, and a retry on the next PDF.
let pdfjsLoading: Promise<PdfJs> | undefined;
function loadPdfJs(): Promise<PdfJs> {
  pdfjsLoading ??= (async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return pdfjs;
  })().catch((cause: unknown) => {
    pdfjsLoading = undefined;
    throw new Error('PDF reading is unavailable: pdfjs-dist failed to load (is its optional dependency @napi-rs/canvas installed?).', { cause });
  });
  return pdfjsLoading;
}

// Character maps for CID fonts without a Unicode table (older Russian and Asian PDFs), read from the package on disk. Paths must end in
// a separator: PDF.js appends file names to them.
const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const CMAP_DIR = path.join(pdfjsRoot, 'cmaps') + path.sep;
const STANDARD_FONT_DIR = path.join(pdfjsRoot, 'standard_fonts') + path.sep;

// A line that starts lower than this many line heights below the previous one begins a new paragraph: PDFs carry no paragraph marks,
// only positions, and a paragraph gap is wider than line spacing (typically 1.15–1.5 line heights).
const PARAGRAPH_GAP_LINE_HEIGHTS = 1.7;

function isTextItem(item: TextContent['items'][number]): item is TextItem {
  return 'str' in item;
}

/** One page's text: items in the PDF's reading order, line breaks where PDF.js reports them, a blank line at a paragraph gap. */
function pageText(content: TextContent): string {
  let text = '';
  let lineStart = true;
  let previousBaseline: number | undefined;
  let previousHeight = 0;
  for (const item of content.items.filter(isTextItem)) {
    const baseline = Number(item.transform[5]);
    if (lineStart && item.str !== '' && previousBaseline !== undefined && text !== '') {
      const drop = previousBaseline - baseline;
      if (previousHeight > 0 && drop > previousHeight * PARAGRAPH_GAP_LINE_HEIGHTS && !text.endsWith('\n\n')) text += '\n';
    }
    text += item.str;
    if (item.str !== '') {
      previousBaseline = baseline;
      previousHeight = item.height;
      lineStart = false;
    }
    if (item.hasEOL) {
      if (!text.endsWith('\n')) text += '\n';
      lineStart = true;
    }
  }
  return text.trimEnd();
}

function unreadablePdf(error: unknown): SourceTextError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') return new SourceTextError('file', 'The PDF is protected by a password; save a copy without the password and try again.');
  return new SourceTextError(
    'file',
    'The file could not be read as a PDF (it may be damaged); open it, save it again as PDF, or upload the text as .txt or .docx.',
  );
}

/** The text layer of a PDF, page by page (pages separated by a blank line). A scanned PDF has none: the caller reports it as empty. */
export async function extractPdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await loadPdfJs();
  // PDF.js takes ownership of the bytes it is given (it may detach the buffer): give it a copy, never the caller's upload buffer.
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    // Never compile code out of a document's fonts (the fix for CVE-2024-4367 made this the safe path; stated here all the same).
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    cMapUrl: CMAP_DIR,
    cMapPacked: true,
    standardFontDataUrl: STANDARD_FONT_DIR,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  let document;
  try {
    document = await task.promise;
  } catch (error) {
    await task.destroy();
    throw unreadablePdf(error);
  }
  try {
    const pages: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      pages.push(pageText(await page.getTextContent()));
      page.cleanup();
    }
    return pages.filter((page) => page !== '').join('\n\n');
  } catch (error) {
    throw unreadablePdf(error);
  } finally {
    await document.destroy();
  }
}
