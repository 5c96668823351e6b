import type { Request, RequestHandler, Response } from 'express';
import PQueue from 'p-queue';
import type { AppConfig } from '../config/app-config.js';
import { ProblemType, sendProblem, statusTitle } from '../errors/problem.js';
import { runForRequest } from './bounded-pool.js';
import { RETRY_AFTER_SECONDS } from './database-errors.js';

export interface AdmissionSettings {
  /** Requests served at once. */
  concurrency: number;
  /** Requests that may wait for a turn; beyond it one is refused at once. */
  queueLimit: number;
  /** How long a request waits for a turn before it is refused. */
  queueTimeoutMs: number;
}

export function admissionSettings(config: AppConfig): AdmissionSettings {
  return { concurrency: config.maxConcurrentRequests, queueLimit: config.ADMISSION_QUEUE_LIMIT, queueTimeoutMs: config.ADMISSION_QUEUE_TIMEOUT_MS };
}

class ClientGone extends Error {}
class QueueTimeout extends Error {}

/**
 * Back-pressure in front of the routes that use the database: as many requests run at once as the pool has
 * connections, a bounded number wait their turn for a bounded time, and the rest get a 503 with Retry-After at
 * once, so a burst is answered quickly instead of piling up on the pool until every request times out.
 *
 * A waiting request whose client disconnects leaves the queue without running. A running one whose client
 * disconnects frees its turn, and the database pool starts no further statement or transaction for it (see
 * BoundedPool); the statement in flight ends by itself, bounded by statement_timeout.
 */
export class DatabaseAdmission {
  private readonly queue: PQueue;

  constructor(private readonly settings: AdmissionSettings) {
    this.queue = new PQueue({ concurrency: settings.concurrency });
  }

  /** Requests being served and waiting, for tests and diagnostics. */
  get load(): { running: number; waiting: number } {
    return { running: this.queue.pending, waiting: this.queue.size };
  }

  /** Express middleware: serves the request when its turn comes, or answers 503. */
  readonly middleware: RequestHandler = (req, res, next) => {
    if (isStaticAsset(req)) return next();
    if (this.queue.pending >= this.settings.concurrency && this.queue.size >= this.settings.queueLimit) {
      return refuse(res, `The service is at capacity (${this.settings.queueLimit} requests already waiting).`);
    }
    const clientGone = new AbortController();
    const leaveQueue = new AbortController();
    let admitted = false;
    const timer = setTimeout(() => leaveQueue.abort(new QueueTimeout()), this.settings.queueTimeoutMs);
    res.once('close', () => {
      if (res.writableFinished) return;
      clientGone.abort();
      if (!admitted) leaveQueue.abort(new ClientGone());
    });
    this.queue
      .add(
        () => {
          admitted = true;
          clearTimeout(timer);
          return new Promise<void>((resolve) => {
            res.once('close', () => resolve());
            runForRequest(clientGone.signal, () => next());
          });
        },
        { signal: leaveQueue.signal },
      )
      .catch((reason: unknown) => {
        clearTimeout(timer);
        // A client that left the queue gets no answer: it is gone.
        if (reason instanceof QueueTimeout) {
          refuse(res, `No turn came within ${this.settings.queueTimeoutMs} ms: the service is at capacity.`);
        } else if (!(reason instanceof ClientGone) && !res.headersSent) {
          next(reason);
        }
      });
  };
}

/** The admin panel's scripts and styles need no database and must not wait behind requests that do. */
function isStaticAsset(req: Request): boolean {
  return req.method === 'GET' && req.path.startsWith('/frontend/assets/');
}

function refuse(res: Response, detail: string): void {
  if (res.headersSent || res.destroyed) return;
  sendProblem(
    res,
    { type: ProblemType.databaseBusy, title: statusTitle(503), status: 503, detail: `${detail} Retry after the number of seconds in Retry-After.` },
    { 'Retry-After': String(RETRY_AFTER_SECONDS.busy) },
  );
}
