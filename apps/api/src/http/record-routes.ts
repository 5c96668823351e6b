import {
  applyDecorators,
  type CallHandler,
  Controller,
  Delete,
  type ExecutionContext,
  Get,
  HttpCode,
  Injectable,
  type NestInterceptor,
  Patch,
  Post,
  Put,
  StreamableFile,
  type Type,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  type ApiOperationOptions,
  ApiParam,
  ApiProperty,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type Observable, tap } from 'rxjs';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { describeLifecycle, type LifecycleEntity, statusesOf } from '../domain/lifecycle.js';
import { EXTERNAL_ID_PATTERN } from '../domain/record-helpers.js';
import { type AnyRecordType, RECORD_TYPES } from '../domain/record-types.js';
import { HistoryDto, TransitionDto } from './common.dto.js';
import { type CsvColumn, csvFile } from './csv.js';
import { AnswersCommitted, IdempotencyInterceptor } from './idempotency.interceptor.js';
import type { Page } from './list-query.dto.js';
import { listFormatOf } from './list-format.js';
import { ApiIdempotencyKey, ApiIfMatch, ApiProblems } from './openapi.js';
import { setCreatedLocation, setRecordEtag } from './record-headers.js';
import { AS_IN_CSV, XLSX_TYPE, xlsxOf } from './xlsx.js';

/*
 * The routes every versioned resource serves, each with the same method, path, preconditions and documented problems,
 * so that a controller states only what is its own: the DTO and the words of its documentation.
 */

const ETAG_HEADER = {
  ETag: {
    description:
      'A strong entity tag of this representation: the record’s version and a digest of the body (`"3-9f86d081884c7d65"`). It changes whenever the answer does, also when a record it embeds is renamed; send it in If-Match (the version part decides) or If-None-Match.',
    schema: { type: 'string', example: '"3-9f86d081884c7d65"' },
  },
};
const LOCATION_HEADER = { Location: { description: 'The path of the created record.', schema: { type: 'string' } } };
/** Sent on the answer to a retry that an Idempotency-Key matched: the first request's response, replayed. */
const REPLAYED_HEADER = {
  'Idempotency-Replayed': {
    description: 'true when this is the stored answer to an earlier request with the same Idempotency-Key.',
    schema: { type: 'string', enum: ['true'] },
  },
};
const EXPORT_HEADERS = {
  'Content-Disposition': {
    description: 'With an export: attachment; filename="<resource>.csv", or for .xlsx filename="<resource>-<YYYY-MM-DD>.xlsx".',
    schema: { type: 'string' },
  },
};
const VARY_HEADER = { Vary: { description: 'Accept: the answer depends on the media type asked for.', schema: { type: 'string' } } };
/** Sent with a full page read in sync order (http/record-routes.ts linkingNext). */
const NEXT_LINK_HEADER = {
  Link: {
    description:
      'With updatedSince or cursor, when the page is full: `</api/v1/...?…&cursor=…>; rel="next"` (RFC 8288), this request with the next page’s cursor. Absent: you are caught up for now.',
    schema: { type: 'string' },
  },
};

/** `:id` of every record route is a UUID (a malformed one is a 400, never a lookup). */
const IdParam = (path: string) => (path === ':id' ? ApiParam({ name: 'id', format: 'uuid', description: 'The record’s id.' }) : applyDecorators());

/** Every record route answers with the record: its version goes out as the ETag that later changes send in If-Match. */
@Injectable()
export class RecordEtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(tap((record: unknown) => setRecordEtag(response, record)));
  }
}

/** A created record's address, under the collection it was posted to. */
@Injectable()
export class CreatedLocationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const [request, response] = [http.getRequest<Request>(), http.getResponse<Response>()];
    return next.handle().pipe(tap((record: unknown) => setCreatedLocation(request, response, record)));
  }
}

/** The controller of a record type: its path and tag from the registry, an API key for every route, retry-safe POSTs. */
export const RecordController = (type: Pick<AnyRecordType, 'route'>) =>
  applyDecorators(
    ApiTags(type.route),
    ApiBearerAuth(),
    // 503: every route of the API uses the database (see README "Under load and outages").
    ApiProblems(401, 403, 429, 503),
    UseGuards(ApiKeyGuard),
    UseInterceptors(IdempotencyInterceptor),
    Controller(`api/v1/${type.route}`),
  );

/** What a list route reads: one page, or for an export every matching row, as the rows are written. */
export interface ListSource<Query, T, P extends Page<T> = Page<T>> {
  list(query: Query): Promise<P>;
  exportRows(query: Query): AsyncIterable<T>;
}

/**
 * A list page as JSON, or for an export (`Accept: text/csv`, or the .xlsx media type) every matching row (up to the
 * export cap) with the CSV export's columns. The first rows are read before the answer starts, so a refused query or a
 * database that does not answer is still a problem+json response; a CSV streams from the cursor, and a failure later
 * aborts it (http/csv.ts); a workbook is assembled whole (a zip), then sent. An Accept naming none of them is a 406.
 */
