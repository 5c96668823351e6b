import { applyDecorators, ParseUUIDPipe, type PipeTransform } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { EXTERNAL_ID_PATTERN } from '../domain/record-helpers.js';
import { ProblemException } from '../infrastructure/errors/problem.js';

export class FieldErrorDto {
  @ApiProperty({ example: 'signedOn' })
  field: string;

  @ApiProperty({ example: 'signedOn must be a date as YYYY-MM-DD' })
  message: string;
}

export class ExistingSourceDto {
  @ApiProperty({ example: '003_95d8b3d6152c2cac.txt' })
  key: string;

  @ApiProperty()
  title: string;
}

/** RFC 9457 problem details, the body of every error response (application/problem+json). */
export class ProblemDto {
  @ApiProperty({
    format: 'uri',
    example: 'http://localhost:3000/problems/validation-error',
    description: 'The kind of problem: an absolute URI under the service’s PUBLIC_URL, whose page describes it.',
  })
  type: string;

  @ApiProperty({ example: 'Bad Request' })
  title: string;

  @ApiProperty({ type: 'integer', example: 400, description: 'The HTTP status code, repeated.' })
  status: number;

  @ApiPropertyOptional({ example: 'The request has invalid fields.' })
  detail?: string;

  @ApiPropertyOptional({ example: '/api/v1/memoranda' })
  instance?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Field-level messages of a validation problem.' })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({ type: 'integer', description: '412 only: the record’s current version.' })
  currentVersion?: number;

  @ApiPropertyOptional({ type: 'integer', description: '412 only: the version If-Match named (one tag).' })
  expectedVersion?: number;

  @ApiPropertyOptional({ type: 'array', items: { type: 'integer' }, description: '412 only: the versions a list of If-Match tags named.' })
  expectedVersions?: number[];

  @ApiPropertyOptional({ description: '409 invalid transition only: the record’s status.' })
  currentStatus?: string;

  @ApiPropertyOptional({ type: [String], description: '409 invalid transition only: the statuses allowed from the current one.' })
  allowedTransitions?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'integer', minimum: 1 },
    description: '409 archiving a party or person still referenced: how many live records of each kind point at it.',
    example: { visits: 2, followUps: 1 },
  })
  references?: Record<string, number>;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: '409 changing or archiving a cited source: how many citations quote it.' })
  citationCount?: number;

  @ApiPropertyOptional({ type: ExistingSourceDto, description: '409 adding a source whose text is already stored: that source.' })
  existing?: ExistingSourceDto;

  @ApiPropertyOptional({ type: [String], description: '409 duplicate: the fields whose value must be unique.' })
  fields?: string[];
}

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: malformed JSON, unknown or invalid fields or query parameters.',
  401: 'No API key, or an unknown or revoked one.',
  403: 'The API key lacks the scope this operation needs.',
  404: 'No such record.',
  406: 'The requested media type cannot be produced.',
  409: 'Conflict: a forbidden status transition (invalid-transition), an archived record (archived), a duplicate (duplicate), a record still referenced (still-referenced), or a concurrent change rolled back (concurrent-change).',
  412: 'If-Match matches no current version (the body has currentVersion), or is a weak tag, which never matches.',
  410: 'The change-feed cursor is older than the events the feed keeps (cursor-expired): re-sync from the lists.',
  415: 'The body is not application/json.',
  413: 'The request body is too large.',
  422: 'Well-formed input referring to records that do not exist, a citation that does not match, or an Idempotency-Key reused with another body.',
  428: 'If-Match is required to change a record.',
  429: 'Too many requests for this API key; see Retry-After.',
  503: 'The database is busy or not available (database-busy, database-unavailable); retry after the seconds in Retry-After.',
};

const RETRY_AFTER_HEADER = { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' as const } } };

function problemResponse(status: number, description: string, headers?: Record<string, { description: string; schema: object }>) {
  return ApiResponse({ status, description, headers, content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } } });
}

export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...statuses.map((status) =>
      problemResponse(status, PROBLEM_DESCRIPTIONS[status] ?? 'Error', status === 429 || status === 503 ? RETRY_AFTER_HEADER : undefined),
    ),
  );
}

export const ApiIfMatch = () =>
  ApiHeader({
    name: 'If-Match',
    required: true,
    description:
      'The ETag of the record as last read (`"3-9f86d081884c7d65"`), or its version alone (`"3"`); `*` for any current version, or a comma-separated list of tags, one of which must match. Compared by the version part (RFC 9110 strong comparison: a weak tag never matches).',
  });

/** Every POST takes an Idempotency-Key, and so may answer 409 while the first request with that key is under way. */
export const ApiIdempotencyKey = () =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Makes the request safe to retry: a retry with the same key and body returns the first response (for 24 hours by default), ' +
        'also when the first request died after its write committed.',
    }),
    ApiExtraModels(ProblemDto),
    // Merged with the route's own 409 (Swagger joins the descriptions).
    problemResponse(409, 'Or the first request with this Idempotency-Key is still under way: retry after the seconds in Retry-After.', {
      'Retry-After': { description: 'Seconds to wait before retrying a request whose Idempotency-Key is in use.', schema: { type: 'integer' } },
    }),
  );

/** `:id` must be a UUID; anything else is a 400 naming the parameter, never a database error. */
export const UuidParam = new ParseUUIDPipe({
  exceptionFactory: () => ProblemException.validation([{ field: 'id', message: 'id must be a UUID' }]),
});

/** `{externalId}` of a PUT by external id: what a record's externalId may be, or a 400. */
export const ExternalIdParam: PipeTransform<string, string> = {
  transform(value: string): string {
    if (!EXTERNAL_ID_PATTERN.test(value)) {
      throw ProblemException.validation([{ field: 'externalId', message: 'externalId must be 1 to 200 printable ASCII characters without spaces' }]);
    }
    return value;
  },
};
