import type { AdminRole, ApiScope } from '@prisma/client';

/** Who is acting: recorded in history and used for permission checks, whichever door the request came through. */
export interface Actor {
  type: 'user' | 'api_key' | 'system';
  id: string | null;
  name: string;
  /** Admin users only. */
  role?: AdminRole;
  /** API keys only. */
  scopes?: ApiScope[];
  /** Set for an editor who may only change records of this region (or parties under it). */
  regionPartyId?: string | null;
}
