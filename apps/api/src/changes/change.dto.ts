import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, ValidateBy } from 'class-validator';
import { CHANGE_EVENT_TYPES, CHANGE_TYPE_FILTERS, decodeCursor, FEED_RECORD_TYPES } from '../domain/change-feed.service.js';
import { FIELD_CHANGES_PROPERTY, HistoryActorDto } from '../http/common.dto.js';
import { EnumListQuery } from '../http/list-query.dto.js';
import type { FieldChange } from '../domain/history.service.js';

export const DEFAULT_FEED_PAGE = 100;
export const MAX_FEED_PAGE = 1000;

const CURSOR_EXAMPLE = 'NzYxLjEyMDQ';

export class ChangeFeedQueryDto {
  @ApiPropertyOptional({
    description: 'The `cursor` of the previous page (or of an event): the events after it. Without it, the feed starts at its oldest event.',
    example: CURSOR_EXAMPLE,
  })
  @IsOptional()
  @IsString()
  @ValidateBy(
    { name: 'isFeedCursor', validator: { validate: (value: unknown) => typeof value === 'string' && decodeCursor(value) !== null } },
    { message: 'after must be a cursor the feed returned' },
  )
  after?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_FEED_PAGE, default: DEFAULT_FEED_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_FEED_PAGE)
  limit?: number;

  @EnumListQuery(
    'types',
    Object.fromEntries(CHANGE_TYPE_FILTERS.map((type) => [type, type])),
    'Comma-separated event types (any of them); `memorandum.*` stands for every type of a record type, `*.archived` for one kind of change of every record type.',
    ['memorandum.status_changed', 'party.*'],
  )
  types?: string[];

  @EnumListQuery('recordType', Object.fromEntries(FEED_RECORD_TYPES.map((type) => [type, type])), 'Comma-separated record types (any of them).', ['memorandum'])
  recordType?: string[];
}

export class ChangeEventDto {
  @ApiProperty({ type: 'integer', description: 'The event’s id: unique, but not in commit order (order by the feed, not by it).' })
  id: number;

  @ApiProperty({ description: 'Resume the feed after this event: pass it as `after`. Opaque.', example: CURSOR_EXAMPLE })
  cursor: string;

  @ApiProperty({ format: 'date-time', description: 'When the transaction that made the change started.' })
  occurredAt: string;

  @ApiProperty({ enum: CHANGE_EVENT_TYPES, description: '`<recordType>.<created|updated|status_changed|archived|restored>`.' })
  type: string;

  @ApiProperty({ enum: FEED_RECORD_TYPES })
  recordType: string;

  @ApiProperty({ format: 'uuid', description: 'The record’s id.' })
  recordId: string;

  @ApiProperty({ nullable: true, type: String, description: 'A source’s key, by which its routes address it (/api/v1/sources/{key}); null for other records.' })
  recordKey: string | null;

  @ApiProperty({ type: 'integer', description: 'The record’s version after the change.' })
  version: number;

  @ApiProperty({ type: HistoryActorDto })
  actor: HistoryActorDto;

  @ApiProperty(FIELD_CHANGES_PROPERTY)
  changes: Record<string, FieldChange>;
}

export class ChangeFeedPageDto {
  @ApiProperty({ type: [ChangeEventDto], description: 'Events in commit order.' })
  data: ChangeEventDto[];

  @ApiProperty({
    description:
      'Send it as `after` next time. It moves past every event this read examined, also those a filter left out, so it may be newer than the last event’s cursor; with no new events it stays where it was.',
    example: CURSOR_EXAMPLE,
  })
  cursor: string;

  @ApiProperty({ description: 'true when the page is full and more events can be read at once; false means caught up (poll again later).' })
  hasMore: boolean;
}
