import { HttpStatus } from '@nestjs/common';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';

/** 412: the client edited an older version than the current one. The body names the current version. */
export function staleVersion(entity: string, id: string, expected: number, current: number): ProblemException {
  return ProblemException.of(
    HttpStatus.PRECONDITION_FAILED,
    ProblemType.preconditionFailed,
    `${entity} ${id} has changed since version ${expected}: it is now at version ${current}. Fetch it again and reapply your change.`,
    { currentVersion: current, expectedVersion: expected },
  );
}

export function archivedRecord(entity: string, id: string): ProblemException {
  return ProblemException.of(HttpStatus.CONFLICT, ProblemType.conflict, `${entity} ${id} is archived and cannot be changed.`);
}

/** 409: only an archived record can be restored; restoring twice must not write a second history entry. */
export function notArchived(entity: string, id: string): ProblemException {
  return ProblemException.of(HttpStatus.CONFLICT, ProblemType.conflict, `${entity} ${id} is not archived, so there is nothing to restore.`);
}
