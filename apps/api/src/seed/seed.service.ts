import { Injectable, Logger } from '@nestjs/common';
import type { EntityType, Prisma } from '@prisma/client';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Actor } from '../domain/actor.js';
import { diffFields } from '../domain/history.service.js';
import { HistoryService } from '../domain/history.service.js';
import { buildSearchText } from '../domain/search-text.js';
import { projectRoot } from '../infrastructure/database/project-root.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import { CitationsService } from '../sources/citations.service.js';
import { sourceSearchText } from '../sources/sources.service.js';
import { loadSeedData, type SeedData, type SeedSource } from './seed-data.js';
import { ALL_RECORD_TYPES, type RecordModel } from '../domain/record-types.js';
import { liveReferencesTo } from '../domain/archive-guard.js';

const SEED_ACTOR: Actor = { type: 'system', id: null, name: 'seed' };

type SeededModel = RecordModel;

/** The audit trail's name of each model the seed writes, from the record-type registry. */
const ENTITY_TYPE = Object.fromEntries(ALL_RECORD_TYPES.map((type) => [type.model, type.entityType])) as Record<SeededModel, EntityType>;

export interface SeedCounts {
  created: number;
  updated: number;
  unchanged: number;
  /** Records staff have edited since they were seeded: the seed leaves them alone. */
  keptStaffEdits: number;
  /** Seeded records the seed data no longer has, archived (retired) because staff had not edited them. */
  retired: number;
  /** Seeded records the seed data no longer has but which live records still point at: left live, and logged. */
  keptReferenced: number;
}

interface Desired {
  seedKey: string;
  /** Scalar columns, as written. */
  data: Record<string, unknown>;
  /** Relations, each as a sorted list of comparable strings (what changes a relation). */
  relations: Record<string, string[]>;
  writeRelations: (tx: Prisma.TransactionClient, id: string) => Promise<void>;
}

/**
 * Loads the register from the source articles. Idempotent: records are matched by their stable seed key, written only
 * when the seed data differs from what the seed last wrote, and never when staff have edited them since
 * (`version` has moved past `seedVersion`). Every write is recorded in history as done by "seed".
 */
