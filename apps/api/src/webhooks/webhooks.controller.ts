import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtension, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiKeyGuard, RequiredScope } from '../auth/api-key.guard.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { Actor } from '../domain/actor.js';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor.js';
import { ApiIdempotencyKey, ApiProblems, UuidParam } from '../http/openapi.js';
import { CreatedWebhookDto, CreateWebhookDto, WebhookDto, WebhookListDto } from './webhook.dto.js';
import { WebhooksService } from './webhooks.service.js';

const ID_PARAM = ApiParam({ name: 'id', format: 'uuid', description: 'The subscription’s id.' });

/** Webhook subscriptions of the calling API key. Managing them needs the write scope, also to read them. */
@ApiTags('webhooks')
@ApiBearerAuth()
// Said in the document, since GETs elsewhere need only the read scope (a client and the authorization matrix read it).
@ApiExtension('x-required-scope', 'write')
@ApiProblems(400, 401, 403, 429, 503)
@UseGuards(ApiKeyGuard)
@RequiredScope('write')
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({
    summary: 'Subscribe a URL to change events',
    description:
      'Each matching event is POSTed as JSON with `Kelisim-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` and ' +
      '`Kelisim-Event-Id`, at least once, retried with backoff for 24 h until the receiver answers 2xx. The secret is in this answer only.',
  })
  @ApiCreatedResponse({ type: CreatedWebhookDto, headers: { Location: { description: 'The path of the subscription.', schema: { type: 'string' } } } })
  // A retry with the same key gets the first answer, secret included, and creates no second subscription. (Above
  // ApiProblems: decorators apply bottom-up, and the idempotency 409 joins the route's own.)
  @ApiIdempotencyKey()
  @ApiProblems(409)
  @UseInterceptors(IdempotencyInterceptor)
  async create(@CurrentActor() actor: Actor, @Body() body: CreateWebhookDto, @Res({ passthrough: true }) response: Response): Promise<CreatedWebhookDto> {
    const created = await this.webhooks.create(actor, body);
    response.setHeader('Location', `/api/v1/webhooks/${created.id}`);
    return created;
  }

  @Get()
  @ApiOperation({ summary: 'The webhook subscriptions of this API key' })
  @ApiOkResponse({ type: WebhookListDto })
  async list(@CurrentActor() actor: Actor): Promise<WebhookListDto> {
    return { data: await this.webhooks.listOfKey(actor.id!) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One webhook subscription of this API key (without its secret)' })
  @ID_PARAM
  @ApiOkResponse({ type: WebhookDto })
  @ApiProblems(404)
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<WebhookDto> {
    return this.webhooks.getOfKey(actor.id!, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook subscription: nothing more is sent to it, not even pending deliveries' })
  @ID_PARAM
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(404)
  async remove(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<void> {
    await this.webhooks.deleteOfKey(actor.id!, id);
  }
}
