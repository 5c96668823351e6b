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
 * The version a client expects from `If-Match`: the strong ETag of GET, `"3"`. Missing: 428, so no client can
 * overwrite a record blindly. `*` and lists are refused (they would defeat the point), and so is anything that is
 * not an entity tag (400). A weak tag (`W/"3"`) is well formed but never matches: If-Match compares strongly
 * (RFC 9110 §13.1.1), so it is a 412.
 */
export function expectedVersion(ifMatch: string | undefined): number {
  if (ifMatch === undefined || ifMatch.trim() === '') {
    throw ProblemException.of(
      HttpStatus.PRECONDITION_REQUIRED,
      ProblemType.preconditionRequired,
      'This change needs an If-Match header with the version you last read (the ETag of GET), e.g. If-Match: "3".',
    );
  }
  const match = /^\s*(W\/)?"(\d{1,9})"\s*$/.exec(ifMatch);
  if (!match) {
    throw ProblemException.validation(
      [{ field: 'If-Match', message: 'If-Match must be the ETag of the record, e.g. "3"' }],
      'The If-Match header is not a record version.',
    );
  }
  if (match[1]) {
    throw ProblemException.of(
      HttpStatus.PRECONDITION_FAILED,
      ProblemType.preconditionFailed,
      `A weak entity tag never matches If-Match (RFC 9110, section 13.1.1): send the record's ETag as it is, e.g. If-Match: "${Number(match[2])}".`,
    );
  }
  return Number(match[2]);
}
