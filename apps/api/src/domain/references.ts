import type { Prisma } from '@prisma/client';
import type { FieldError } from '../infrastructure/errors/problem.js';
import { unprocessable } from '../infrastructure/errors/problem.js';

export type ReferencedModel = 'party' | 'person' | 'visit' | 'memorandum' | 'contract';

export interface ReferenceCheck {
  field: string;
  model: ReferencedModel;
  ids: (string | null | undefined)[];
}

const LABEL: Record<ReferencedModel, string> = {
  party: 'party',
  person: 'person',
  visit: 'visit',
  memorandum: 'memorandum',
  contract: 'contract',
};

/** 422 naming each field whose referenced record does not exist or is archived; nothing is written before this. */
export async function assertReferencesExist(tx: Prisma.TransactionClient, checks: ReferenceCheck[]): Promise<void> {
  const errors: FieldError[] = [];
  for (const check of checks) {
    const ids = [...new Set(check.ids.filter((id): id is string => typeof id === 'string'))];
    if (ids.length === 0) continue;
    const delegate = tx[check.model] as unknown as {
      findMany(args: { where: { id: { in: string[] } }; select: { id: true; archivedAt: true } }): Promise<{ id: string; archivedAt: Date | null }[]>;
    };
    const found = await delegate.findMany({ where: { id: { in: ids } }, select: { id: true, archivedAt: true } });
    const live = new Set(found.filter((row) => !row.archivedAt).map((row) => row.id));
    const archived = new Set(found.filter((row) => row.archivedAt).map((row) => row.id));
    for (const id of ids) {
      if (archived.has(id)) errors.push({ field: check.field, message: `${LABEL[check.model]} ${id} is archived` });
      else if (!live.has(id)) errors.push({ field: check.field, message: `${LABEL[check.model]} ${id} does not exist` });
    }
  }
  if (errors.length) throw unprocessable(errors, 'The request refers to records that do not exist or are archived.');
}
