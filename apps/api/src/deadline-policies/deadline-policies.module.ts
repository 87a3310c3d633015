/** The deadline policy feature: published versions and their audited migration to open cases. */
import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { IdempotencyInterceptor } from '../cases/idempotency/idempotency.interceptor';
import {
  CaseDeadlinePolicyController,
  DeadlinePoliciesController,
  PolicyMigrationsController,
} from './deadline-policies.controller';
import { DeadlinePolicyService } from './deadline-policy.service';
import { PolicyMigrationService } from './policy-migration.service';

@Module({
  imports: [CasesModule],
  controllers: [DeadlinePoliciesController, PolicyMigrationsController, CaseDeadlinePolicyController],
  providers: [DeadlinePolicyService, PolicyMigrationService, IdempotencyInterceptor],
})
export class DeadlinePoliciesModule {}
