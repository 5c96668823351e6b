import { HttpStatus, Injectable } from '@nestjs/common';
import type { ApiKey, ApiScope } from '@prisma/client';
import { createHash, randomBytes } from 'node:crypto';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import { LRUCache } from 'lru-cache';
import { RecentlyAuthenticatedKeys } from './recently-authenticated-keys.js';

const KEY_PREFIX = 'klsm';
/** Last-use stamps are written at most this often per key, so reads do not turn into a write each. */
const LAST_USED_RESOLUTION_MS = 60_000;
/**
 * How long an instance trusts a key it has just looked up, without asking the database again. A key revoked here
 * (panel, this process) is refused at once; one revoked elsewhere (the CLI, another instance) within this bound.
 */
export const AUTHENTICATION_CACHE_MS = 5_000;

export interface CreatedApiKey {
  key: ApiKey;
  /** The whole secret: shown once, never stored. */
  secret: string;
}

export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

@Injectable()
export class ApiKeysService {
  /** Active keys by secret hash, as last read; unknown and revoked secrets are never kept (every one is looked up). */
  private readonly authenticated = new LRUCache<string, ApiKey>({ max: 10_000, ttl: AUTHENTICATION_CACHE_MS });

  constructor(
    private readonly prisma: PrismaService,
    private readonly recent: RecentlyAuthenticatedKeys,
  ) {}

  /** `write` implies `read`: a key that may change records may also read them. */
  async create(name: string, scope: ApiScope, createdById: string | null = null): Promise<CreatedApiKey> {
    const trimmed = name.trim();
    if (!/^[\w.@-]{1,100}$/u.test(trimmed)) {
      throw ProblemException.validation([{ field: 'name', message: 'name must be 1-100 letters, digits, dots, dashes, underscores or @' }]);
    }
    if (await this.prisma.apiKey.findUnique({ where: { name: trimmed } })) {
      throw ProblemException.of(HttpStatus.CONFLICT, ProblemType.duplicate, `An API key named "${trimmed}" already exists.`);
    }
    const prefix = randomBytes(6).toString('base64url');
    const secret = `${KEY_PREFIX}_${prefix}_${randomBytes(32).toString('base64url')}`;
    const key = await this.prisma.apiKey.create({
      data: { name: trimmed, prefix, secretHash: hashApiKey(secret), scopes: scope === 'write' ? ['read', 'write'] : ['read'], createdById },
    });
    return { key, secret };
  }

  async revoke(name: string): Promise<ApiKey> {
    const key = await this.prisma.apiKey.findUnique({ where: { name } });
    if (!key) throw ProblemException.of(HttpStatus.NOT_FOUND, ProblemType.notFound, `No API key is named "${name}".`);
    if (key.revokedAt) return key;
    const revoked = await this.prisma.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    this.authenticated.delete(key.secretHash);
    return revoked;
  }

  async list(): Promise<ApiKey[]> {
    return this.prisma.apiKey.findMany({ orderBy: { createdAt: 'desc' } });
  }

  /** The active key matching a presented secret, with its last use recorded; undefined for unknown or revoked keys. */
  async authenticate(secret: string): Promise<ApiKey | undefined> {
    if (!secret.startsWith(`${KEY_PREFIX}_`)) return undefined;
    const secretHash = hashApiKey(secret);
    const key = this.authenticated.get(secretHash) ?? (await this.prisma.apiKey.findUnique({ where: { secretHash } }));
    if (!key || key.revokedAt) return undefined;
    this.authenticated.set(secretHash, key, { noUpdateTTL: true });
    this.recent.remember(secretHash);
    const now = new Date();
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.prisma.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
      key.lastUsedAt = now;
    }
    return key;
  }
}
