import type { Prisma } from '@prisma/client';
import { formatDate } from './dates.js';

/**
 * The short forms of related records that `?include=` embeds: enough to show a link's title and state without a
 * second request, and the same shape whichever resource embeds them.
 */
export type CompactRecord = Record<string, unknown>;

const TITLED = { id: true, titleKk: true, titleRu: true, titleEn: true, status: true } as const;
const VISIT_SELECT = { ...TITLED, startDate: true, startDatePrecision: true, visitingPartyId: true } satisfies Prisma.VisitSelect;
const MEMORANDUM_SELECT = { ...TITLED, kind: true, signedOn: true, signedOnPrecision: true } satisfies Prisma.MemorandumSelect;
const CONTRACT_SELECT = { ...TITLED, amount: true, currency: true } satisfies Prisma.ContractSelect;
const FOLLOW_UP_SELECT = { ...TITLED, dueOn: true, dueOnPrecision: true } satisfies Prisma.FollowUpSelect;
const LIVE_IN_ORDER = { orderBy: { createdAt: 'asc' } } as const;

/** The related record `id` points to, or null when there is none. */
export function linked(records: Map<string, CompactRecord>, id: string | null | undefined): CompactRecord | null {
  return id ? (records.get(id) ?? null) : null;
}

export async function visitsById(client: Prisma.TransactionClient, ids: (string | null)[]): Promise<Map<string, CompactRecord>> {
  const visits = await client.visit.findMany({ where: { id: { in: present(ids) } }, select: VISIT_SELECT });
  return new Map(visits.map((visit) => [visit.id, { ...visit, startDate: formatDate(visit.startDate) }]));
}

export async function memorandaById(client: Prisma.TransactionClient, ids: (string | null)[]): Promise<Map<string, CompactRecord>> {
  const memoranda = await client.memorandum.findMany({ where: { id: { in: present(ids) } }, select: MEMORANDUM_SELECT });
  return new Map(memoranda.map((memorandum) => [memorandum.id, { ...memorandum, signedOn: formatDate(memorandum.signedOn) }]));
}

export async function contractsById(client: Prisma.TransactionClient, ids: (string | null)[]): Promise<Map<string, CompactRecord>> {
  const contracts = await client.contract.findMany({ where: { id: { in: present(ids) } }, select: CONTRACT_SELECT });
  return new Map(contracts.map((contract) => [contract.id, compactContract(contract)]));
}

/** Live memoranda signed at each of the visits, oldest first. */
export async function memorandaOfVisits(client: Prisma.TransactionClient, visitIds: string[]): Promise<Map<string, CompactRecord[]>> {
  const memoranda = await client.memorandum.findMany({
    where: { visitId: { in: visitIds }, archivedAt: null },
    select: { ...MEMORANDUM_SELECT, visitId: true },
    ...LIVE_IN_ORDER,
  });
  return groupBy(
    memoranda,
    (memorandum) => memorandum.visitId,
    ({ visitId: _visitId, signedOn, ...rest }) => ({ ...rest, signedOn: formatDate(signedOn) }),
  );
}

/** Live contracts under each of the visits or memoranda (`link` says which), oldest first. */
export async function contractsOf(
  client: Prisma.TransactionClient,
  link: 'visitId' | 'memorandumId',
  ownerIds: string[],
): Promise<Map<string, CompactRecord[]>> {
  const where: Prisma.ContractWhereInput = { archivedAt: null };
  where[link] = { in: ownerIds };
  const contracts = await client.contract.findMany({ where, select: { ...CONTRACT_SELECT, visitId: true, memorandumId: true }, ...LIVE_IN_ORDER });
  return groupBy(
    contracts,
    (contract) => contract[link],
    ({ visitId: _visitId, memorandumId: _memorandumId, ...rest }) => compactContract(rest),
  );
}

/** Live follow-ups of each of the visits, memoranda or contracts (`link` says which), oldest first. */
export async function followUpsOf(
  client: Prisma.TransactionClient,
  link: 'visitId' | 'memorandumId' | 'contractId',
  ownerIds: string[],
): Promise<Map<string, CompactRecord[]>> {
  const where: Prisma.FollowUpWhereInput = { archivedAt: null };
  where[link] = { in: ownerIds };
  const followUps = await client.followUp.findMany({
    where,
    select: { ...FOLLOW_UP_SELECT, visitId: true, memorandumId: true, contractId: true },
    ...LIVE_IN_ORDER,
  });
  return groupBy(
    followUps,
    (followUp) => followUp[link],
    ({ visitId: _visitId, memorandumId: _memorandumId, contractId: _contractId, dueOn, ...rest }) => ({ ...rest, dueOn: formatDate(dueOn) }),
  );
}

/** Amounts as exact two-decimal strings, as every contract response shows them. */
function compactContract<T extends { amount: Prisma.Decimal | null }>(contract: T): CompactRecord {
  return { ...contract, amount: contract.amount?.toFixed(2) ?? null };
}

function present(ids: (string | null)[]): string[] {
  return ids.filter((id): id is string => !!id);
}

function groupBy<T>(rows: T[], ownerOf: (row: T) => string | null, view: (row: T) => CompactRecord): Map<string, CompactRecord[]> {
  const groups = new Map<string, CompactRecord[]>();
  for (const row of rows) {
    const owner = ownerOf(row);
    if (owner) groups.set(owner, [...(groups.get(owner) ?? []), view(row)]);
  }
  return groups;
}

/** One `?include=` embed: fills a field of each DTO from one batched query (no query per record). */
export type Embed<Dto> = (client: Prisma.TransactionClient, dtos: Dto[]) => Promise<void>;

/** Embeds the record each DTO links to by `idField` (a visit's previous visit, a follow-up's memorandum) as `field`. */
export function embedLinked<Dto>(
  field: keyof Dto & string,
  idField: keyof Dto & string,
  load: (client: Prisma.TransactionClient, ids: (string | null)[]) => Promise<Map<string, CompactRecord>>,
): Embed<Dto> {
  return async (client, dtos) => {
    const idOf = (dto: Dto) => (dto as Record<string, unknown>)[idField] as string | null;
    const records = await load(client, dtos.map(idOf));
    for (const dto of dtos) (dto as Record<string, unknown>)[field] = linked(records, idOf(dto));
  };
}

/** Embeds the live records that point at each DTO (a memorandum's contracts) as `field`, oldest first. */
export function embedOwned<Dto extends { id: string }>(
  field: keyof Dto & string,
  load: (client: Prisma.TransactionClient, ownerIds: string[]) => Promise<Map<string, CompactRecord[]>>,
): Embed<Dto> {
  return async (client, dtos) => {
    const records = await load(
      client,
      dtos.map((dto) => dto.id),
    );
    for (const dto of dtos) (dto as Record<string, unknown>)[field] = records.get(dto.id) ?? [];
  };
}
