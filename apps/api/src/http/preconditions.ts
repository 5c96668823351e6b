import { Headers, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';

/** Strong ETag of a record version: `"<version>"`. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

export function setEtag(response: Response, version: number): void {
  response.setHeader('ETag', etagOf(version));
}

/** The raw `If-Match` header of a change, for expectedVersion in the handler (so a bad body is still a 400 first). */
export const IfMatch = (): ParameterDecorator => Headers('if-match');

/**
 * The version a client expects from `If-Match` (`"3"`, `W/"3"` or `3`). Missing: 428, so no client can overwrite a
 * record blindly. `*` is refused too: it would defeat the point.
 */
export function expectedVersion(ifMatch: string | undefined): number {
  if (ifMatch === undefined || ifMatch.trim() === '') {
    throw ProblemException.of(
      HttpStatus.PRECONDITION_REQUIRED,
      ProblemType.preconditionRequired,
      'This change needs an If-Match header with the version you last read (the ETag of GET), e.g. If-Match: "3".',
    );
  }
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch);
  if (!match) {
    throw ProblemException.validation(
      [{ field: 'If-Match', message: 'If-Match must be the ETag of the record, e.g. "3"' }],
      'The If-Match header is not a record version.',
    );
  }
  return Number(match[1]);
}
