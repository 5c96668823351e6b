import { applyDecorators, type Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DatePrecision } from '@prisma/client';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { AnyRecordType } from '../domain/record-types.js';
import { RELATED_LIST_CAP, relatedLink } from '../domain/related-lists.js';
import { IsCalendarDate } from './list-query.dto.js';

/*
 * The validation and documentation of the optional fields every request body repeats, each said once: the stack of
 * decorators is the same for every title, note or link, and a field that drifted from the others would be a bug.
 */

/** An optional text of at most `maxLength` characters; null clears it. */
export const OptionalText = (maxLength: number, description?: string) =>
  applyDecorators(ApiPropertyOptional({ maxLength, nullable: true, type: String, description }), IsOptional(), IsString(), MaxLength(maxLength));

/** An optional link to another record by id; null removes it. */
export const OptionalId = (description?: string) =>
  applyDecorators(ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description }), IsOptional(), IsUUID());

/** An optional calendar date (YYYY-MM-DD); null clears it. */
export const OptionalDate = (description: string) =>
  applyDecorators(ApiPropertyOptional({ format: 'date', nullable: true, type: String, description }), IsOptional(), IsCalendarDate());

/** How precisely the date beside it is known. */
export const OptionalPrecision = (description: string) =>
  applyDecorators(ApiPropertyOptional({ enum: DatePrecision, description }), IsOptional(), IsEnum(DatePrecision));

/** A response's text field that may be empty (null). */
export const NullableText = () => ApiProperty({ nullable: true, type: String });

/** A response's calendar date (YYYY-MM-DD), null when unknown. */
export const NullableDate = () => ApiProperty({ format: 'date', nullable: true, type: String });

/** A response's link to another record, null when there is none. */
export const NullableId = () => ApiProperty({ format: 'uuid', nullable: true, type: String });

/** A response's list of related records' ids. */
export const IdList = () => ApiProperty({ type: [String], format: 'uuid' });

/** A related record a response embeds on request (`?include=`), in its short form; null when there is none. */
export const EmbeddedRecord = (type: Type<unknown>, description: string) => ApiPropertyOptional({ description, type, nullable: true });

/** Related records a response embeds on request (`?include=`): those of the related list's ids, so at most as many. */
export const EmbeddedRecords = (type: Type<unknown>, description: string) => ApiPropertyOptional({ description, type: [type], maxItems: RELATED_LIST_CAP });

/** A list filter naming one record by id. */
export const IdQuery = (description?: string) => applyDecorators(ApiPropertyOptional({ format: 'uuid', description }), IsOptional(), IsUUID());

/** A list filter on a date (YYYY-MM-DD). */
export const DateQuery = (description?: string) => applyDecorators(ApiPropertyOptional({ format: 'date', description }), IsOptional(), IsCalendarDate());

/** A response's related list (`followUpIds`): the first ids only, oldest first; its count field says how many in all. */
export const RelatedIds = (description = 'Live records pointing at this one') =>
  ApiProperty({
    type: [String],
    format: 'uuid',
    maxItems: RELATED_LIST_CAP,
    description: `${description}: the first ${RELATED_LIST_CAP}, oldest first (see the count beside it and links).`,
  });

/** The true number of records in a related list, of which the ids field holds at most the first RELATED_LIST_CAP. */
export const RelatedCount = (idsField: string) =>
  ApiProperty({ type: 'integer', minimum: 0, description: `How many there are in all; ${idsField} lists the first ${RELATED_LIST_CAP}.` });

/** The filtered list routes that page through every record of each related list of this type (the registry's). */
export const RelatedLinks = (type: AnyRecordType) =>
  ApiProperty({
    type: 'object',
    description: 'For each related list, the path of the list route that gives all of its records, paged.',
    properties: Object.fromEntries(
      type.related.map((relation) => [
        relation.name,
        { type: 'string', example: relatedLink(relation, '00000000-0000-4000-8000-000000000000'), description: `Every one of ${relation.ids}.` },
      ]),
    ),
    required: type.related.map((relation) => relation.name),
    selfRequired: true,
    additionalProperties: false,
  });
