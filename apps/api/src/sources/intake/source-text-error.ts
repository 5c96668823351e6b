/**
 * A submitted source text (pasted or uploaded) that cannot be stored. `field` names the form field at fault ('file' or 'text') so the
 * caller can answer with a 400/422 problem that points at it; `message` is written for the regional staff who submitted it.
 */
export class SourceTextError extends Error {
  constructor(
    public readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'SourceTextError';
  }
}
