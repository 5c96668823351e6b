import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';

/**
 * Hashes of API keys that authenticated lately. Only the rate limits read it, to tell a real integration's key (a
 * bucket of its own) from junk tokens (the client address's bucket, limited before any database lookup); it never
 * grants access, so a revoked key stays refused by the database check whatever this remembers.
 */
@Injectable()
export class RecentlyAuthenticatedKeys {
  private readonly hashes = new LRUCache<string, true>({ max: 10_000, ttl: 10 * 60_000 });

  remember(hash: string): void {
    this.hashes.set(hash, true);
  }

  has(hash: string): boolean {
    return this.hashes.has(hash);
  }
}
