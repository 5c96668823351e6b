import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { DatePrecision } from '@prisma/client';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
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
