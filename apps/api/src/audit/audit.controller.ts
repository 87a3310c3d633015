/**
 * Checks across all cases in the caller's scope: `/audit/access-log` (who read which cases),
 * `/audit/verification` (hash chains), `/audit/replay-check` (workflow histories against the current code)
 * and `/audit/read-model-rebuild`.
 *
 * Roles: access log and verification — auditor, supervisor, admin; replay check — auditor, admin; rebuild — admin with
 * national scope (agency `*`) only, because the read models are shared by every agency.
 */
import { Body, Controller, Get, Header, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ALL_AGENCIES,
  CurrentUser,
  ReadOperation,
  Roles,
  forbiddenProblem,
  type AuthenticatedUser,
} from '../platform';
import { RecordsCaseAccess } from './access-log/access-log.interceptor';
// Value imports on purpose: parameter DTO classes must exist at runtime for the decorator metadata that
// the validation pipe reads (a type-only import would silently turn validation off).
import {
  AccessLogSearchQuery,
  AccessSearchPageView,
  RebuildReportView,
  RebuildRequest,
  ReplayCheckRequest,
  ReplayCheckView,
  VerificationSummaryView,
  VerifyAllQuery,
} from './audit.dto';
import { CaseAccessLog } from './access-log/access-log.repository';
import { OVERSIGHT_ROLES } from './case-audit.controller';
import { IntegrityService } from './integrity.service';
import { ApiAccessLogged, ApiProblem } from './openapi';
import { WorkflowAuditService } from './workflow-audit.service';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(
    @Inject(IntegrityService) private readonly integrity: IntegrityService,
    @Inject(WorkflowAuditService) private readonly workflows: WorkflowAuditService,
    @Inject(CaseAccessLog) private readonly accessLog: CaseAccessLog,
  ) {}

  @Get('access-log')
  @Header('Cache-Control', 'no-store')
  @Roles(...OVERSIGHT_ROLES)
  @ApiOperation({
    summary: 'Who read which cases',
    description:
      'Recorded case reads across cases, newest first: the reads of your agency’s cases and the reads by ' +
      'your agency’s people (national scope: all). Filter by reader (`actorId`) and time (`from`, `to`). ' +
      'Roles: auditor, supervisor, admin.',
  })
  @ApiOkResponse({ type: AccessSearchPageView })
  searchAccessLog(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: AccessLogSearchQuery,
  ): Promise<AccessSearchPageView> {
    return this.accessLog.search({
      agency: user.agency === ALL_AGENCIES ? undefined : user.agency,
      actorId: query.actorId,
      from: query.from,
      to: query.to,
      limit: query.limit ?? 100,
      before: query.before,
    });
  }

  @Post('verification')
  @HttpCode(200)
  @ReadOperation()
  @RecordsCaseAccess()
  @Roles(...OVERSIGHT_ROLES)
  @ApiOperation({
    summary: 'Verify the hash chains of all cases in scope',
    description:
      'Every case of the caller’s agency (all cases for national scope), read in batches. Per case: ok, or ' +
      'the first broken event with the expected and the stored hash. `onlyBroken=true` lists only broken ' +
      'cases. Changes nothing. Roles: auditor, supervisor, admin.',
  })
  @ApiAccessLogged()
  @ApiOkResponse({ type: VerificationSummaryView })
  verifyAll(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: VerifyAllQuery,
  ): Promise<VerificationSummaryView> {
    return this.integrity.verifyAll(user, { onlyBroken: query.onlyBroken === 'true' });
  }

  @Post('replay-check')
  @HttpCode(200)
  @ReadOperation()
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary: 'Replay workflow histories against the current workflow code',
    description:
      'Lists the case workflows in scope (Temporal visibility), fetches each run’s history and replays it ' +
      'with the workflow code of this build (bundled once per process). Reports per run ok or the error ' +
      '(`nonDeterminism` when the code would decide differently). Synchronous and bounded: at most `limit` ' +
      'runs (default 25, max 200); `truncated` says when more exist — narrow with `workflowIds`. One check ' +
      'runs at a time per API process. Roles: auditor, admin.',
  })
  @ApiOkResponse({ type: ReplayCheckView })
  replayCheck(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: ReplayCheckRequest,
  ): Promise<ReplayCheckView> {
    return this.workflows.replayCheck(user, { limit: body?.limit ?? 25, workflowIds: body?.workflowIds });
  }

  @Post('read-model-rebuild')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Rebuild the case read models from the event store',
    description:
      'Replays every event into fresh copies of case_summary, case_deadlines and notification_outbox and ' +
      'compares them row by row with the live tables. With `swap: true` the copies replace the live tables ' +
      '(appends pause for the final catch-up and swap). National admins only (agency `*`): the tables hold ' +
      'every agency’s cases. One rebuild at a time (409 REBUILD_IN_PROGRESS).',
  })
  @ApiOkResponse({ type: RebuildReportView })
  @ApiProblem(409, 'Another rebuild is running (REBUILD_IN_PROGRESS)')
  rebuild(@CurrentUser() user: AuthenticatedUser, @Body() body: RebuildRequest): Promise<RebuildReportView> {
    if (user.agency !== ALL_AGENCIES) {
      throw forbiddenProblem(
        'Rebuilding the read models affects every agency; it needs an admin token with national scope (agency *).',
        'Pembangunan ulang read model memengaruhi semua instansi; diperlukan token admin dengan cakupan nasional (agency *).',
      );
    }
    return this.integrity.rebuildReadModels({ swap: body?.swap ?? false });
  }
}
