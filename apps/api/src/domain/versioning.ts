import { HttpStatus } from '@nestjs/common';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';

/**
 * The version a change expects the record to be at: exactly one (a form, an `If-Match` tag), any of several (an
 * `If-Match` list of tags; none at all when every tag was weak or not one of ours), or any version (`If-Match: *`).
 */
export type ExpectedVersion = number | readonly number[] | '*';

export function versionMatches(expected: ExpectedVersion, current: number): boolean {
  if (expected === '*') return true;
  return typeof expected === 'number' ? expected === current : expected.includes(current);
}

/** 412: the client edited another version than the current one. The body names the current version. */
export function staleVersion(entity: string, id: string, expected: ExpectedVersion, current: number): ProblemException {
  const sent = expected === '*' ? [] : typeof expected === 'number' ? [expected] : expected;
  const since = sent.length === 1 ? `since version ${sent[0]}` : sent.length ? `since versions ${sent.join(', ')}` : 'from every version you sent';
  return ProblemException.of(
    HttpStatus.PRECONDITION_FAILED,
    ProblemType.preconditionFailed,
    `${entity} ${id} has changed ${since}: it is now at version ${current}. Fetch it again and reapply your change.`,
    { currentVersion: current, ...(typeof expected === 'number' ? { expectedVersion: expected } : { expectedVersions: sent }) },
  );
}

/** 428: a change of an existing record must say which version it changes. */
export function preconditionRequired(): ProblemException {
  return ProblemException.of(
    HttpStatus.PRECONDITION_REQUIRED,
    ProblemType.preconditionRequired,
    'This change needs an If-Match header with the version you last read (the ETag of GET), e.g. If-Match: "3".',
  );
}

/** 412: If-Match named a version of a record no one has created under this external id. */
export function absentExternalId(entity: string, externalId: string): ProblemException {
  return ProblemException.of(
    HttpStatus.PRECONDITION_FAILED,
    ProblemType.preconditionFailed,
    `No ${entity.toLowerCase()} has the external id ${externalId}, so If-Match matches nothing: send If-None-Match: * (or no precondition) to create it.`,
  );
}

/** 412: the record exists, and the client asked to create only (If-None-Match: *), or lost a race to create it. */
export function presentExternalId(entity: string, externalId: string, currentVersion?: number): ProblemException {
  return ProblemException.of(
    HttpStatus.PRECONDITION_FAILED,
    ProblemType.preconditionFailed,
    `A ${entity.toLowerCase()} with the external id ${externalId} exists already: send If-Match with its ETag to update it.`,
    currentVersion === undefined ? {} : { currentVersion },
  );
}

export function archivedRecord(entity: string, id: string): ProblemException {
  return ProblemException.of(HttpStatus.CONFLICT, ProblemType.archived, `${entity} ${id} is archived and cannot be changed.`);
}

/** 409: only an archived record can be restored; restoring twice must not write a second history entry. */
export function notArchived(entity: string, id: string): ProblemException {
  return ProblemException.of(HttpStatus.CONFLICT, ProblemType.notArchived, `${entity} ${id} is not archived, so there is nothing to restore.`);
}

/**
 * Thrown inside a change's transaction when the change turns out to change nothing (`PATCH {}`, or every field sent
 * as it already is): the transaction rolls back, so the record keeps its version and `updatedAt`, and no history
 * entry is written. The caller answers with the record as it is (RFC 9110: a PATCH that changes nothing succeeds).
 */
export class NothingChanged extends Error {}

/** Runs a change; one that changed nothing was rolled back, which is success. */
export async function unlessNothingChanged(change: Promise<unknown>): Promise<void> {
  try {
    await change;
  } catch (error) {
    if (!(error instanceof NothingChanged)) throw error;
  }
}
