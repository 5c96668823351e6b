import { Module } from '@nestjs/common';
import { MentionsService } from './mentions.service.js';
import { SourcesController } from './sources.controller.js';
import { SourcesService } from './sources.service.js';

/** Source articles: adding and correcting them, reading them, and what their text names. CitationsService, which writes citations, lives in DomainModule. */
@Module({
  controllers: [SourcesController],
  providers: [SourcesService, MentionsService],
  exports: [SourcesService, MentionsService],
})
export class SourcesModule {}
