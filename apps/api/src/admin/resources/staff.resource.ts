import type { ResourceWithOptions } from 'adminjs';
import { AdminUsersService } from '../../auth/admin-users.service.js';
import { ApiKeysService } from '../../auth/api-keys.service.js';
import { adminUserActions, apiKeyActions } from '../staff-actions.js';
import { hidden, modelOf, NAV, type PanelContext, showOnly } from './common.js';

export function adminResource(panel: PanelContext, model: string, options: ResourceWithOptions['options']): ResourceWithOptions {
  return { resource: new panel.Resource({ model: modelOf(panel, model), client: panel.prisma, clientModule: { Prisma: { dmmf: panel.dmmf } } }), options };
}

/** Staff accounts, through AdminUsersService (the same checks as the CLI). */
export function adminUserResource(panel: PanelContext): ResourceWithOptions {
  return adminResource(panel, 'AdminUser', {
    navigation: NAV.administration,
    titleProperty: 'email',
    properties: {
      passwordHash: hidden,
      password: { type: 'password', isVisible: { list: false, filter: false, show: false, edit: true } },
      id: showOnly,
      regionParty: { reference: 'Party' },
    },
    listProperties: ['email', 'name', 'role', 'regionParty', 'locale', 'lastLoginAt', 'disabledAt'],
    filterProperties: ['email', 'name', 'role', 'regionParty'],
    showProperties: ['email', 'name', 'role', 'regionParty', 'locale', 'lastLoginAt', 'disabledAt', 'createdAt', 'updatedAt', 'id'],
    editProperties: ['email', 'name', 'password', 'role', 'regionParty', 'locale', 'disabledAt'],
    actions: adminUserActions(panel.get(AdminUsersService)),
  });
}

export function apiKeyResource(panel: PanelContext): ResourceWithOptions {
  return adminResource(panel, 'ApiKey', {
    navigation: NAV.administration,
    titleProperty: 'name',
    properties: {
      secretHash: hidden,
      id: showOnly,
      scopes: { isArray: true },
      scope: {
        type: 'string',
        availableValues: [
          { value: 'read', label: 'read' },
          { value: 'write', label: 'write' },
        ],
        isVisible: { list: false, filter: false, show: false, edit: true },
      },
    },
    listProperties: ['name', 'prefix', 'scopes', 'createdBy', 'createdAt', 'lastUsedAt', 'revokedAt'],
    filterProperties: ['name', 'prefix', 'createdBy'],
    showProperties: ['name', 'prefix', 'scopes', 'createdBy', 'createdAt', 'lastUsedAt', 'revokedAt', 'id'],
    editProperties: ['name', 'scope'],
    actions: apiKeyActions(panel.get(ApiKeysService)),
  });
}
