/**
 * Cases over HTTP: the officer commands (to the case workflows) and the queries (from the read models).
 * Uses the global platform (auth, problems, metrics) and infrastructure (PostgreSQL, Temporal) modules.
 */
import { Module } from '@nestjs/common';
import { CataloguesModule } from '../catalogues/catalogues.module';
import { CaseCommandService } from './commands/case-command.service';
import { CaseCommandsController } from './commands/case-commands.controller';
import { RouteCommandsController } from './commands/route-commands.controller';
import { CaseDeadlinesController } from './queries/case-deadlines.controller';
import { CasePolicies } from './queries/case-policy';
import { CaseQueriesController } from './queries/case-queries.controller';
import { CaseQueryService } from './queries/case-query.service';
import { DeadlineMetrics } from './queries/deadline-metrics';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';

@Module({
  imports: [CataloguesModule],
  controllers: [
    CaseCommandsController,
    RouteCommandsController,
    CaseQueriesController,
    CaseDeadlinesController,
  ],
  providers: [CaseCommandService, CaseQueryService, CasePolicies, DeadlineMetrics, IdempotencyInterceptor],
  exports: [CaseCommandService],
})
export class CasesModule {}
