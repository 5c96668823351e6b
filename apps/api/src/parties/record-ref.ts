import type { NameDto } from '../http/common.dto.js';
import type { RecordRefDto } from './party.dto.js';

/** Prisma select of what a response needs to name a party or person. */
export const NAME_SELECT = { id: true, nameKk: true, nameRu: true, nameEn: true } as const;

interface Named {
  id: string;
  nameKk: string | null;
  nameRu: string | null;
  nameEn: string | null;
}

export function nameOf(record: Omit<Named, 'id'>): NameDto {
  return { kk: record.nameKk, ru: record.nameRu, en: record.nameEn };
}

export function toRef(record: Named | null): RecordRefDto | null {
  return record ? { id: record.id, name: nameOf(record) } : null;
}

/** The name a CSV cell shows: Russian first, as staff read the register mostly in Russian. */
export function displayName(name: NameDto | undefined | null): string | null {
  return name ? (name.ru ?? name.kk ?? name.en) : null;
}

/** A record's parties with the role each plays, named (memoranda, contracts). */
export function partiesInRoles<Role>(parties: { partyId: string; role: Role; party: Omit<Named, 'id'> }[]) {
  return parties.map((party) => ({ partyId: party.partyId, role: party.role, name: nameOf(party.party) }));
}
