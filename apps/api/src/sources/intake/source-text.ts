// What staff submit (pasted text or an uploaded file) turned into the stored text of a source article: pure functions, no database.
export { SourceTextError } from './source-text-error.js';
export { normalizeSourceText, sha256Hex } from './normalize.js';
export { detectLanguage, explainLanguage, type LanguageDetection } from './language.js';
export { MAX_TEXT_CHARS, MAX_UPLOAD_BYTES, acceptSourceText, extractUploadedText, type UploadedFile } from './upload.js';
