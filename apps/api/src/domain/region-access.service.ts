import { HttpStatus, Injectable } from '@nestjs/common';
import { Prisma } from '@prisma/client';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import type { Actor } from './actor.js';

/**
 * Region permissions: an editor bound to a region may change only records in which that region, or a party under it
 * (a city, an agency, an enterprise), takes part. Enforced here for every door; callers pass the record's party ids.
 */
@Injectable()
export class RegionAccessService {
  constructor(private readonly prisma: PrismaService) {}

  /** The region and every party below it in the party hierarchy. */
  async partiesWithin(regionPartyId: string, client: Prisma.TransactionClient = this.prisma): Promise<string[]> {
    const rows = await client.$queryRaw<{ id: string }[]>`
      WITH RECURSIVE tree AS (
        SELECT id FROM party WHERE id = ${regionPartyId}::uuid
        UNION
        SELECT p.id FROM party p JOIN tree t ON p.parent_id = t.id
      )
      SELECT id::text FROM tree`;
    return rows.map((row) => row.id);
  }

  /** Archiving and restoring are an admin's call (and an API client's): regional editors maintain, they do not remove. */
  assertMayArchive(actor: Actor): void {
    if (actor.type === 'user' && actor.role !== 'admin') {
      throw ProblemException.of(HttpStatus.FORBIDDEN, ProblemType.forbidden, 'Only an admin can archive or restore records.');
    }
  }

  async assertMayEdit(actor: Actor, recordPartyIds: (string | null | undefined)[], what: string, client?: Prisma.TransactionClient): Promise<void> {
    if (actor.type === 'user' && actor.role === 'viewer') {
      throw ProblemException.of(HttpStatus.FORBIDDEN, ProblemType.forbidden, 'Viewers cannot change records.');
    }
    if (!actor.regionPartyId) return;
    const within = new Set(await this.partiesWithin(actor.regionPartyId, client));
    if (!recordPartyIds.some((id) => id && within.has(id))) {
      throw ProblemException.of(
        HttpStatus.FORBIDDEN,
        ProblemType.forbidden,
        `${what} does not involve your region or a party under it, so you cannot change it.`,
      );
    }
  }
}
