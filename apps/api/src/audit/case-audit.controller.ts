/**
 * The audit view of one case: `/cases/{id}/events|state|export|verification|workflow-history|access-log`.
 *
 * Who may call what (everything is agency-scoped: another agency's case is a 404):
 * - events, state, export: every role. The case file belongs to the people handling the case; the
 *   reporter's identity is redacted for roles that may not see it (officers).
 * - verification, workflow-history, access-log: auditor, supervisor, admin (oversight tools; an officer
 *   gets 403). Verification is a POST that changes nothing, so auditors may call it.
 */
import { Controller, Get, Header, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, ReadOperation, Roles, type AuthenticatedUser } from '../platform';
import { RecordsCaseAccess } from './access-log/access-log.interceptor';
import { CaseAccessLog } from './access-log/access-log.repository';
// Value imports on purpose: parameter DTO classes must exist at runtime for the decorator metadata that
// the validation pipe reads (a type-only import would silently turn validation off).
import {
  AccessLogPageView,
  AccessLogQuery,
  CaseFileJsonView,
  CaseVerificationView,
  EventPageView,
  EventsQuery,
  EXPORT_RESPONSE_CONTENT,
  ExportQuery,
  StateAtView,
  StateQuery,
  WorkflowHistoryQuery,
  WorkflowHistoryView,
} from './audit.dto';
import { CaseHistoryService, type StateAt } from './case-history.service';
import { CaseScope } from './case-scope.service';
import { eventsToCsv } from './export/csv';
import { caseFileHtml, type CaseFile } from './export/html-timeline';
import { IntegrityService } from './integrity.service';
import { ApiAccessLogged, ApiCaseId } from './openapi';
import { WorkflowAuditService } from './workflow-audit.service';

/** Oversight roles for the integrity and access tools. */
export const OVERSIGHT_ROLES = ['auditor', 'supervisor', 'admin'] as const;

/** A file name safe in a Content-Disposition header: `kasus-case-2025-001-v12.csv`. */
export function exportFileName(caseId: string, version: number, extension: string): string {
  return `kasus-${caseId.replace(/[^A-Za-z0-9._-]/g, '_')}-v${version}.${extension}`;
}

@ApiTags('audit')
@ApiExtraModels(CaseFileJsonView)
@Controller('cases')
export class CaseAuditController {
  constructor(
    @Inject(CaseScope) private readonly scope: CaseScope,
    @Inject(CaseHistoryService) private readonly history: CaseHistoryService,
    @Inject(IntegrityService) private readonly integrity: IntegrityService,
    @Inject(WorkflowAuditService) private readonly workflows: WorkflowAuditService,
    @Inject(CaseAccessLog) private readonly accessLog: CaseAccessLog,
  ) {}

