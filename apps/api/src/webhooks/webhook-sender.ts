import http from 'node:http';
import https from 'node:https';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from './webhook-signature.js';
import { guardedLookup, type TargetPolicy, urlProblem } from './webhook-target.js';

export interface SendOutcome {
  delivered: boolean;
  statusCode: number | null;
  error: string | null;
}

/** What a receiver's answer may be read up to: only its status counts, the body is drained and dropped. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * One delivery attempt: POST the event, signed, and wait at most `timeoutMs` for the whole answer. A 2xx delivers;
 * any other status, a timeout, a refused address or a network error is a failed attempt.
 */
export function sendWebhook(
  target: { url: string; secret: string; eventId: string; body: string },
  options: { policy: TargetPolicy; timeoutMs: number; signal: AbortSignal },
): Promise<SendOutcome> {
  const refused = urlProblem(target.url, options.policy);
  if (refused) return Promise.resolve({ delivered: false, statusCode: null, error: refused });
  const url = new URL(target.url);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(outcome);
    };
    const request = client.request(url, {
      method: 'POST',
      agent: false,
      lookup: guardedLookup(options.policy),
      signal: options.signal,
      headers: {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(target.body),
        'User-Agent': 'Kelisim-Webhooks/1',
        [SIGNATURE_HEADER]: signatureHeader(target.secret, target.body),
        [EVENT_ID_HEADER]: target.eventId,
      },
    });
    const timer = setTimeout(() => finish({ delivered: false, statusCode: null, error: `no answer within ${options.timeoutMs} ms` }), options.timeoutMs);
    request.on('response', (response) => {
      const statusCode = response.statusCode ?? 0;
      let received = 0;
      const done = () =>
        finish({
          delivered: statusCode >= 200 && statusCode < 300,
          statusCode,
          error: statusCode >= 200 && statusCode < 300 ? null : `answered ${statusCode}`,
        });
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_ANSWER_BYTES) done();
      });
      response.on('end', done);
      response.on('error', done);
    });
    request.on('error', (error) => finish({ delivered: false, statusCode: null, error: error.message }));
    request.end(target.body);
  });
}
