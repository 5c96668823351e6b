import { type CanActivate, type ExecutionContext, HttpStatus, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ApiScope } from '@prisma/client';
import type { Request, Response } from 'express';
import type { Actor } from '../domain/actor.js';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';
import { ApiKeysService } from './api-keys.service.js';

const SCOPE_METADATA = 'kelisim:required-scope';

/** The scope a route needs. GET/HEAD routes default to `read`, everything else to `write`. */
export const RequiredScope = (scope: ApiScope) => SetMetadata(SCOPE_METADATA, scope);

export interface AuthenticatedRequest extends Request {
  actor: Actor;
}

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="kelisim"');
      throw ProblemException.of(
        HttpStatus.UNAUTHORIZED,
        ProblemType.unauthorized,
        'Send an API key as "Authorization: Bearer <key>". Keys are issued with `npm run cli -- api-key create`.',
      );
    }
    const key = await this.apiKeys.authenticate(match[1]);
    if (!key) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="kelisim", error="invalid_token"');
      throw ProblemException.of(HttpStatus.UNAUTHORIZED, ProblemType.unauthorized, 'The API key is unknown or has been revoked.');
    }
    const required =
      this.reflector.getAllAndOverride<ApiScope | undefined>(SCOPE_METADATA, [context.getHandler(), context.getClass()]) ??
      (['GET', 'HEAD'].includes(request.method) ? 'read' : 'write');
    if (!key.scopes.includes(required)) {
      throw ProblemException.of(HttpStatus.FORBIDDEN, ProblemType.forbidden, `This API key lacks the "${required}" scope needed here.`);
    }
    request.actor = { type: 'api_key', id: key.id, name: `api-key:${key.name}`, scopes: key.scopes, regionPartyId: null };
    return true;
  }
}
