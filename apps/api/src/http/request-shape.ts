import type { Request, RequestHandler } from 'express';
import { ProblemType, sendProblem, statusTitle } from '../infrastructure/errors/problem.js';

const JSON_TYPES = ['application/json', 'application/*+json'];
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Whether the request carries a body: an empty one (Content-Length: 0) is none, as for a POST that needs none. */
function hasBody(request: Request): boolean {
  return request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
}

/**
 * 415 for a body that is not JSON. The JSON parser skips other media types, so without this a form post, a
 * text/plain body or `application/jsonx` would reach the handlers as an empty body and be answered as if nothing had
 * been sent (a PATCH of nothing, a create refused for missing fields).
 */
export function jsonBodiesOnly(): RequestHandler {
  return (request, response, next) => {
    if (!WITH_BODY.has(request.method) || !hasBody(request) || request.is(JSON_TYPES)) return next();
    const sent = request.headers['content-type'];
    sendProblem(response, {
      type: ProblemType.unsupportedMediaType,
      title: statusTitle(415),
      status: 415,
      detail: `${sent ? `A body of type ${sent.split(';')[0].trim()}` : 'A body without a Content-Type'} is not accepted here: send JSON with Content-Type: application/json.`,
    });
  };
}