export async function pageOrCsv<Query, T, P extends Page<T>>(
  request: Request,
  file: string,
  columns: CsvColumn<T>[],
  source: ListSource<Query, T, P>,
  query: Query,
): Promise<P | StreamableFile> {
  const format = listFormatOf(request);
  if (format === 'json') return linkingNext(request, await source.list(query));
  const rows = await startedRows(source.exportRows(query));
  if (format === 'csv') return csvFile(file, rows, columns);
  return new StreamableFile(await xlsxOf(file, columns, rows, AS_IN_CSV), {
    type: XLSX_TYPE,
    disposition: `attachment; filename="${file}-${new Date().toISOString().slice(0, 10)}.xlsx"`,
  });
}

/**
 * A full page read in sync order links to the next one (`Link: <...>; rel="next"`, RFC 8288): this request's path and
 * parameters with the page's cursor. A page that is not full is the last for now; its cursor is where to sync on later.
 */
function linkingNext<P extends Page<unknown>>(request: Request, page: P): P {
  const { nextCursor } = page.meta as { nextCursor?: string | null };
  if (nextCursor && page.data.length === page.meta.limit) {
    const url = new URL(request.originalUrl, 'http://path.only');
    url.searchParams.set('cursor', nextCursor);
    url.searchParams.delete('offset');
    request.res?.setHeader('Link', `<${url.pathname}${url.search}>; rel="next"`);
  }
  return page;
}

/** The rows with the first already read (its errors thrown here), then the rest as they are asked for. */
async function startedRows<T>(rows: AsyncIterable<T>): Promise<AsyncIterable<T>> {
  const iterator = rows[Symbol.asyncIterator]();
  const first = await iterator.next();
  return {
    async *[Symbol.asyncIterator]() {
      try {
        if (first.done) return;
        yield first.value;
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
      } finally {
        // A consumer that stops early (the client went away) stops the cursor too.
        await iterator.return?.();
      }
    },
  };
}

/** A page as JSON, or by Accept the export as a CSV file (http/csv.ts) or an .xlsx workbook (http/xlsx.ts). */
export const ListRoute = (page: Type<unknown>, operation: ApiOperationOptions) =>
  applyDecorators(
    Get(),
    ApiOperation(operation),
    ApiExtraModels(page),
    ApiOkResponse({
      description:
        'A page of records; with Accept: text/csv every matching row as a CSV attachment (UTF-8 with BOM), with Accept: ' +
        `${XLSX_TYPE} the same rows and columns as an Excel workbook (dates as dates, amounts as numbers). ` +
        'Negotiated by q-value (RFC 9110); */* or no Accept answers JSON.',
      headers: { ...EXPORT_HEADERS, ...NEXT_LINK_HEADER, ...VARY_HEADER },
      content: {
        'application/json': { schema: { $ref: getSchemaPath(page) } },
        'text/csv': { schema: { type: 'string' } },
        [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } },
      },
    }),
    ApiProblems(400, 406),
  );

/* The item routes address a record by `:id`; sources, addressed by their key, pass `:key`. */

export const GetRoute = (record: Type<unknown>, operation: ApiOperationOptions, path = ':id') =>
  applyDecorators(
    Get(path),
    UseInterceptors(RecordEtagInterceptor),
    ApiOperation(operation),
    IdParam(path),
    ApiHeader({
      name: 'If-None-Match',
      required: false,
      description: 'The ETag of a copy you hold: 304 Not Modified, with no body, while the record reads the same.',
    }),
    ApiOkResponse({ type: record, headers: ETAG_HEADER }),
    ApiResponse({ status: 304, description: 'Not modified: the copy whose ETag was sent in If-None-Match is current.', headers: ETAG_HEADER }),
    ApiProblems(400, 404),
  );

export const CreateRoute = (record: Type<unknown>, operation: ApiOperationOptions) =>
  applyDecorators(
    Post(),
    UseInterceptors(RecordEtagInterceptor, CreatedLocationInterceptor),
    AnswersCommitted({ status: 201, etag: true, location: true }),
    ApiOperation(operation),
    ApiCreatedResponse({ type: record, headers: { ...ETAG_HEADER, ...LOCATION_HEADER, ...REPLAYED_HEADER } }),
    ApiProblems(400, 409, 413, 422),
    // After the route's problems: its 409 description comes first, the idempotency one is joined to it.
    ApiIdempotencyKey(),
  );

export const UpdateRoute = (record: Type<unknown>, operation: ApiOperationOptions, path = ':id') =>
  applyDecorators(
    Patch(path),
    UseInterceptors(RecordEtagInterceptor),
    ApiOperation(operation),
    IdParam(path),
    ApiIfMatch(),
    ApiOkResponse({ type: record, headers: ETAG_HEADER }),
    ApiProblems(400, 404, 409, 412, 422, 428),
  );

