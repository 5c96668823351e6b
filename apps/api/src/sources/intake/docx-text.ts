import { SourceTextError } from './source-text-error.js';

const NOT_DOCX = 'The file could not be read as a Word document (.docx); open it in Word, save it again as .docx, or upload the text as .txt.';
const OLD_WORD = 'This is an old Word document (.doc) under a .docx name; open it in Word and save it as "Word Document (.docx)", then try again.';

// A .docx is a zip archive. Its parts are inflated in memory, and deflate packs up to ~1000:1, so a 5 MB upload could claim gigabytes:
// refuse archives whose directory declares more than this. (A forged directory can still understate sizes; the declared size is the
// cheap guard against accidents and naive zip bombs.)
const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;
const ZIP_LOCAL_HEADER = 0x04034b50;
const ZIP_END_OF_DIRECTORY = 0x06054b50;
const ZIP_DIRECTORY_ENTRY = 0x02014b50;
const OLE_COMPOUND_FILE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Sum of the uncompressed sizes that a zip's central directory declares, or undefined when the directory cannot be found. */
function declaredUnzippedBytes(zip: Buffer): number | undefined {
  // The end-of-directory record is the last 22 bytes plus a comment of up to 64 KiB.
  for (let end = zip.length - 22; end >= Math.max(0, zip.length - 22 - 0xffff); end--) {
    if (zip.readUInt32LE(end) !== ZIP_END_OF_DIRECTORY) continue;
    const entries = zip.readUInt16LE(end + 10);
    let offset = zip.readUInt32LE(end + 16);
    let total = 0;
    for (let index = 0; index < entries; index++) {
      if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== ZIP_DIRECTORY_ENTRY) return undefined;
      total += zip.readUInt32LE(offset + 24);
      offset += 46 + zip.readUInt16LE(offset + 28) + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
    }
    return total;
  }
  return undefined;
}

/** The text of a Word document, paragraph by paragraph (mammoth's raw text: each paragraph followed by a blank line). */
export async function extractDocxText(bytes: Buffer): Promise<string> {
  if (bytes.subarray(0, OLE_COMPOUND_FILE.length).equals(OLE_COMPOUND_FILE)) throw new SourceTextError('file', OLD_WORD);
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== ZIP_LOCAL_HEADER) throw new SourceTextError('file', NOT_DOCX);
  const unzipped = declaredUnzippedBytes(bytes);
  if (unzipped === undefined) throw new SourceTextError('file', NOT_DOCX);
  if (unzipped > MAX_UNZIPPED_BYTES) throw new SourceTextError('file', 'The Word document unpacks to more than 200 MB; upload its text as .txt instead.');
  // Loaded on the first Word upload, not at start-up: mammoth and its zip and XML parsers are 13 MiB of resident memory.
  const { default: mammoth } = await import('mammoth');
  try {
    const result = await mammoth.extractRawText({ buffer: bytes });
    return result.value;
  } catch {
    throw new SourceTextError('file', NOT_DOCX);
  }
}
