import { HttpStatus, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { AuditAction, EntityType, Prisma } from '@prisma/client';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../infrastructure/config/app-config.js';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import { BackgroundPurge } from './background-purge.js';

/** The response status of a claim whose request has not answered yet. */
const IN_PROGRESS = 0;
/** Rows a purge deletes per statement, so that one purge never holds many locks for long. */
const PURGE_BATCH = 1000;
/** A claim found expired, or taken by another retry, between two statements is looked at again this often at most. */
const CLAIM_ATTEMPTS = 3;

/** A record a request wrote, as its business transaction stamped it on the claim. */
export interface WrittenRecord {
  type: EntityType;
  id: string;
  action: AuditAction;
}

/** A POST with an Idempotency-Key: its key per API key, and the fingerprint of what it asks. */
export interface IdempotentRequest {
  apiKeyId: string;
  key: string;
  method: string;
  path: string;
  requestHash: string;
}

/** The right to run a request: the claim row holds this token until the response is stored. */
export interface Claim {
  apiKeyId: string;
  key: string;
  token: string;
}

/** A stored response, as it will be replayed. */
export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export type ClaimOutcome =
  /** The key is this request's to run (new, expired, or taken over from a request that died before writing). */
  | { kind: 'claimed'; claim: Claim }
  /** The first request answered: replay its response. */
  | ({ kind: 'stored' } & StoredResponse)
  /** The first request committed its write and then died or failed: answer with what it wrote. */
  | { kind: 'committed'; written: WrittenRecord[]; holder: string | null }
  /** The first request is still within its time: retry after that many seconds. */
  | { kind: 'in-use'; retryAfterSeconds: number };

interface ClaimRow {
  requestHash: string;
  responseStatus: number;
  responseBody: unknown;
  responseHeaders: Record<string, string>;
  claimToken: string | null;
  writtenRecords: WrittenRecord[];
  held: boolean;
  retryAfter: number;
}

/**
 * Idempotency keys that survive crashes. A claim carries a random token and the time it was taken; every business
 * transaction run for the request stamps on the claim, in that same transaction, the records it wrote (through
 * HistoryService, which every write calls). So whatever dies when, a retry finds either a stored response, or the
 * records that committed, or nothing written and a claim it may take over once the claim timeout has passed. A
 * stamp whose claim was taken over fails and rolls its transaction back: only one request per key ever commits.
 * Times are the database's, so instances with drifting clocks agree.
 */
@Injectable()
export class IdempotencyService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Idempotency');
  private readonly running = new AsyncLocalStorage<Claim>();
  // Claims ignore expired rows anyway: the purge only keeps the table small.
  private readonly purge = new BackgroundPurge(this.logger, 'expired idempotency keys', () => this.purgeExpired());

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.purge.start(Math.min(this.config.IDEMPOTENCY_TTL, 3600) * 1000);
  }

  onModuleDestroy(): void {
    this.purge.stop();
  }

  async claim(request: IdempotentRequest): Promise<ClaimOutcome> {
    const { apiKeyId, key } = request;
    const { IDEMPOTENCY_CLAIM_TIMEOUT: timeout, IDEMPOTENCY_TTL: ttl } = this.config;
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt += 1) {
      const token = randomUUID();
      // A new key, or one whose time is over (its row is replaced whatever it held): either way it is ours.
      const claimed = await this.prisma.$queryRaw<unknown[]>`
        INSERT INTO idempotency_record AS r
          (api_key_id, key, method, path, request_hash, response_status, response_body, response_headers,
           claim_token, claimed_at, written_records, expires_at, created_at)
        VALUES (${apiKeyId}::uuid, ${key}, ${request.method}, ${request.path}, ${request.requestHash}, ${IN_PROGRESS},
          '{}'::jsonb, '{}'::jsonb, ${token}::uuid, now(), '[]'::jsonb, now() + make_interval(secs => ${ttl}::int), now())
        ON CONFLICT (api_key_id, key) DO UPDATE SET
          method = EXCLUDED.method, path = EXCLUDED.path, request_hash = EXCLUDED.request_hash,
          response_status = EXCLUDED.response_status, response_body = EXCLUDED.response_body,
          response_headers = EXCLUDED.response_headers, claim_token = EXCLUDED.claim_token,
          claimed_at = EXCLUDED.claimed_at, written_records = EXCLUDED.written_records,
          expires_at = EXCLUDED.expires_at, created_at = EXCLUDED.created_at
        WHERE r.expires_at <= now()
        RETURNING 1`;
      if (claimed.length) return { kind: 'claimed', claim: { apiKeyId, key, token } };

      const [row] = await this.prisma.$queryRaw<ClaimRow[]>`
        SELECT request_hash AS "requestHash", response_status AS "responseStatus", response_body AS "responseBody",
          response_headers AS "responseHeaders", claim_token::text AS "claimToken", written_records AS "writtenRecords",
          (claim_token IS NOT NULL AND claimed_at > now() - make_interval(secs => ${timeout}::int)) AS held,
          ceil(extract(epoch FROM claimed_at + make_interval(secs => ${timeout}::int) - now()))::int AS "retryAfter"
        FROM idempotency_record
        WHERE api_key_id = ${apiKeyId}::uuid AND key = ${key} AND expires_at > now()`;
      if (!row) continue; // it expired or was purged just now: claim it afresh
      if (row.requestHash !== request.requestHash) {
        throw ProblemException.of(
          HttpStatus.UNPROCESSABLE_ENTITY,
          ProblemType.idempotencyMismatch,
          'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
        );
      }
      if (row.responseStatus !== IN_PROGRESS) {
        return { kind: 'stored', status: row.responseStatus, body: row.responseBody, headers: row.responseHeaders };
      }
      if (row.held) return { kind: 'in-use', retryAfterSeconds: Math.max(1, row.retryAfter) };
      if (row.writtenRecords.length) return { kind: 'committed', written: row.writtenRecords, holder: row.claimToken };

      // The holder died before writing anything. Compare-and-set on its token, and on nothing written: of two
      // retries only one takes the claim, and a stamp committing meanwhile (it locks this row) makes this fail.
      const taken = await this.prisma.$queryRaw<unknown[]>`
        UPDATE idempotency_record
        SET claim_token = ${token}::uuid, claimed_at = now(), expires_at = now() + make_interval(secs => ${ttl}::int)
        WHERE api_key_id = ${apiKeyId}::uuid AND key = ${key} AND response_status = ${IN_PROGRESS}
          AND written_records = '[]'::jsonb AND claim_token IS NOT DISTINCT FROM ${row.claimToken}::uuid
          AND expires_at > now()
        RETURNING 1`;
      if (taken.length) return { kind: 'claimed', claim: { apiKeyId, key, token } };
    }
    return { kind: 'in-use', retryAfterSeconds: 1 };
  }

  /** Runs the request's work with its claim, so that the business transactions it opens stamp it. */
  runWith<T>(claim: Claim, work: () => T): T {
    return this.running.run(claim, work);
  }

  /**
   * Called inside every business write transaction (HistoryService.recordChange): notes on the running request's
   * claim what it wrote, in the same transaction, so the note commits exactly when the record does.
   */
  async stampWrite(tx: Prisma.TransactionClient, written: WrittenRecord): Promise<void> {
    const claim = this.running.getStore();
    if (!claim) return;
    const stamped = await tx.$executeRaw`
      UPDATE idempotency_record SET written_records = written_records || ${JSON.stringify([written])}::jsonb
      WHERE api_key_id = ${claim.apiKeyId}::uuid AND key = ${claim.key} AND claim_token = ${claim.token}::uuid`;
    if (stamped === 0) {
      // The claim timed out and a retry took it over: this request must not commit a second record.
      throw ProblemException.of(
        HttpStatus.CONFLICT,
        ProblemType.idempotencyInProgress,
        'This request took longer than the idempotency claim timeout and a retry with the same Idempotency-Key took over; it changed nothing.',
      );
    }
  }

  /**
   * Stores the response for replay, if the claim is still `holder`'s (a request's own token, or the holder seen by a
   * retry answering for a dead one). Extends the key's life by the TTL from now.
   */
  async store(claim: { apiKeyId: string; key: string; holder: string | null }, response: StoredResponse): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE idempotency_record
      SET response_status = ${response.status}, response_body = ${JSON.stringify(response.body ?? null)}::jsonb,
        response_headers = ${JSON.stringify(response.headers)}::jsonb, claim_token = NULL,
        expires_at = now() + make_interval(secs => ${this.config.IDEMPOTENCY_TTL}::int)
      WHERE api_key_id = ${claim.apiKeyId}::uuid AND key = ${claim.key} AND response_status = ${IN_PROGRESS}
        AND claim_token IS NOT DISTINCT FROM ${claim.holder}::uuid`;
  }

  /**
   * A request that failed gives its claim up: with nothing written the key is free again; with a committed write the
   * claim stays, held by no one, so that a retry is answered with that record at once instead of running again.
   */
  async release(claim: Claim): Promise<void> {
    await this.prisma.$executeRaw`
      DELETE FROM idempotency_record
      WHERE api_key_id = ${claim.apiKeyId}::uuid AND key = ${claim.key} AND claim_token = ${claim.token}::uuid
        AND written_records = '[]'::jsonb`;
    await this.prisma.$executeRaw`
      UPDATE idempotency_record SET claim_token = NULL
      WHERE api_key_id = ${claim.apiKeyId}::uuid AND key = ${claim.key} AND claim_token = ${claim.token}::uuid`;
  }

  /** Deletes every expired key, a batch at a time; returns how many. */
  async purgeExpired(): Promise<number> {
    let purged = 0;
    for (;;) {
      const deleted = await this.prisma.$executeRaw`
        DELETE FROM idempotency_record WHERE (api_key_id, key) IN (
          SELECT api_key_id, key FROM idempotency_record WHERE expires_at <= now() LIMIT ${PURGE_BATCH}::int)`;
      purged += deleted;
      if (deleted < PURGE_BATCH) return purged;
    }
  }
}
