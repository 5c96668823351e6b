import { Module } from '@nestjs/common';
import { ProblemPagesController } from './problem-pages.controller.js';

/** The pages problem types resolve to. */
@Module({ controllers: [ProblemPagesController] })
export class ProblemsModule {}
