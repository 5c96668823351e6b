import type { ActionContext, ActionRequest, ActionResponse, RecordActionResponse, ResourceOptions, ResourceWithOptions } from 'adminjs';
import { WEBHOOK_EVENT_PATTERNS } from '../../webhooks/webhook-events.js';
import { WebhooksService } from '../../webhooks/webhooks.service.js';
import { actorOf, isAdmin, nobody, panelUserOf } from '../access.js';
import { refused } from '../staff-actions.js';
import { hidden, NAV, type PanelContext, showOnly } from './common.js';
import { adminResource } from './staff.resource.js';

const adminOnly = { isAccessible: isAdmin };
const readOnly = { edit: { isAccessible: nobody, isVisible: false }, bulkDelete: { isAccessible: nobody, isVisible: false } };

/** Webhook subscriptions of every API key: admins only. Deleting one stops its deliveries (WebhooksService). */
export function webhookSubscriptionResource(panel: PanelContext): ResourceWithOptions {
  const webhooks = panel.get(WebhooksService);
  return adminResource(panel, 'WebhookSubscription', {
    navigation: NAV.administration,
    titleProperty: 'url',
    properties: { secret: hidden, id: showOnly, events: { isArray: true } },
    listProperties: ['url', 'events', 'apiKey', 'createdAt'],
    filterProperties: ['url', 'apiKey'],
    showProperties: ['url', 'events', 'apiKey', 'createdBy', 'createdAt', 'id'],
    actions: {
      ...readOnly,
      list: adminOnly,
      search: adminOnly,
      show: adminOnly,
      new: {
        ...adminOnly,
        // A form that shows the generated secret once, after the POST: it is never shown again (only used to sign).
        component: 'CreateWebhook',
        custom: { eventPatterns: WEBHOOK_EVENT_PATTERNS },
        handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
          if (request.method !== 'post') return {};
          const params = request.payload ?? {};
          // The form sends the chosen patterns joined by commas (no pattern contains one).
          const events = String(params.events ?? '')
            .split(',')
            .map((event) => event.trim())
            .filter(Boolean);
          try {
            const created = await webhooks.create(actorOf(panelUserOf(context)!), { url: String(params.url ?? '').trim(), events });
            return {
              record: { id: created.id, params: { url: created.url, events: created.events.join(', '), secret: created.secret }, populated: {}, errors: {} },
              notice: { message: 'webhookCreated', type: 'success' },
            };
          } catch (error) {
            return refused(error, { params }, context);
          }
        },
      },
      // The subscription's own delivery log: the delivery list filtered by it (a link; it changes nothing).
      deliveries: {
        ...adminOnly,
        actionType: 'record',
        icon: 'List',
        component: false,
        handler: (_request: ActionRequest, _response: unknown, context: ActionContext): RecordActionResponse => ({
          record: context.record!.toJSON(context.currentAdmin),
          redirectUrl: context.h.resourceUrl({
            resourceId: 'WebhookDelivery',
            search: `?${new URLSearchParams({ 'filters.subscription': context.record!.id() }).toString()}`,
          }),
        }),
      },
      delete: {
        ...adminOnly,
        handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<RecordActionResponse> => {
          const record = context.record!;
          if (request.method !== 'post') return { record: record.toJSON(context.currentAdmin) };
          await webhooks.delete(record.id());
          return {
            record: record.toJSON(context.currentAdmin),
            redirectUrl: context.h.resourceActionUrl({ resourceId: context.resource.id(), actionName: 'list' }),
            notice: { message: 'successfullyDeleted', type: 'success' },
          };
        },
      },
    } satisfies ResourceOptions['actions'],
  });
}

/** The delivery log: each event sent to each subscription, its status, attempts and last answer; "redeliver" sends it again. */
export function webhookDeliveryResource(panel: PanelContext): ResourceWithOptions {
  const webhooks = panel.get(WebhooksService);
  return adminResource(panel, 'WebhookDelivery', {
    navigation: NAV.administration,
    titleProperty: 'eventType',
    properties: { payload: { type: 'mixed', isVisible: { list: false, filter: false, show: true, edit: false } } },
    sort: { sortBy: 'id', direction: 'desc' },
    listProperties: ['id', 'subscription', 'eventType', 'status', 'attempts', 'lastStatusCode', 'nextAttemptAt', 'deliveredAt'],
    filterProperties: ['subscription', 'eventType', 'status'],
    showProperties: [
      'subscription',
      'eventId',
      'eventType',
      'status',
      'attempts',
      'lastStatusCode',
      'lastError',
      'nextAttemptAt',
      'giveUpAt',
      'deliveredAt',
      'createdAt',
      'payload',
    ],
    actions: {
      ...readOnly,
      list: adminOnly,
      search: adminOnly,
      show: adminOnly,
      new: { isAccessible: nobody, isVisible: false },
      delete: { isAccessible: nobody, isVisible: false },
      redeliver: {
        ...adminOnly,
        actionType: 'record',
        icon: 'RefreshCw',
        // A page with a button that POSTs: a GET (a link on any site) must not send anything.
        component: 'ConfirmRecordAction',
        showInDrawer: false,
        custom: { message: 'confirmRedeliver' },
        handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<RecordActionResponse> => {
          const record = context.record!;
          if (request.method !== 'post') return { record: record.toJSON(context.currentAdmin) };
          await webhooks.redeliver(BigInt(record.id()));
          return {
            record: record.toJSON(context.currentAdmin),
            redirectUrl: context.h.recordActionUrl({ resourceId: context.resource.id(), recordId: record.id(), actionName: 'show' }),
            notice: { message: 'webhookRedelivered', type: 'success' },
          };
        },
      },
    } satisfies ResourceOptions['actions'],
  });
}
