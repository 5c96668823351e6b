import { Module } from '@nestjs/common';
import { DomainModule } from '../domain/domain.module.js';
import { PartiesController } from './parties.controller.js';
import { PartiesService } from './parties.service.js';
import { PeopleController } from './people.controller.js';
import { PeopleService } from './people.service.js';

@Module({
  imports: [DomainModule],
  controllers: [PartiesController, PeopleController],
  providers: [PartiesService, PeopleService],
  exports: [PartiesService, PeopleService],
})
export class PartiesModule {}