  @Get(':id/events')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'The case’s full event history',
    description:
      'Every stored event in version order with actor (id, role, agency), reason, correlation and causation ' +
      'ids, business and recorded times, global position and the hash chain. The reporter’s identity event ' +
      'is redacted for roles that may not see it. Paged by version.',
  })
  @ApiCaseId()
  @ApiAccessLogged()
  @ApiOkResponse({ type: EventPageView })
  async events(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Query() query: EventsQuery,
  ): Promise<EventPageView> {
    await this.scope.requireVisible(user, id);
    return this.history.events(user, id, { fromVersion: query.fromVersion ?? 1, limit: query.limit ?? 100 });
  }

  @Get(':id/state')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'The case state at an earlier time or version',
    description:
      'Rebuilt by folding the events recorded up to `asOf` (inclusive; recorded time) or the first `version` ' +
      'events; without either, the current state. Giving both, a version past the end, or a time before ' +
      'the first event is a 400.',
  })
  @ApiCaseId()
  @ApiAccessLogged()
  @ApiOkResponse({ type: StateAtView })
  async state(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Query() query: StateQuery,
  ): Promise<StateAt> {
    await this.scope.requireVisible(user, id);
    return this.history.stateAt(user, id, { asOf: query.asOf, version: query.version });
  }

  @Get(':id/export')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Export the case file',
    description:
      '`format=json` (state, events and chain verification), `format=csv` (one row per event, RFC 4180) or ' +
      '`format=html` (printable timeline in Bahasa Indonesia). Sent as an attachment named ' +
      '`kasus-<id>-v<version>.<ext>`.',
  })
  @ApiProduces('application/json', 'text/csv', 'text/html')
  @ApiCaseId()
  @ApiAccessLogged()
  @ApiOkResponse({ description: 'The case file', content: EXPORT_RESPONSE_CONTENT })
  async export(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Query() query: ExportQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    await this.scope.requireVisible(user, id);
    const file = await this.caseFile(user, id);
    const format = query.format ?? 'json';
    const version = file.state.version;
    res.setHeader('Content-Disposition', `attachment; filename="${exportFileName(id, version, format)}"`);
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8');
      return eventsToCsv(file.events);
    }
    if (format === 'html') {
      res.type('text/html; charset=utf-8');
      return caseFileHtml(file);
    }
    return {
      format: 'netral-case-file',
      formatVersion: 1,
      caseId: id,
      exportedAt: file.exportedAt,
      exportedBy: file.exportedBy,
      version,
      confidentialRedacted: file.confidentialRedacted,
      verification: file.verification,
      state: file.state,
      events: file.events,
    };
  }

  @Post(':id/verification')
  @HttpCode(200)
  @ReadOperation()
  @RecordsCaseAccess()
  @Roles(...OVERSIGHT_ROLES)
  @ApiOperation({
    summary: 'Verify the case’s hash chain',
    description:
      'Recomputes every event’s hash and checks the stream head. Reports ok, or the first broken event ' +
      '(altered, relinked, missing or truncated) with the expected and the stored hash. Changes nothing. ' +
      'Roles: auditor, supervisor, admin.',
  })
  @ApiCaseId()
  @ApiAccessLogged()
  @ApiOkResponse({ type: CaseVerificationView })
  async verify(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
  ): Promise<CaseVerificationView> {
    return this.integrity.verifyCase(await this.scope.requireVisible(user, id));
  }

  @Get(':id/workflow-history')
  @Header('Cache-Control', 'no-store')
  @Roles(...OVERSIGHT_ROLES)
  @ApiOperation({
    summary: 'The Temporal workflow history of the case',
    description:
      'Every run of the case workflow (followed back through continue-as-new), oldest first, each event ' +
      'summarised (id, type, time, key attributes: update id and command type, activity, timer, failure). ' +
      '`raw=true` returns Temporal’s own JSON instead. Roles: auditor, supervisor, admin.',
  })
  @ApiCaseId()
  @ApiAccessLogged()
  @ApiOkResponse({ type: WorkflowHistoryView })
  async workflowHistory(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Query() query: WorkflowHistoryQuery,
  ): Promise<WorkflowHistoryView> {
    await this.scope.requireVisible(user, id);
    return this.workflows.history(id, { raw: query.raw === 'true' });
  }

  @Get(':id/access-log')
  @Header('Cache-Control', 'no-store')
  @Roles(...OVERSIGHT_ROLES)
  @ApiOperation({
    summary: 'Who read this case',
    description:
      'Every recorded read of the case, newest first: single reads and list reads that returned it, with ' +
      'the reader (id, role, agency, name), route, parameters, request id and status. Reads of this log are ' +
      'recorded too. Roles: auditor, supervisor, admin.',
  })
  @ApiCaseId()
  @ApiAccessLogged()
  @ApiOkResponse({ type: AccessLogPageView })
  async accessLogOf(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Query() query: AccessLogQuery,
  ): Promise<AccessLogPageView> {
    await this.scope.requireVisible(user, id);
    const page = await this.accessLog.forCase(id, { limit: query.limit ?? 100, before: query.before });
    return { caseId: id, ...page };
  }

  private async caseFile(user: AuthenticatedUser, id: string): Promise<CaseFile> {
    const { state, events, confidentialRedacted } = await this.history.snapshot(user, id);
    const verification = await this.integrity.verifyCase({ caseId: id, agency: state.agency });
    return {
      caseId: id,
      exportedAt: new Date().toISOString(),
      exportedBy: { id: user.id, role: user.role, agency: user.agency, name: user.name },
      state,
      events,
      verification,
      confidentialRedacted,
    };
  }
}
