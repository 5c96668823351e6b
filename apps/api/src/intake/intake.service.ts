import { Injectable } from '@nestjs/common';
import { ContractsService } from '../contracts/contracts.service.js';
import type { Actor } from '../domain/actor.js';
import { FollowUpsService } from '../follow-ups/follow-ups.service.js';
import { type FieldError, ProblemException } from '../infrastructure/errors/problem.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import { MemorandaService } from '../memoranda/memoranda.service.js';
import { SourcesService } from '../sources/sources.service.js';
import { VisitsService } from '../visits/visits.service.js';
import type { SourceRecordsCreatedDto, SourceRecordsDto } from './source-records.dto.js';

/**
 * The core loop's last step: the records a press release reports, written in one transaction through each type's own
 * service (same rules, same history as one at a time), so a refusal of any part leaves nothing half entered.
 */
@Injectable()
export class IntakeService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sources: SourcesService,
    private readonly visits: VisitsService,
    private readonly memoranda: MemorandaService,
    private readonly contracts: ContractsService,
    private readonly followUps: FollowUpsService,
  ) {}

  async createFromSource(key: string, draft: SourceRecordsDto, actor: Actor): Promise<SourceRecordsCreatedDto> {
    await this.sources.get(key);
    assertEveryPartCites(key, draft);
    return this.prisma.$transaction(
      async (tx) => {
        const visit = draft.visit ? await part('visit', this.visits.create(draft.visit, actor, tx)) : null;
        const memorandum = draft.memorandum
          ? await part('memorandum', this.memoranda.create({ ...draft.memorandum, visitId: draft.memorandum.visitId ?? visit?.id }, actor, tx))
          : null;
        const contract = draft.contract
          ? await part(
              'contract',
              this.contracts.create(
                { ...draft.contract, visitId: draft.contract.visitId ?? visit?.id, memorandumId: draft.contract.memorandumId ?? memorandum?.id },
                actor,
                tx,
              ),
            )
          : null;
        const followUps = [];
        for (const [index, followUp] of (draft.followUps ?? []).entries()) {
          const linked = followUp.visitId || followUp.memorandumId || followUp.contractId;
          const parent = linked
            ? {}
            : memorandum
              ? { memorandumId: memorandum.id }
              : visit
                ? { visitId: visit.id }
                : contract
                  ? { contractId: contract.id }
                  : {};
          followUps.push(await part(`followUps.${index}`, this.followUps.create({ ...followUp, ...parent }, actor, tx)));
        }
        return { visit, memorandum, contract, followUps };
      },
      // A press release is a handful of records, each a few statements; leave room for a loaded machine.
      { timeout: 20_000 },
    );
  }
}

/** A part's refusal names the part: `memorandum.parties`, not `parties`, so the form can show it where it belongs. */
async function part<T>(name: string, creating: Promise<T>): Promise<T> {
  try {
    return await creating;
  } catch (error) {
    if (error instanceof ProblemException && Array.isArray(error.problem.errors)) {
      error.problem.errors = error.problem.errors.map((fieldError) => ({ ...fieldError, field: `${name}.${fieldError.field}` }));
    }
    throw error;
  }
}

/** Every record rests on a passage: each part must cite at least one, and the draft must hold at least one part. */
function assertEveryPartCites(key: string, draft: SourceRecordsDto): void {
  const parts: [string, { sources?: unknown[] } | undefined][] = [
    ['visit', draft.visit],
    ['memorandum', draft.memorandum],
    ['contract', draft.contract],
    ...(draft.followUps ?? []).map((followUp, index): [string, { sources?: unknown[] }] => [`followUps.${index}`, followUp]),
  ];
  const present = parts.filter(([, part]) => part);
  if (!present.length) throw ProblemException.validation([{ field: 'visit', message: 'send at least one of visit, memorandum, contract, followUps' }]);
  const errors: FieldError[] = present
    .filter(([, part]) => !part!.sources?.length)
    .map(([field]) => ({ field: `${field}.sources`, message: `cite the passage of ${key} this record rests on` }));
  if (errors.length) throw ProblemException.validation(errors, 'Every record entered from a source cites a passage of it.');
}
