import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AppConfig } from './config/app-config.js';
import { absoluteProblemType, PROBLEM_CONTENT_TYPE, ProblemType, statusTitle } from './errors/problem.js';

/**
 * Bounds how long a client may take to send its request: Node's defaults (300 s for the whole request) let a
 * client that sends a byte now and then hold a socket, and a request's memory, for five minutes.
 */
export function boundHttpServer(server: Server, config: Pick<AppConfig, 'HEADERS_TIMEOUT_SECONDS' | 'REQUEST_TIMEOUT_SECONDS' | 'publicUrl'>): void {
  server.headersTimeout = config.HEADERS_TIMEOUT_SECONDS * 1000;
  server.requestTimeout = config.REQUEST_TIMEOUT_SECONDS * 1000;
  // Node checks these bounds only this often (30 s by default, far past a bound of a few seconds). Read when the
  // server starts listening, so setting it here, before listen(), takes effect.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(1000, server.headersTimeout);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => answerClientError(error, socket, config));
}

/** What Node answers by itself to a request it cannot read, as problem+json like every other error. */
function answerClientError(
  error: NodeJS.ErrnoException,
  socket: Duplex,
  config: Pick<AppConfig, 'HEADERS_TIMEOUT_SECONDS' | 'REQUEST_TIMEOUT_SECONDS' | 'publicUrl'>,
): void {
  const response = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || response?.headersSent || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
  const status = timedOut ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = JSON.stringify({
    type: absoluteProblemType(timedOut ? ProblemType.requestTimeout : ProblemType.badRequest, config.publicUrl),
    title: statusTitle(status),
    status,
    detail: timedOut
      ? `The request was not received in time (its headers within ${config.HEADERS_TIMEOUT_SECONDS} s, all of it within ${config.REQUEST_TIMEOUT_SECONDS} s).`
      : 'The request could not be read as HTTP.',
  });
  socket.end(
    `HTTP/1.1 ${status} ${statusTitle(status)}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}
