import { HttpStatus, Injectable } from '@nestjs/common';
import { Prisma } from '@prisma/client';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import type { Actor } from './actor.js';
import {
  type AnyRecordType,
  delegateOf,
  involving,
  involvingSql,
  namedPartiesSql,
  type RecordModel,
  type RecordType,
  recordsCiting,
  type WhereInputs,
} from './record-types.js';

/** The register's own country: parties coded otherwise, and under no party coded so, lie abroad. */
export const HOME_COUNTRY = 'KZ';

/**
 * Region permissions, for every record type and every door (REST, panel, dashboard, reports): an editor bound to a
 * region may change only records in which that region, or a party under it (a city, an agency, an enterprise), takes
 * part, as the registry's `parties` says for each type. One question is asked of the database: "which of these ids
 * may this actor edit" (in the spirit of immich's access repository).
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

  /** Records of `type` that involve the region or a party under it: the region filter of lists and reports. */
  async whereInRegion<M extends RecordModel>(type: RecordType<M>, regionPartyId: string, client?: Prisma.TransactionClient): Promise<WhereInputs[M]>;
  async whereInRegion(type: AnyRecordType, regionPartyId: string, client?: Prisma.TransactionClient): Promise<object>;
  async whereInRegion(type: AnyRecordType, regionPartyId: string, client?: Prisma.TransactionClient): Promise<object> {
    return involving(type, await this.partiesWithin(regionPartyId, client));
  }

  /** The same filter as SQL on `alias` (a row of the type's table), for statements written by hand (reports). */
  async sqlInRegion(type: AnyRecordType, alias: string, regionPartyId: string): Promise<Prisma.Sql> {
    return involvingSql(type, alias, await this.partiesWithin(regionPartyId));
  }

  /** Which of these records the actor may change: none for a viewer, all for an actor without a region. */
  async editableIds(actor: Actor, type: AnyRecordType, ids: string[], client: Prisma.TransactionClient = this.prisma): Promise<Set<string>> {
    if (isViewer(actor) || ids.length === 0) return new Set();
    if (!actor.regionPartyId) return new Set(ids);
    const where = { AND: [{ id: { in: ids } }, await this.whereInRegion(type, actor.regionPartyId, client)] };
    const rows = await delegateOf(client, type.model).findMany({ where, select: { id: true } });
    return new Set(rows.map((row) => row.id as string));
  }

  /** Archiving and restoring are an admin's call (and an API client's): regional editors maintain, they do not remove. */
  assertMayArchive(actor: Actor): void {
    if (actor.type === 'user' && actor.role !== 'admin') {
      throw ProblemException.of(HttpStatus.FORBIDDEN, ProblemType.forbidden, 'Only an admin can archive or restore records.');
    }
  }

  /** Sources are added and corrected by editors, admins and write keys; viewers only read. */
  assertMayChangeSources(actor: Actor): void {
    if (isViewer(actor)) throw ProblemException.of(HttpStatus.FORBIDDEN, ProblemType.forbidden, 'Viewers cannot change sources.');
  }

  /**
   * A source belongs to no region of its own. An editor bound to a region may correct one they added, or one that a
   * record they may edit cites (the source is then their region's evidence); admins and API keys any.
   */
  async assertMayEditSource(actor: Actor, source: SourceOwnership, client: Prisma.TransactionClient = this.prisma): Promise<void> {
    this.assertMayChangeSources(actor);
    if (!actor.regionPartyId || addedBy(actor, source)) return;
    for (const { type, ids } of await recordsCiting(client, source.id)) {
      if ((await this.editableIds(actor, type, ids, client)).size) return;
    }
    throw ProblemException.of(
      HttpStatus.FORBIDDEN,
      ProblemType.forbidden,
      `Source ${source.key} was added by someone else and no record of your region cites it, so you cannot change it.`,
    );
  }

  /**
   * Archiving a source is an admin's call, except that an editor may take back one they added (the caller then
   * refuses it while anything cites it).
   */
  assertMayArchiveSource(actor: Actor, source: SourceOwnership): void {
    this.assertMayChangeSources(actor);
    if (actor.type === 'user' && actor.role !== 'admin' && !addedBy(actor, source)) {
      throw ProblemException.of(
        HttpStatus.FORBIDDEN,
        ProblemType.forbidden,
        `Only an admin, or the editor who added it, can archive or restore source ${source.key}.`,
      );
    }
  }

  /**
   * 403 unless the actor may change the record as it stands in `client`. Called on the record before a change and,
   * inside the same transaction, after it (a refusal rolls the change back): an editor can neither touch a record of
   * another region nor move one of theirs out of their region.
   */
  async assertMayEdit(actor: Actor, type: AnyRecordType, id: string, what: string, client?: Prisma.TransactionClient): Promise<void> {
    if (isViewer(actor)) throw ProblemException.of(HttpStatus.FORBIDDEN, ProblemType.forbidden, 'Viewers cannot change records.');
    if (!actor.regionPartyId) return;
    if (!(await this.editableIds(actor, type, [id], client)).has(id)) {
      throw ProblemException.of(
        HttpStatus.FORBIDDEN,
        ProblemType.forbidden,
        `${what} does not involve your region or a party under it, so you cannot change it.`,
      );
    }
  }
  /**
   * 403 unless the actor may add the record just inserted in `client`: the rule of assertMayEdit, except that a party
   * or person abroad (registry: `addableAbroadByAnyEditor`) may be added by any editor, since no region of Kazakhstan
   * takes part in it and the visit or memorandum that names it is the editor's own.
   */
  async assertMayCreate(actor: Actor, type: AnyRecordType, id: string, what: string, client: Prisma.TransactionClient): Promise<void> {
    if (actor.regionPartyId && !isViewer(actor) && type.addableAbroadByAnyEditor && (await this.liesAbroad(type, id, client))) return;
    await this.assertMayEdit(actor, type, id, what, client);
  }

  /**
   * Whether every party the record names (registry: `parties`; a party itself, a person's party) lies abroad: its
   * chain of parents (itself included) names a country other than the home one, and nowhere the home country or a
   * region of it (kind `region`; regions abroad are `foreign_region`). So a party coded RU under East Kazakhstan is
   * not abroad, nor is one coded KZ under Russia; a chain that names no country at all stays bound to the region.
   */
  private async liesAbroad(type: AnyRecordType, id: string, client: Prisma.TransactionClient): Promise<boolean> {
    const rows = await client.$queryRaw<{ abroad: boolean }[]>`
      WITH RECURSIVE chain AS (
        SELECT p.id AS start, p.id, p.parent_id, p.country_code, p.kind, 0 AS depth
          FROM ${Prisma.raw(type.table)} r CROSS JOIN LATERAL (${namedPartiesSql(type, 'r')}) named JOIN party p ON p.id = named.party_id
          WHERE r.id = ${id}::uuid
        UNION ALL
        SELECT c.start, p.id, p.parent_id, p.country_code, p.kind, c.depth + 1
          FROM party p JOIN chain c ON p.id = c.parent_id WHERE c.depth < 32
      )
      SELECT coalesce(bool_or(country_code <> ${HOME_COUNTRY}), false)
             AND NOT coalesce(bool_or(country_code = ${HOME_COUNTRY} OR kind = 'region'), false) AS abroad
        FROM chain GROUP BY start`;
    return rows.length > 0 && rows.every((row) => row.abroad);
  }
}

/** Who added a source, as the region rules for sources need it. */
export interface SourceOwnership {
  id: string;
  key: string;
  createdById: string | null;
  createdByType: string | null;
}

function addedBy(actor: Actor, source: SourceOwnership): boolean {
  return actor.id !== null && source.createdById === actor.id && source.createdByType === actor.type;
}

function isViewer(actor: Actor): boolean {
  return actor.type === 'user' && actor.role === 'viewer';
}
