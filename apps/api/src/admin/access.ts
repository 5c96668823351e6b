import type { AdminRole, Language } from '@prisma/client';
import type { Actor } from '../domain/actor.js';

/** What the session keeps about the logged-in staff member (AdminJS's `currentAdmin`). */
export interface PanelUser {
  id: string;
  email: string;
  name: string | null;
  role: AdminRole;
  regionPartyId: string | null;
  locale: Language;
  /** AdminJS shows it in the top bar. */
  title?: string;
}

interface AccessContext {
  currentAdmin?: unknown;
}

export function panelUserOf(context: AccessContext | undefined): PanelUser | undefined {
  const user = context?.currentAdmin as PanelUser | undefined;
  return user?.id && user.role ? user : undefined;
}

/** The actor domain services record in history and check permissions against. */
export function actorOf(user: PanelUser): Actor {
  return { type: 'user', id: user.id, name: user.name || user.email, role: user.role, regionPartyId: user.regionPartyId };
}

export const isAdmin = (context: AccessContext) => panelUserOf(context)?.role === 'admin';
export const mayEditRecords = (context: AccessContext) => ['admin', 'editor'].includes(panelUserOf(context)?.role ?? '');
export const mayRead = (context: AccessContext) => !!panelUserOf(context);
export const nobody = () => false;
