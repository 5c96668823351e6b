import { Body, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { Actor } from '../domain/actor.js';
import { AnswersCommitted } from '../http/idempotency.interceptor.js';
import { ApiIdempotencyKey, ApiProblems } from '../http/openapi.js';
import { RecordController } from '../http/record-routes.js';
import { IntakeService } from './intake.service.js';
import type { WrittenRecord } from '../domain/idempotency.service.js';
import { SourceRecordsCreatedDto, SourceRecordsDto } from './source-records.dto.js';

/** What the press release's POST answered, from the records it wrote (for a retry after it died unanswered). */
async function createdFromSource(written: WrittenRecord[], read: (record: WrittenRecord) => Promise<unknown>): Promise<SourceRecordsCreatedDto> {
  const created = written.filter((record) => record.action === 'create');
  const one = async (type: WrittenRecord['type']) => {
    const record = created.find((candidate) => candidate.type === type);
    return record ? read(record) : null;
  };
  return {
    visit: (await one('visit')) as SourceRecordsCreatedDto['visit'],
    memorandum: (await one('memorandum')) as SourceRecordsCreatedDto['memorandum'],
    contract: (await one('contract')) as SourceRecordsCreatedDto['contract'],
    followUps: (await Promise.all(created.filter((record) => record.type === 'follow_up').map(read))) as SourceRecordsCreatedDto['followUps'],
  };
}

/** The REST door to entering a press release at once. */
@RecordController({ route: 'sources' })
export class IntakeController {
  constructor(private readonly intake: IntakeService) {}

  @Post(':key/records')
  @AnswersCommitted({ status: 201, body: createdFromSource })
  @ApiOperation({
    summary: 'Enter what a source reports at once: a visit, a memorandum, a contract and follow-ups, each citing it',
    description:
      'Each part is the body its own POST takes and must cite at least one passage (`sources`). Links left out are implied: the memorandum ' +
      'and contract were signed during the visit, the contract under the memorandum, follow-ups promised in the memorandum (else the visit, ' +
      'else the contract). One transaction: a refusal of any part writes nothing; problems name the part (`memorandum.parties`).',
  })
  @ApiParam({ name: 'key', description: 'The source’s key.' })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: SourceRecordsCreatedDto })
  @ApiProblems(400, 404, 409, 422)
  create(@Param('key') key: string, @Body() body: SourceRecordsDto, @CurrentActor() actor: Actor): Promise<SourceRecordsCreatedDto> {
    return this.intake.createFromSource(key, body, actor);
  }
}
