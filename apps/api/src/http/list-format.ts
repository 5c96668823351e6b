import type { Request } from 'express';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';
import { XLSX_TYPE } from './xlsx.js';

/**
 * What a list route answers in, the server's preference first: a tie (an Accept of any type, or none) goes to JSON.
 * Each as the Content-Type it is sent with, so that a range with the same parameter (`text/csv;charset=utf-8`) matches.
 */
const LIST_MEDIA_TYPES = { json: 'application/json; charset=utf-8', csv: 'text/csv; charset=utf-8', xlsx: XLSX_TYPE } as const;
export type ListFormat = keyof typeof LIST_MEDIA_TYPES;

/**
 * The format a list answers in, negotiated as RFC 9110 (12.5.1) says, by Express's negotiator: the highest q-value,
 * a more specific range over a wider one (`text/csv;q=0` refuses CSV that a range of any type would allow), then the
 * order of the Accept header, then the order above. The answer varies with Accept, also when it is a 406: caches must
 * key on it.
 */
export function listFormatOf(request: Request): ListFormat {
  request.res?.vary('Accept');
  const offered = Object.entries(LIST_MEDIA_TYPES) as [ListFormat, string][];
  const chosen = request.accepts(offered.map(([, mediaType]) => mediaType));
  const format = offered.find(([, mediaType]) => mediaType === chosen)?.[0];
  if (format) return format;
  const names = offered.map(([, mediaType]) => mediaType.split(';')[0]).join(', ');
  throw ProblemException.of(406, ProblemType.notAcceptable, `Accept allows none of the media types this list answers in: ${names}.`);
}
