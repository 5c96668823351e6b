import { createHash } from 'node:crypto';
import { Headers, HttpStatus } from '@nestjs/common';
import { type ExpectedVersion, preconditionRequired } from '../domain/versioning.js';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';

/**
 * The ETag of a record's representation: `"<version>-<16 hex digits of the SHA-256 of its JSON>"`. If-Match accepts it,
 * and the version alone (`"3"`).
 */
export function representationEtag(version: number, body: string): string {
  return `"${version}-${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
}

/** The raw `If-Match` header of a change, for expectedVersion in the handler (so a bad body is still a 400 first). */
export const IfMatch = (): ParameterDecorator => Headers('if-match');

/** One entity tag of an `If-Match` list (RFC 9110 §8.8.3): an optional `W/`, then etagc characters in quotes. */
const ENTITY_TAG = /[ \t]*(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"[ \t]*(?:,|$)/y;
/** Our tags: a version, optionally with the digest of the representation it was read in (`"3"`, `"3-9f86d081884c7d65"`). */
const OUR_TAG = /^(\d{1,9})(?:-[0-9a-f]{16})?$/;

/**
 * What a change expects of the record from `If-Match` (RFC 9110 §13.1.1): `*` matches any current record; a list
 * of entity tags matches when any of them is the record's ETag, compared strongly, so a weak tag never matches and
 * a tag that is not one of ours (`"abc"`) matches nothing. Missing: 428, so no client can overwrite a record
 * blindly. Anything that is not `*` or a list of entity tags (an unquoted `3`, `w/"3"`) is a 400.
 */
export function expectedVersion(ifMatch: string | undefined): ExpectedVersion {
  if (ifMatch === undefined || ifMatch.trim() === '') throw preconditionRequired();
  if (ifMatch.trim() === '*') return '*';
  const tags: { weak: boolean; value: string }[] = [];
  ENTITY_TAG.lastIndex = 0;
  while (ENTITY_TAG.lastIndex < ifMatch.length) {
    const match = ENTITY_TAG.exec(ifMatch);
    if (!match) {
      throw ProblemException.validation(
        [{ field: 'If-Match', message: 'If-Match must be * or a list of ETags of the record, e.g. "3"' }],
        'The If-Match header is not * or a list of entity tags.',
      );
    }
    tags.push({ weak: !!match[1], value: match[2] });
  }
  // The version part decides: If-Match guards the record's own state, which its version counts. What the answer
  // embeds of other records (a party's name) is theirs to change, and changing it must not refuse this edit.
  const versions = tags.flatMap((tag) => {
    const ours = tag.weak ? null : OUR_TAG.exec(tag.value);
    return ours ? [Number(ours[1])] : [];
  });
  if (tags.every((tag) => tag.weak)) {
    throw ProblemException.of(
      HttpStatus.PRECONDITION_FAILED,
      ProblemType.preconditionFailed,
      `A weak entity tag never matches If-Match (RFC 9110, section 13.1.1): send the record's ETag as it is, e.g. If-Match: "${tags[0].value}".`,
    );
  }
  return tags.length === 1 && versions.length === 1 ? versions[0] : versions;
}

/** The raw `If-None-Match` header of a PUT by external id. */
export const IfNoneMatch = (): ParameterDecorator => Headers('if-none-match');

/**
 * The preconditions of a PUT by external id: If-Match as for any change (absent: none yet, which only a create may
 * lack), and If-None-Match, which may only be `*` (create only).
 */
export function upsertPreconditions(ifMatch: string | undefined, ifNoneMatch: string | undefined): { expected?: ExpectedVersion; createOnly: boolean } {
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') {
    throw ProblemException.validation(
      [{ field: 'If-None-Match', message: 'If-None-Match must be * (create only)' }],
      'If-None-Match on this PUT can only be *.',
    );
  }
  if (ifMatch !== undefined && ifNoneMatch !== undefined) {
    throw ProblemException.validation([{ field: 'If-None-Match', message: 'send either If-Match (update) or If-None-Match: * (create), not both' }]);
  }
  const present = ifMatch !== undefined && ifMatch.trim() !== '';
  return { expected: present ? expectedVersion(ifMatch) : undefined, createOnly: ifNoneMatch !== undefined };
}
