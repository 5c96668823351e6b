import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '../domain/actor.js';
import type { AuthenticatedRequest } from './api-key.guard.js';

/** The authenticated caller, set by ApiKeyGuard. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
});