export const ArchiveRoute = (record: Type<unknown>, operation: ApiOperationOptions, path = ':id') =>
  applyDecorators(
    Delete(path),
    UseInterceptors(RecordEtagInterceptor),
    ApiOperation(operation),
    IdParam(path),
    ApiIfMatch(),
    ApiOkResponse({ type: record, headers: ETAG_HEADER }),
    ApiProblems(400, 404, 409, 412, 428),
  );

export const RestoreRoute = (record: Type<unknown>, noun: string, path = ':id') =>
  applyDecorators(
    Post(`${path}/restore`),
    HttpCode(200),
    UseInterceptors(RecordEtagInterceptor),
    AnswersCommitted({ status: 200, etag: true }),
    ApiOperation({
      summary: `Bring back an archived ${noun}`,
      description:
        'Needs If-Match with the archived version. Refused with 409 when it is not archived, and with 422 when a record it points at has been archived since (restore that first).',
    }),
    IdParam(path),
    ApiIfMatch(),
    ApiOkResponse({ type: record, headers: { ...ETAG_HEADER, ...REPLAYED_HEADER } }),
    ApiProblems(400, 404, 409, 412, 422, 428),
    ApiIdempotencyKey(),
  );

/** Documented from the one transition table, so the API's description of the lifecycle cannot drift from the rules. */
export const TransitionRoute = (record: Type<unknown>, entity: LifecycleEntity, noun: string) =>
  applyDecorators(
    Post(':id/transitions'),
    HttpCode(200),
    UseInterceptors(RecordEtagInterceptor),
    AnswersCommitted({ status: 200, etag: true }),
    ApiOperation({ summary: `Change the status of ${noun}`, description: describeLifecycle(entity) }),
    IdParam(':id'),
    ApiIfMatch(),
    ApiBody({ type: transitionBodyOf(entity) }),
    ApiOkResponse({ type: record, headers: { ...ETAG_HEADER, ...REPLAYED_HEADER } }),
    ApiProblems(400, 404, 409, 412, 428),
    ApiIdempotencyKey(),
  );

/**
 * PUT by external id: the body is the type's create body. Documented 200 (updated) and 201 (created, with Location);
 * the preconditions say which the client means (domain/versioned-records.ts upsertByExternalId).
 */
export const UpsertRoute = (record: Type<unknown>, body: Type<unknown>, noun: string) =>
  applyDecorators(
    Put('by-external-id/:externalId'),
    UseInterceptors(RecordEtagInterceptor),
    ApiOperation({
      summary: `Create or update ${noun} by the id another system gives it`,
      description:
        'The body is the create body; its externalId, if sent, must be the one of the path. No record with this externalId: created (201) without a precondition or with If-None-Match: *; If-Match is a 412. A record with it: replaced with If-Match (200; 412 when stale): a field the body leaves out takes its create default (the documented default, [] for a list, null otherwise), and status must be the current one if sent (409 otherwise: statuses move only through transitions); without If-Match a 428; If-None-Match: * a 412. Two PUTs creating the same externalId at once make one record; the other is a 412.',
    }),
    ApiParam({
      name: 'externalId',
      schema: { type: 'string', pattern: EXTERNAL_ID_PATTERN.source, maxLength: 200 },
      description: 'The record’s id in your system.',
    }),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'To update: the ETag of the record as last read, or its version alone (`"3"`); `*` for any current version.',
    }),
    ApiHeader({ name: 'If-None-Match', required: false, schema: { type: 'string', enum: ['*'] }, description: '`*`: create only; 412 if the record exists.' }),
    ApiBody({ type: body }),
    ApiOkResponse({ type: record, headers: ETAG_HEADER, description: 'Updated.' }),
    ApiCreatedResponse({ type: record, headers: { ...ETAG_HEADER, ...LOCATION_HEADER }, description: 'Created.' }),
    ApiProblems(400, 409, 412, 413, 422, 428),
  );

/** A PUT by external id's answer: 201 with the record's address when it created the record. */
export function upserted<Dto extends { id: string }>(type: Pick<AnyRecordType, 'route'>, response: Response, result: { record: Dto; created: boolean }): Dto {
  if (result.created) response.status(201).setHeader('Location', `/api/v1/${type.route}/${result.record.id}`);
  return result.record;
}

/** Records without a status (parties, people) have only field edits in their history. */
export const HistoryRoute = (summary = 'Status changes and field edits, newest first', path = ':id') =>
  applyDecorators(Get(`${path}/history`), ApiOperation({ summary }), IdParam(path), ApiOkResponse({ type: HistoryDto }), ApiProblems(400, 404));

/**
 * The body of a type's transitions route, documented with that type's statuses only (`VisitTransitionDto`): a client
 * generated from the document cannot send a visit a memorandum's status. The server validates TransitionDto.
 */
function transitionBodyOf(entity: LifecycleEntity): Type<TransitionDto> {
  const statuses = statusesOf(entity);
  class Body extends TransitionDto {}
  ApiProperty({ enum: statuses, description: 'The target status; GET the record to see `allowedTransitions`.' })(Body.prototype, 'to');
  Object.defineProperty(Body, 'name', { value: `${RECORD_TYPES[entity].adminResource}TransitionDto` });
  return Body;
}
