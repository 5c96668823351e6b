import { HttpStatus } from '@nestjs/common';
import type { AdminRole, ApiScope, Language } from '@prisma/client';
import type { ActionContext, ActionRequest, ActionResponse, RecordActionResponse, ResourceOptions } from 'adminjs';
import type { AdminUsersService } from '../auth/admin-users.service.js';
import type { ApiKeysService } from '../auth/api-keys.service.js';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';
import { isAdmin, nobody, panelUserOf } from './access.js';
import { localizeFieldErrors, localizeMessage, panelFieldLabels } from './field-messages.js';

const adminOnly = { isAccessible: isAdmin };
const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);

/** Staff accounts: admins only. Passwords are hashed by AdminUsersService; accounts are disabled, never deleted. */
export function adminUserActions(users: AdminUsersService): ResourceOptions['actions'] {
  return {
    list: adminOnly,
    search: adminOnly,
    show: adminOnly,
    new: {
      ...adminOnly,
      handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
        if (request.method !== 'post') return {};
        const params = request.payload ?? {};
        try {
          const user = await users.create({
            email: String(params.email ?? ''),
            password: String(params.password ?? ''),
            role: String(params.role ?? '') as AdminRole,
            name: text(params.name),
            regionPartyId: text(params.regionParty),
            locale: (text(params.locale) ?? 'ru') as Language,
          });
          return {
            redirectUrl: context.h.recordActionUrl({ resourceId: context.resource.id(), recordId: user.id, actionName: 'show' }),
            notice: { message: 'successfullyCreated', type: 'success' },
          };
        } catch (error) {
          return refused(error, { params: { ...params, password: '' } }, context);
        }
      },
    },
    edit: {
      ...adminOnly,
      handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<RecordActionResponse> => {
        const record = context.record!;
        if (request.method !== 'post') return { record: record.toJSON(context.currentAdmin) };
        const params = request.payload ?? {};
        try {
          const disabledAt = text(params.disabledAt);
          await users.update(
            record.id(),
            {
              email: text(params.email) ?? undefined,
              password: text(params.password),
              role: (text(params.role) ?? undefined) as AdminRole | undefined,
              name: text(params.name),
              regionPartyId: text(params.regionParty),
              locale: (text(params.locale) ?? 'ru') as Language,
              disabledAt: disabledAt ? new Date(disabledAt) : null,
            },
            panelUserOf(context)!.id,
          );
          return {
            redirectUrl: context.h.recordActionUrl({ resourceId: context.resource.id(), recordId: record.id(), actionName: 'show' }),
            notice: { message: 'successfullyUpdated', type: 'success' },
            record: record.toJSON(context.currentAdmin),
          };
        } catch (error) {
          return refused(error, { ...record.toJSON(context.currentAdmin), params: { ...params, password: '' } }, context);
        }
      },
    },
    delete: { isAccessible: nobody, isVisible: false },
    bulkDelete: { isAccessible: nobody, isVisible: false },
  };
}

/** API keys: admins only; the secret is shown once, on creation, and never stored. Keys are revoked, not deleted. */
export function apiKeyActions(apiKeys: ApiKeysService): ResourceOptions['actions'] {
  return {
    list: adminOnly,
    search: adminOnly,
    show: adminOnly,
    new: {
      ...adminOnly,
      component: 'CreateApiKey',
      handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
        if (request.method !== 'post') return {};
        const params = request.payload ?? {};
        try {
          const scope = String(params.scope ?? 'read') as ApiScope;
          if (!['read', 'write'].includes(scope)) throw ProblemException.validation([{ field: 'scope', message: 'scope must be read or write' }]);
          const { key, secret } = await apiKeys.create(String(params.name ?? ''), scope, panelUserOf(context)!.id);
          return {
            record: { id: key.id, params: { name: key.name, prefix: key.prefix, secret }, populated: {}, errors: {} },
            notice: { message: 'apiKeyCreated', type: 'success' },
          };
        } catch (error) {
          return refused(error, { params }, context);
        }
      },
    },
    revoke: {
      ...adminOnly,
      actionType: 'record',
      icon: 'Slash',
      // A page with a button that POSTs: a GET (a link on any site) must not revoke a key.
      component: 'ConfirmRecordAction',
      showInDrawer: false,
      custom: { message: 'confirmRevoke' },
      isVisible: (context: ActionContext) => !context.record?.params.revokedAt,
      handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<RecordActionResponse> => {
        const record = context.record!;
        if (request.method !== 'post') return { record: record.toJSON(context.currentAdmin) };
        await apiKeys.revoke(String(record.params.name));
        return {
          record: record.toJSON(context.currentAdmin),
          redirectUrl: context.h.recordActionUrl({ resourceId: context.resource.id(), recordId: record.id(), actionName: 'show' }),
          notice: { message: 'apiKeyRevoked', type: 'success' },
        };
      },
    },
    edit: { isAccessible: nobody, isVisible: false },
    delete: { isAccessible: nobody, isVisible: false },
    bulkDelete: { isAccessible: nobody, isVisible: false },
  };
}

/** A refused form of an admin page (an account, a key, a webhook): the reasons under the fields, in the admin's language (field-messages.ts). */
export async function refused(error: unknown, record: Record<string, unknown>, context: ActionContext): Promise<RecordActionResponse> {
  if (!(error instanceof ProblemException)) throw error;
  const locale = panelUserOf(context)?.locale ?? 'ru';
  const labels = await panelFieldLabels(locale, context.resource.id());
  const errors: Record<string, { message: string }> = {};
  // The service names the region `region`; the form's field is the relation `regionParty`.
  for (const fieldError of localizeFieldErrors(error.problem.errors ?? [], locale, (field) => labels(field === 'region' ? 'regionParty' : field))) {
    errors[fieldError.field === 'region' ? 'regionParty' : fieldError.field] ??= { message: fieldError.message };
  }
  const message =
    error.problem.status === Number(HttpStatus.CONFLICT) || error.problem.type === ProblemType.conflict
      ? localizeMessage(error.problem.detail ?? '', locale)
      : 'thereWereValidationErrors';
  return { record: { id: '', populated: {}, ...record, errors } as never, notice: { message, type: 'error' } };
}
