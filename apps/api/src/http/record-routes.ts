import { applyDecorators, Delete, Get, HttpCode, Patch, Post, type Type } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, type ApiOperationOptions, ApiProduces } from '@nestjs/swagger';
import { describeLifecycle, type LifecycleEntity } from '../domain/lifecycle.js';
import { HistoryDto } from './common.dto.js';
import { ApiIdempotencyKey, ApiIfMatch, ApiProblems } from './openapi.js';

/*
 * The routes every versioned resource serves, each with the same method, path, preconditions and documented problems,
 * so that a controller states only what is its own: the DTO and the words of its documentation.
 */

const ETAG_HEADER = { ETag: { description: 'The record version, for If-Match.', schema: { type: 'string' } } };

export const ListRoute = (page: Type<unknown>, operation: ApiOperationOptions) =>
  applyDecorators(Get(), ApiOperation(operation), ApiOkResponse({ type: page }), ApiProduces('application/json', 'text/csv'), ApiProblems(400));

export const GetRoute = (record: Type<unknown>, operation: ApiOperationOptions) =>
  applyDecorators(Get(':id'), ApiOperation(operation), ApiOkResponse({ type: record, headers: ETAG_HEADER }), ApiProblems(400, 404));

export const CreateRoute = (record: Type<unknown>, operation: ApiOperationOptions) =>
  applyDecorators(Post(), ApiOperation(operation), ApiIdempotencyKey(), ApiCreatedResponse({ type: record }), ApiProblems(400, 409, 413, 422));

export const UpdateRoute = (record: Type<unknown>, operation: ApiOperationOptions) =>
  applyDecorators(Patch(':id'), ApiOperation(operation), ApiIfMatch(), ApiOkResponse({ type: record }), ApiProblems(400, 404, 409, 412, 422, 428));

export const ArchiveRoute = (record: Type<unknown>, operation: ApiOperationOptions) =>
  applyDecorators(Delete(':id'), ApiOperation(operation), ApiIfMatch(), ApiOkResponse({ type: record }), ApiProblems(400, 404, 409, 412, 428));

export const RestoreRoute = (record: Type<unknown>, noun: string) =>
  applyDecorators(
    Post(':id/restore'),
    HttpCode(200),
    ApiOperation({
      summary: `Bring back an archived ${noun}`,
      description:
        'Needs If-Match with the archived version. Refused with 409 when it is not archived, and with 422 when a record it points at has been archived since (restore that first).',
    }),
    ApiIfMatch(),
    ApiOkResponse({ type: record }),
    ApiProblems(400, 404, 409, 412, 422, 428),
  );

/** Documented from the one transition table, so the API's description of the lifecycle cannot drift from the rules. */
export const TransitionRoute = (record: Type<unknown>, entity: LifecycleEntity, noun: string) =>
  applyDecorators(
    Post(':id/transitions'),
    HttpCode(200),
    ApiOperation({ summary: `Change the status of ${noun}`, description: describeLifecycle(entity) }),
    ApiIfMatch(),
    ApiIdempotencyKey(),
    ApiOkResponse({ type: record }),
    ApiProblems(400, 404, 409, 412, 428),
  );

/** Records without a status (parties, people) have only field edits in their history. */
export const HistoryRoute = (summary = 'Status changes and field edits, newest first') =>
  applyDecorators(Get(':id/history'), ApiOperation({ summary }), ApiOkResponse({ type: HistoryDto }), ApiProblems(400, 404));
