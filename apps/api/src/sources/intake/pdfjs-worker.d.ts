// pdfjs-dist ships no types for its worker module; PDF text extraction needs only that it loads (see pdf-text.ts).
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