@Injectable()
export class SeedService {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly prisma: PrismaService,
    private readonly history: HistoryService,
    private readonly citations: CitationsService,
  ) {}

  async isEmpty(): Promise<boolean> {
    return (await this.prisma.sourceArticle.count()) === 0;
  }

  async run(seedDir = path.join(projectRoot(), 'prisma', 'seed')): Promise<SeedCounts> {
    const data = loadSeedData(seedDir);
    const counts: SeedCounts = { created: 0, updated: 0, unchanged: 0, keptStaffEdits: 0, retired: 0, keptReferenced: 0 };
    await this.prisma.$transaction(
      async (tx) => {
        await this.upsertArticles(tx, data);
        const ids = new Map<string, string>();
        const id = (key: string | null | undefined) => (key ? ids.get(key)! : null);
        const record = async (model: SeededModel, desired: Desired) => ids.set(desired.seedKey, await this.upsert(tx, model, desired, counts));

        for (const party of inDependencyOrder(
          data.parties,
          (p) => p.key,
          (p) => p.parent,
          'Parties',
        )) {
          await record('party', {
            seedKey: party.key,
            data: {
              kind: party.kind,
              nameKk: party.nameKk,
              nameRu: party.nameRu,
              nameEn: party.nameEn,
              aliases: party.aliases,
              countryCode: party.countryCode,
              parentId: id(party.parent),
              searchText: buildSearchText(party.nameKk, party.nameRu, party.nameEn, party.aliases),
            },
            relations: {},
            writeRelations: () => Promise.resolve(),
          });
        }
        for (const person of data.people) {
          await record('person', {
            seedKey: person.key,
            data: {
              nameKk: person.nameKk,
              nameRu: person.nameRu,
              nameEn: person.nameEn,
              positionKk: person.positionKk,
              positionRu: person.positionRu,
              positionEn: person.positionEn,
              partyId: id(person.party),
              searchText: buildSearchText(person.nameKk, person.nameRu, person.nameEn, person.positionKk, person.positionRu, person.positionEn),
            },
            relations: {},
            writeRelations: () => Promise.resolve(),
          });
        }
        const files = data.articles.map((article) => ({ key: article.meta.key, ...article.file }));
        // An earlier visit may be described in a later file: write visits in the order of their previous-visit links.
        const visits = files.flatMap((file) => file.visits.map((visit) => ({ file, visit })));
        for (const { file, visit: v } of inDependencyOrder(
          visits,
          (e) => e.visit.key,
          (e) => e.visit.previousVisit,
          'Visits',
        )) {
          {
            const hosts = v.hosts.map((host) => id(host)!);
            await record('visit', {
              seedKey: v.key,
              data: {
                titleKk: v.titleKk,
                titleRu: v.titleRu,
                titleEn: v.titleEn,
                summaryKk: v.summaryKk,
                summaryRu: v.summaryRu,
                summaryEn: v.summaryEn,
                visitingPartyId: id(v.visitingParty),
                delegationHeadId: id(v.delegationHead),
                startDate: toDate(v.startDate),
                startDatePrecision: v.startDatePrecision,
                endDate: toDate(v.endDate),
                endDatePrecision: v.endDatePrecision,
                place: v.place,
                occasion: v.occasion,
                status: v.status,
                note: v.note,
                previousVisitId: id(v.previousVisit),
                searchText: buildSearchText(v.titleKk, v.titleRu, v.titleEn, v.summaryKk, v.summaryRu, v.summaryEn, v.place, v.occasion),
              },
              relations: { hosts: [...hosts].sort(), sources: sourceKeys(file.key, v.sources) },
              writeRelations: async (client, visitId) => {
                await client.visitHost.deleteMany({ where: { visitId } });
                await client.visitHost.createMany({ data: hosts.map((partyId) => ({ visitId, partyId })) });
                await this.citations.replace(client, { visitId }, withArticle(file.key, v.sources));
              },
            });
          }
        }
        for (const file of files) {
          for (const m of file.memoranda) {
            const parties = m.parties.map((p) => ({ partyId: id(p.party)!, role: p.role }));
            const signatories = (m.signatories ?? []).map((s) => ({ personId: id(s.person)!, partyId: id(s.party) }));
            await record('memorandum', {
              seedKey: m.key,
              data: {
                kind: m.kind,
                titleKk: m.titleKk,
                titleRu: m.titleRu,
                titleEn: m.titleEn,
                summaryKk: m.summaryKk,
                summaryRu: m.summaryRu,
                summaryEn: m.summaryEn,
                signedOn: toDate(m.signedOn),
                signedOnPrecision: m.signedOnPrecision,
                spheres: m.spheres,
                quantity: m.quantity,
                validUntil: toDate(m.validUntil),
                visitId: id(m.visit),
                status: m.status,
                note: m.note,
                searchText: buildSearchText(m.titleKk, m.titleRu, m.titleEn, m.summaryKk, m.summaryRu, m.summaryEn),
              },
              relations: {
                parties: parties.map((p) => `${p.partyId}:${p.role}`).sort(),
                signatories: signatories.map((s) => `${s.personId}:${s.partyId ?? ''}`).sort(),
                sources: sourceKeys(file.key, m.sources),
              },
              writeRelations: async (client, memorandumId) => {
                await client.memorandumParty.deleteMany({ where: { memorandumId } });
                await client.memorandumParty.createMany({ data: parties.map((p) => ({ memorandumId, ...p })) });
                await client.memorandumSignatory.deleteMany({ where: { memorandumId } });
                await client.memorandumSignatory.createMany({ data: signatories.map((s) => ({ memorandumId, ...s })) });
                await this.citations.replace(client, { memorandumId }, withArticle(file.key, m.sources));
              },
            });
          }
        }
        for (const file of files) {
          for (const c of file.contracts) {
            const parties = c.parties.map((p) => ({ partyId: id(p.party)!, role: p.role }));
            await record('contract', {
              seedKey: c.key,
              data: {
                titleKk: c.titleKk,
                titleRu: c.titleRu,
                titleEn: c.titleEn,
                subjectKk: c.subjectKk,
                subjectRu: c.subjectRu,
                subjectEn: c.subjectEn,
                amount: c.amount,
                currency: c.currency,
                quantity: c.quantity,
                signedOn: toDate(c.signedOn),
                signedOnPrecision: c.signedOnPrecision,
                memorandumId: id(c.memorandum),
                visitId: id(c.visit),
                status: c.status,
                note: c.note,
                searchText: buildSearchText(c.titleKk, c.titleRu, c.titleEn, c.subjectKk, c.subjectRu, c.subjectEn),
              },
              relations: { parties: parties.map((p) => `${p.partyId}:${p.role}`).sort(), sources: sourceKeys(file.key, c.sources) },
              writeRelations: async (client, contractId) => {
                await client.contractParty.deleteMany({ where: { contractId } });
                await client.contractParty.createMany({ data: parties.map((p) => ({ contractId, ...p })) });
                await this.citations.replace(client, { contractId }, withArticle(file.key, c.sources));
              },
            });
          }
        }
        for (const file of files) {
          for (const u of file.followUps) {
            await record('followUp', {
              seedKey: u.key,
              data: {
                titleKk: u.titleKk,
                titleRu: u.titleRu,
                titleEn: u.titleEn,
                descriptionKk: u.descriptionKk,
                descriptionRu: u.descriptionRu,
                descriptionEn: u.descriptionEn,
                dueOn: toDate(u.dueOn),
                dueOnPrecision: u.dueOnPrecision,
                responsiblePartyId: id(u.responsibleParty),
                responsiblePersonId: id(u.responsiblePerson),
                visitId: id(u.visit),
                memorandumId: id(u.memorandum),
                contractId: id(u.contract),
                status: u.status,
                note: u.note,
                searchText: buildSearchText(u.titleKk, u.titleRu, u.titleEn, u.descriptionKk, u.descriptionRu, u.descriptionEn),
              },
              relations: { sources: sourceKeys(file.key, u.sources) },
              writeRelations: (client, followUpId) => this.citations.replace(client, { followUpId }, withArticle(file.key, u.sources)),
            });
          }
        }
        await this.retireDropped(tx, data, counts);
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
    this.logger.log(
      `Seed: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.keptStaffEdits} kept as staff edited them, ` +
        `${counts.retired} retired, ${counts.keptReferenced} no longer seeded but still referenced.`,
    );
    return counts;
  }

  private async upsertArticles(tx: Prisma.TransactionClient, data: SeedData): Promise<void> {
    for (const { meta, text } of data.articles) {
      const fields = {
        language: meta.language,
        title: meta.title,
        outlet: meta.outlet,
        url: meta.url,
        publishedOn: toDate(meta.publishedOn),
        publishedOnPrecision: meta.publishedOnPrecision,
        text,
        sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
        searchText: sourceSearchText(meta.title, meta.key),
      };
      await tx.sourceArticle.upsert({ where: { key: meta.key }, create: { key: meta.key, ...fields }, update: fields });
    }
  }

  private async upsert(tx: Prisma.TransactionClient, model: SeededModel, desired: Desired, counts: SeedCounts): Promise<string> {
    const delegate = tx[model] as unknown as {
      findUnique(args: object): Promise<(Record<string, unknown> & { id: string; version: number; seedVersion: number | null }) | null>;
      create(args: object): Promise<{ id: string }>;
      update(args: object): Promise<unknown>;
    };
    const existing = await delegate.findUnique({ where: { seedKey: desired.seedKey } });
    const entityType = ENTITY_TYPE[model];
    if (!existing) {
      const created = await delegate.create({ data: { ...desired.data, seedKey: desired.seedKey, seedVersion: 1, version: 1 } });
      await desired.writeRelations(tx, created.id);
      await this.history.recordChange(tx, {
        entityType,
        entityId: created.id,
        action: 'create',
        version: 1,
        changes: diffFields({}, { ...desired.data, ...desired.relations }, [...Object.keys(desired.data), ...Object.keys(desired.relations)]),
        actor: SEED_ACTOR,
      });
      counts.created += 1;
      return created.id;
    }
    if (existing.version !== existing.seedVersion) {
      counts.keptStaffEdits += 1;
      return existing.id;
    }
    // A record the seed retired (archived) comes back live when its key is in the seed data again.
    const data = { ...desired.data, archivedAt: null };
    const current = { ...existing, ...(await this.currentRelations(tx, model, existing.id)) };
    const fields = [...Object.keys(data), ...Object.keys(desired.relations)];
    const changes = diffFields(comparable(current), comparable({ ...data, ...desired.relations }), fields);
    if (Object.keys(changes).length === 0) {
      counts.unchanged += 1;
      return existing.id;
    }
    const version = existing.version + 1;
    await delegate.update({ where: { id: existing.id }, data: { ...data, version, seedVersion: version } });
    await desired.writeRelations(tx, existing.id);
    await this.history.recordChange(tx, { entityType, entityId: existing.id, action: 'update', version, changes, actor: SEED_ACTOR });
    counts.updated += 1;
    return existing.id;
  }

  /**
   * Retires seeded records whose key the seed data no longer has: archives them (a version like any change, recorded
   * in history as done by "seed"), with the same protection as updates: a record staff have edited since it was
   * seeded is left as it is. Dependants go first (follow-ups, contracts, memoranda, visits, people, parties), and a
   * record that live records still point at (staff's own, or ones staff kept) stays live, as the archive guard asks.
   */
  private async retireDropped(tx: Prisma.TransactionClient, data: SeedData, counts: SeedCounts): Promise<void> {
    const files = data.articles.map((article) => article.file);
    const keys: Record<SeededModel, string[]> = {
      followUp: files.flatMap((f) => f.followUps.map((u) => u.key)),
      contract: files.flatMap((f) => f.contracts.map((c) => c.key)),
      memorandum: files.flatMap((f) => f.memoranda.map((m) => m.key)),
      visit: files.flatMap((f) => f.visits.map((v) => v.key)),
      person: data.people.map((p) => p.key),
      party: data.parties.map((p) => p.key),
    };
    for (const model of ['followUp', 'contract', 'memorandum', 'visit', 'person', 'party'] as const) {
      const delegate = tx[model] as unknown as {
        findMany(args: object): Promise<{ id: string; seedKey: string; version: number; seedVersion: number | null }[]>;
        update(args: object): Promise<unknown>;
      };
      const dropped = await delegate.findMany({
        where: { seedKey: { notIn: keys[model] }, archivedAt: null, NOT: { seedKey: null } },
        select: { id: true, seedKey: true, version: true, seedVersion: true },
        orderBy: { seedKey: 'asc' },
      });
      for (const record of dropped) {
        if (record.version !== record.seedVersion) {
          counts.keptStaffEdits += 1;
          continue;
        }
        const references = await liveReferencesOf(tx, model, record.id);
        if (references > 0) {
          this.logger.warn(`Seed: ${model} ${record.seedKey} is no longer in the seed data but ${references} live records point at it; left live.`);
          counts.keptReferenced += 1;
          continue;
        }
        const version = record.version + 1;
        const archivedAt = new Date();
        await delegate.update({ where: { id: record.id }, data: { archivedAt, version, seedVersion: version } });
        await this.history.recordChange(tx, {
          entityType: ENTITY_TYPE[model],
          entityId: record.id,
          action: 'archive',
          version,
          changes: { archivedAt: { from: null, to: archivedAt.toISOString() } },
          actor: SEED_ACTOR,
        });
        counts.retired += 1;
      }
    }
  }

  private async currentRelations(tx: Prisma.TransactionClient, model: SeededModel, id: string): Promise<Record<string, string[]>> {
    const sources = async (where: Prisma.CitationWhereInput) =>
      (await tx.citation.findMany({ where, select: { quote: true, article: { select: { key: true } } } })).map((c) => `${c.article.key}|${c.quote}`).sort();
    switch (model) {
      case 'visit':
        return {
          hosts: (await tx.visitHost.findMany({ where: { visitId: id } })).map((h) => h.partyId).sort(),
          sources: await sources({ visitId: id }),
        };
      case 'memorandum':
        return {
          parties: (await tx.memorandumParty.findMany({ where: { memorandumId: id } })).map((p) => `${p.partyId}:${p.role}`).sort(),
          signatories: (await tx.memorandumSignatory.findMany({ where: { memorandumId: id } })).map((s) => `${s.personId}:${s.partyId ?? ''}`).sort(),
          sources: await sources({ memorandumId: id }),
        };
      case 'contract':
        return {
          parties: (await tx.contractParty.findMany({ where: { contractId: id } })).map((p) => `${p.partyId}:${p.role}`).sort(),
          sources: await sources({ contractId: id }),
        };
      case 'followUp':
        return { sources: await sources({ followUpId: id }) };
      default:
        return {};
    }
  }
}

/** Live records that point at this one (the links a retired record must not leave dangling). */
async function liveReferencesOf(tx: Prisma.TransactionClient, model: SeededModel, id: string): Promise<number> {
  const live = { archivedAt: null };
  switch (model) {
    case 'followUp':
      return 0;
    case 'contract':
      return tx.followUp.count({ where: { ...live, contractId: id } });
    case 'memorandum':
      return (await tx.contract.count({ where: { ...live, memorandumId: id } })) + (await tx.followUp.count({ where: { ...live, memorandumId: id } }));
    case 'visit':
      return (
        (await tx.visit.count({ where: { ...live, previousVisitId: id } })) +
        (await tx.memorandum.count({ where: { ...live, visitId: id } })) +
        (await tx.contract.count({ where: { ...live, visitId: id } })) +
        (await tx.followUp.count({ where: { ...live, visitId: id } }))
      );
    case 'person':
    case 'party':
      return Object.values(await liveReferencesTo(tx, model, id)).reduce((sum, count) => sum + count, 0);
  }
}

function toDate(value: string | null | undefined): Date | null {
  return value ? new Date(`${value}T00:00:00Z`) : null;
}

function withArticle(article: string, sources: SeedSource[]) {
  return sources.map((source) => ({ article, quote: source.quote }));
}

function sourceKeys(article: string, sources: SeedSource[]): string[] {
  return sources.map((source) => `${article}|${source.quote}`).sort();
}

/** Dates as YYYY-MM-DD and decimals as plain strings, so stored and seeded values compare equal. */
function comparable(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => {
      if (value instanceof Date) return [key, value.toISOString().slice(0, 10)];
      if (value && typeof value === 'object' && 'toFixed' in value) return [key, (value as { toFixed(n: number): string }).toFixed(2)];
      if (key === 'amount' && typeof value === 'string') return [key, Number(value).toFixed(2)];
      return [key, value];
    }),
  );
}

/** Items ordered so that each comes after the one it refers to (a parent party, an earlier visit). */
function inDependencyOrder<T>(items: T[], keyOf: (item: T) => string, dependsOn: (item: T) => string | null, what: string): T[] {
  const byKey = new Map(items.map((item) => [keyOf(item), item]));
  const ordered: T[] = [];
  const placed = new Set<string>();
  const place = (key: string, trail: string[]) => {
    if (placed.has(key)) return;
    if (trail.includes(key)) throw new Error(`${what} refer to each other in a cycle: ${[...trail, key].join(' → ')}`);
    const item = byKey.get(key)!;
    const dependency = dependsOn(item);
    if (dependency) place(dependency, [...trail, key]);
    placed.add(key);
    ordered.push(item);
  };
  items.forEach((item) => place(keyOf(item), []));
  return ordered;
}
