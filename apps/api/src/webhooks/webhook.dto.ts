import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { MAX_SUBSCRIPTION_EVENTS, PRINTABLE_SECRET, SECRET_LENGTH, WEBHOOK_EVENT_PATTERNS } from './webhook-events.js';
import { MAX_WEBHOOK_URL_LENGTH } from './webhook-target.js';

export class WebhookDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'https://crm.example.kz/kelisim-events' })
  url: string;

  @ApiProperty({ type: [String], example: ['memorandum.*', 'follow_up.overdue'] })
  events: string[];

  @ApiProperty({ format: 'date-time' })
  createdAt: Date;
}

export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({
    description: 'The signing secret: shown in this answer only. Verify each delivery’s Kelisim-Signature with it.',
    example: 'whsec_3q2-7wE…',
  })
  secret: string;
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookDto], description: 'The subscriptions of this API key, oldest first. Secrets are never shown again.' })
  data: WebhookDto[];
}

export class CreateWebhookDto {
  @ApiProperty({
    maxLength: MAX_WEBHOOK_URL_LENGTH,
    description: 'Where events are POSTed. In production an https URL whose name resolves to public addresses only (checked now and on every delivery).',
    example: 'https://crm.example.kz/kelisim-events',
  })
  @IsString()
  @MaxLength(MAX_WEBHOOK_URL_LENGTH)
  url: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', enum: WEBHOOK_EVENT_PATTERNS },
    minItems: 1,
    maxItems: MAX_SUBSCRIPTION_EVENTS,
    description: 'Event types to receive: a type (`follow_up.overdue`), `<recordType>.*`, `*.<verb>`, or `*` for all.',
    example: ['memorandum.*', 'follow_up.overdue'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SUBSCRIPTION_EVENTS)
  @IsIn(WEBHOOK_EVENT_PATTERNS, { each: true, message: 'each value in events must be an event type, <recordType>.*, *.<verb> or *' })
  events: string[];

  @ApiPropertyOptional({
    minLength: SECRET_LENGTH.min,
    maxLength: SECRET_LENGTH.max,
    description: 'Your own signing secret (printable ASCII); one is generated when left out.',
  })
  @IsOptional()
  @IsString()
  @MinLength(SECRET_LENGTH.min)
  @MaxLength(SECRET_LENGTH.max)
  @Matches(PRINTABLE_SECRET, { message: 'secret must be printable ASCII without spaces' })
  secret?: string;
}
