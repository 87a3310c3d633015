/**
 * Deadline policy versions and their audited migration (issue #12): administrators publish corrected
 * versions; supervisors and auditors read them; an administrator moves one open case
 * (POST /cases/{id}/deadline-policy, a MigrateDeadlinePolicy command with If-Match and Idempotency-Key like
 * every command) or every open case of their scope (POST /policy-migrations, idempotent) to a version.
 */
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Res, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type CaseState, DomainError } from '@netral/domain';
import type { Response } from 'express';
import { type AuthenticatedUser, CurrentUser, ProblemException, Roles } from '../platform';
import { CaseIdPipe, CommandHeaders, runCaseCommand } from '../cases/http';
import { CaseCommand } from '../cases/commands/case-commands.controller';
import { type CommandOptions, CaseCommandService } from '../cases/commands/case-command.service';
import { AwaitsIdempotencyClaim, IdempotencyInterceptor } from '../cases/idempotency/idempotency.interceptor';
import { DeadlinePolicyService } from './deadline-policy.service';
import { PolicyMigrationService } from './policy-migration.service';
import {
  BulkPolicyMigrationDto,
  DeadlinePolicyVersionView,
  MigrateDeadlinePolicyDto,
  PolicyMigrationReportView,
  PublishDeadlinePolicyDto,
  versionView,
} from './deadline-policy.views';

/** 422 before the workflow is asked: the version is not published. */
export function unknownVersion(toVersion: string): ProblemException {
  const error = new DomainError(
    'UNKNOWN_POLICY_VERSION',
    `no published deadline policy ${toVersion}`,
    { field: 'toVersion' },
    `tidak ada kebijakan tenggat ${toVersion} yang diterbitkan`,
  );
  return new ProblemException({
    status: 422,
    code: error.code,
    detail: error.message,
    detailId: error.messageId,
    extensions: { toVersion },
  });
}

@ApiTags('deadline policies')
@Controller('deadline-policies')
export class DeadlinePoliciesController {
  constructor(@Inject(DeadlinePolicyService) private readonly policies: DeadlinePolicyService) {}

  @Get()
  @Roles('admin', 'supervisor', 'auditor')
  @ApiOperation({
    operationId: 'listDeadlinePolicies',
    summary: 'Published deadline policy versions, each rule with its legal basis and confidence',
  })
  @ApiOkResponse({ type: [DeadlinePolicyVersionView] })
  async list(): Promise<DeadlinePolicyVersionView[]> {
    return (await this.policies.list()).map(versionView);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    operationId: 'publishDeadlinePolicy',
    summary: 'Publish a deadline policy version (administrator; idempotent on the same content)',
    description:
      'Validated as a whole: every rule needs its length, unit, legal basis and confidence. The same version with the same content answers 200 with the stored one; with other content 409 POLICY_VERSION_TAKEN. Running cases keep their version until migrated.',
  })
  @ApiCreatedResponse({ type: DeadlinePolicyVersionView })
  @ApiOkResponse({ type: DeadlinePolicyVersionView, description: 'Already published with this content' })
  async publish(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: PublishDeadlinePolicyDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DeadlinePolicyVersionView> {
    const { created, policy } = await this.policies.publish(body.policy, body.reason, user.id);
    res.status(created ? 201 : 200);
    return versionView(policy);
  }
}

@ApiTags('deadline policies')
@Controller('policy-migrations')
export class PolicyMigrationsController {
  constructor(
    @Inject(DeadlinePolicyService) private readonly policies: DeadlinePolicyService,
    @Inject(PolicyMigrationService) private readonly migrations: PolicyMigrationService,
  ) {}

  @Post()
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    operationId: 'migrateDeadlinePolicies',
    summary: 'Move every open case of your scope to a published deadline policy version (idempotent)',
    description:
      'One MigrateDeadlinePolicy per open case (optionally filtered by stage or case ids). Cases already on the version count as `already`; a second run migrates none.',
  })
  @ApiOkResponse({ type: PolicyMigrationReportView })
  async migrate(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: BulkPolicyMigrationDto,
  ): Promise<PolicyMigrationReportView> {
    if (!(await this.policies.find(body.toVersion))) throw unknownVersion(body.toVersion);
    return this.migrations.migrateAll(user, body);
  }
}

@ApiTags('case commands')
@Controller('cases')
@UseInterceptors(IdempotencyInterceptor)
// Each command goes through CaseCommandService, which waits for the key's claim before the workflow.
@AwaitsIdempotencyClaim()
export class CaseDeadlinePolicyController {
  constructor(
    @Inject(DeadlinePolicyService) private readonly policies: DeadlinePolicyService,
    @Inject(CaseCommandService) private readonly commands: CaseCommandService,
  ) {}

  @CaseCommand(
    'MigrateDeadlinePolicy',
    'deadline-policy',
    'Move the open case to a published deadline policy version and re-plan its deadlines',
    MigrateDeadlinePolicyDto,
  )
  async migrate(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: MigrateDeadlinePolicyDto,
    @CurrentUser() user: AuthenticatedUser,
    @CommandHeaders() options: CommandOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseState> {
    if (!(await this.policies.find(body.toVersion))) throw unknownVersion(body.toVersion);
    return runCaseCommand(this.commands, user, id, 'MigrateDeadlinePolicy', body, options, res);
  }
}
