/**
 * Request parameters (validated at the edge) and response schemas (OpenAPI) of the audit endpoints.
 * Query parameters arrive as strings; the numeric ones are converted explicitly and must be whole numbers.
 */
import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { INSTANT_PATTERN, ROLES, STREAM_ID_PATTERN } from '@netral/domain';
import { Type } from 'class-transformer';
import { NotBefore } from '../cases/queries/query.dto';
import { CaseStateView } from '../cases/views';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
} from 'class-validator';

export const EVENT_PAGE_MAX = 1000;
export const ACCESS_LOG_PAGE_MAX = 500;
export const REPLAY_LIMIT_MAX = 200;

export class EventsQuery {
  @ApiPropertyOptional({
    description: 'First version to return (1 = the first event).',
    default: 1,
    minimum: 1,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  fromVersion?: number;

  @ApiPropertyOptional({ description: 'Events per page.', default: 100, minimum: 1, maximum: EVENT_PAGE_MAX })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(EVENT_PAGE_MAX)
  limit?: number;
}

export class StateQuery {
  @ApiPropertyOptional({
    description: 'The state as recorded at this instant (inclusive). ISO-8601 with a zone.',
    example: '2025-01-06T09:00:00+07:00',
  })
  @IsOptional()
  @IsString()
  @Matches(INSTANT_PATTERN, {
    message: 'asOf must be an ISO-8601 date-time with a zone, e.g. 2025-01-06T09:00:00+07:00',
  })
  @IsISO8601({ strict: true })
  asOf?: string;

  @ApiPropertyOptional({ description: 'The state after the first `version` events.', minimum: 1, example: 3 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number;
}

export const EXPORT_FORMATS = ['json', 'csv', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export class ExportQuery {
  @ApiPropertyOptional({
    enum: EXPORT_FORMATS,
    default: 'json',
    description:
      'json: state + events; csv: one row per event; html: printable timeline in Bahasa Indonesia.',
  })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}

export class WorkflowHistoryQuery {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description: 'true: the raw Temporal history (JSON, payloads base64) instead of the summary.',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  raw?: 'true' | 'false';
}

export class AccessLogQuery {
  @ApiPropertyOptional({
    description: 'Entries per page (newest first).',
    default: 100,
    maximum: ACCESS_LOG_PAGE_MAX,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(ACCESS_LOG_PAGE_MAX)
  limit?: number;

  @ApiPropertyOptional({ description: 'Cursor: `nextBefore` of the previous page.' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'before must be the nextBefore value of a previous page' })
  before?: string;
}

export class AccessLogSearchQuery extends AccessLogQuery {
  @ApiPropertyOptional({ description: 'Only reads by this user (token subject).', example: 'officer-ani' })
  @IsOptional()
  @IsString()
  @Matches(/^[\S]{1,200}$/, { message: 'actorId must be a user id without spaces' })
  actorId?: string;

  @ApiPropertyOptional({
    description: 'Reads at or after this instant.',
    example: '2025-01-01T00:00:00+07:00',
  })
  @IsOptional()
  @Matches(INSTANT_PATTERN, { message: 'from must be an ISO-8601 date-time with a zone' })
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Reads before this instant.', example: '2025-02-01T00:00:00+07:00' })
  @IsOptional()
  @Matches(INSTANT_PATTERN, { message: 'to must be an ISO-8601 date-time with a zone' })
  @IsISO8601({ strict: true })
  @NotBefore('from')
  to?: string;
}

export class VerifyAllQuery {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description: 'true: list only broken cases.',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  onlyBroken?: 'true' | 'false';
}

export class ReplayCheckRequest {
  @ApiPropertyOptional({
    description: 'At most this many workflow runs are replayed (the request stays short); see `truncated`.',
    default: 25,
    minimum: 1,
    maximum: REPLAY_LIMIT_MAX,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(REPLAY_LIMIT_MAX)
  limit?: number;

  @ApiPropertyOptional({
    type: [String],
    description: 'Only these case workflows (workflow id = case id).',
    maxItems: 200,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(REPLAY_LIMIT_MAX)
  @IsString({ each: true })
  @Matches(STREAM_ID_PATTERN, { each: true })
  workflowIds?: string[];
}

export class RebuildRequest {
  @ApiPropertyOptional({
    default: false,
    description:
      'false (default): rebuild beside the live tables, compare, and drop the copies. true: replace the live ' +
      'read models with the rebuilt ones after comparing.',
  })
  @IsOptional()
  @IsBoolean()
  swap?: boolean;
}

// ---- Response schemas (documentation only; the services return plain objects of these shapes) ----

export class ActorView {
  @ApiProperty({ example: 'officer-ani' }) id!: string;
  @ApiProperty({ example: 'officer', description: 'officer, supervisor, ppk, auditor, admin or system' })
  role!: string;
  @ApiProperty({ example: 'kota-bekasi', nullable: true, type: String }) agency!: string | null;
}

export class AuditEventView {
  @ApiProperty({ example: 'case-2025-001:3' }) eventId!: string;
  @ApiProperty({ example: 3 }) version!: number;
  @ApiProperty({ example: 118, description: 'Order across all cases (commit order).' }) position!: number;
  @ApiProperty({ example: 'OfficerAssigned' }) type!: string;
  @ApiProperty({ example: 1 }) schemaVersion!: number;
  @ApiProperty({ example: '2025-01-06T02:00:00.000Z', description: 'When it happened (business time).' })
  occurredAt!: string;
  @ApiProperty({ example: '2025-01-06T02:00:00.125Z', description: 'When the event store committed it.' })
  recordedAt!: string;
  @ApiProperty({ type: ActorView }) actor!: ActorView;
  @ApiProperty({ nullable: true, type: String, example: 'Surat Kepala Inspektorat 800/12/2025' }) reason!:
    string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Correlation id of the business operation.' })
  correlationId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The request (or workflow run) that caused it.' })
  causationId!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { workflowId: 'case-2025-001', runId: '…' },
  })
  metadata!: Record<string, unknown>;
  @ApiProperty({ description: 'True when the payload is withheld from this caller (reporter identity).' })
  redacted!: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { officerId: 'officer-ani', officerName: 'Ani' },
  })
  data!: unknown;
  @ApiProperty({ example: 'a3f1…', description: 'Hash of the previous event (64 zeros for the first).' })
  previousHash!: string;
  @ApiProperty({ example: '9c2e…', description: 'SHA-256 over previousHash and the canonical event.' })
  hash!: string;
}

export class EventPageView {
  @ApiProperty({ example: 'case-2025-001' }) caseId!: string;
  @ApiProperty({ example: 12, description: 'The case stream’s current version (= number of events).' })
  headVersion!: number;
  @ApiProperty({ type: [AuditEventView] }) items!: AuditEventView[];
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 101,
    description: 'fromVersion of the next page, or null.',
  })
  nextFromVersion!: number | null;
}

export class LastEventView {
  @ApiProperty() eventId!: string;
  @ApiProperty() version!: number;
  @ApiProperty() type!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty() recordedAt!: string;
}

export class StateAtView {
  @ApiProperty({ example: 'case-2025-001' }) caseId!: string;
  @ApiProperty({ example: 3, description: 'The version the state reflects.' }) version!: number;
  @ApiProperty({ example: 12 }) headVersion!: number;
  @ApiProperty({ nullable: true, type: String }) asOf!: string | null;
  @ApiProperty({ nullable: true, type: Number }) requestedVersion!: number | null;
  @ApiProperty({ type: LastEventView }) lastEvent!: LastEventView;
  @ApiProperty({ description: 'True when the reporter identity was removed for this caller.' })
  confidentialRedacted!: boolean;
  @ApiProperty({
    type: () => CaseStateView,
    description:
      'The domain CaseState (stage, reportedAsn, clarification, examination, decision, deadlines, ...).',
    example: {
      version: 3,
      caseId: 'case-2025-001',
      stage: 'clarification',
      confidential: { reporter: null },
    },
  })
  state!: Record<string, unknown>;
}

export class ChainBreakView {
  @ApiProperty({ enum: ['altered', 'relinked', 'missing', 'truncated'] }) problem!: string;
  @ApiProperty({ example: 4 }) version!: number;
  @ApiProperty({ nullable: true, type: String }) eventId!: string | null;
  @ApiProperty({ example: 'content does not match its hash (the event was altered)' }) reason!: string;
  @ApiProperty({ description: 'The hash the chain requires here.' }) expectedHash!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The hash stored here.' }) storedHash!:
    string | null;
}

export class CaseVerificationView {
  @ApiProperty({ example: 'case-2025-001' }) caseId!: string;
  @ApiProperty({ nullable: true, type: String, example: 'kota-bekasi' }) agency!: string | null;
  @ApiProperty() ok!: boolean;
  @ApiProperty({ example: 12 }) eventsChecked!: number;
  @ApiProperty({ example: 12 }) headVersion!: number;
  @ApiPropertyOptional({ type: ChainBreakView, description: 'The first broken place, when not ok.' })
  firstInvalid?: ChainBreakView;
}

export class VerificationSummaryView {
  @ApiProperty() verifiedAt!: string;
  @ApiProperty({ example: 'kota-bekasi', description: 'The agency checked, or * (national).' })
  scope!: string;
  @ApiProperty() casesChecked!: number;
  @ApiProperty() eventsChecked!: number;
  @ApiProperty() ok!: boolean;
  @ApiProperty() brokenCases!: number;
  @ApiProperty({ type: [CaseVerificationView] }) results!: CaseVerificationView[];
}

/** Who exported the case file (printed on the berkas). */
export class ExportedByView {
  @ApiProperty({ example: 'auditor-inspektorat' }) id!: string;
  @ApiProperty({ enum: ROLES }) role!: string;
  @ApiProperty({ example: 'kota-bekasi' }) agency!: string;
  @ApiProperty({
    description: 'Display name (the subject id when the token has none)',
    example: 'Rudi Hartono',
  })
  name!: string;
}

export class CaseFileJsonView {
  @ApiProperty({ example: 'netral-case-file' }) format!: string;
  @ApiProperty({ example: 1 }) formatVersion!: number;
  @ApiProperty() caseId!: string;
  @ApiProperty() exportedAt!: string;
  @ApiProperty({ type: ExportedByView }) exportedBy!: ExportedByView;
  @ApiProperty() version!: number;
  @ApiProperty() confidentialRedacted!: boolean;
  @ApiProperty({ type: CaseVerificationView }) verification!: CaseVerificationView;
  @ApiProperty({ type: () => CaseStateView, description: 'The case state at export' })
  state!: Record<string, unknown>;
  @ApiProperty({ type: [AuditEventView] }) events!: AuditEventView[];
}

export class WorkflowEventView {
  @ApiProperty({ example: 5 }) eventId!: number;
  @ApiProperty({ example: 'WorkflowExecutionUpdateAccepted' }) type!: string;
  @ApiProperty({ nullable: true, type: String }) time!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: {
      updateId: 'req-1',
      updateName: 'caseCommand',
      command: 'AssignOfficer',
      actorId: 'supervisor-1',
    },
  })
  attributes!: Record<string, unknown>;
}

export class WorkflowRunView {
  @ApiProperty() runId!: string;
  @ApiProperty({ nullable: true, type: String }) continuedFromRunId!: string | null;
  @ApiProperty() eventCount!: number;
  @ApiPropertyOptional({ type: [WorkflowEventView] }) events?: WorkflowEventView[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'With raw=true.' })
  raw?: unknown;
}

export class WorkflowHistoryView {
  @ApiProperty() caseId!: string;
  @ApiProperty() workflowId!: string;
  @ApiProperty({ type: [WorkflowRunView], description: 'Oldest first; the last is the current run.' })
  runs!: WorkflowRunView[];
}

export class ReplayOutcomeView {
  @ApiProperty() workflowId!: string;
  @ApiProperty() runId!: string;
  @ApiProperty({ example: 'RUNNING' }) status!: string;
  @ApiProperty() ok!: boolean;
  @ApiProperty() nonDeterminism!: boolean;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
}

export class ReplayCheckView {
  @ApiProperty() checkedAt!: string;
  @ApiProperty() scope!: string;
  @ApiProperty() runsChecked!: number;
  @ApiProperty() ok!: boolean;
  @ApiProperty() failures!: number;
  @ApiProperty({ description: 'More runs were in scope than limit.' }) truncated!: boolean;
  @ApiProperty() limit!: number;
  @ApiProperty({ type: [ReplayOutcomeView] }) results!: ReplayOutcomeView[];
}

export class RebuildTableView {
  @ApiProperty({ example: 'case_summary' }) table!: string;
  @ApiProperty() liveRows!: number;
  @ApiProperty() rebuiltRows!: number;
  @ApiProperty({ description: 'Live rows the rebuild did not produce.' }) onlyInLive!: number;
  @ApiProperty({ description: 'Rebuilt rows missing from the live table.' }) onlyInRebuild!: number;
}

export class RebuildReportView {
  @ApiProperty({ example: 'case_read_models' }) projection!: string;
  @ApiProperty({ description: 'Position of the last event replayed.' }) position!: number;
  @ApiProperty({ type: [RebuildTableView] }) tables!: RebuildTableView[];
  @ApiProperty({ description: 'Every rebuilt table equals the live one.' }) equal!: boolean;
  @ApiProperty({ description: 'The rebuilt tables replaced the live ones.' }) swapped!: boolean;
  @ApiProperty() startedAt!: string;
  @ApiProperty() finishedAt!: string;
}

export class AccessActorView {
  @ApiProperty() id!: string;
  @ApiProperty() role!: string;
  @ApiProperty() agency!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
}

export class AccessRecordView {
  @ApiProperty({ example: '42' }) id!: string;
  @ApiProperty() accessedAt!: string;
  @ApiProperty({ type: AccessActorView }) actor!: AccessActorView;
  @ApiProperty({ example: 'GET' }) method!: string;
  @ApiProperty({ example: '/cases/:id/events' }) route!: string;
  @ApiProperty({ example: '/cases/case-2025-001/events' }) path!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { id: 'case-2025-001', limit: '50' } })
  params!: Record<string, unknown>;
  @ApiProperty() requestId!: string;
  @ApiProperty({ nullable: true, type: String }) correlationId!: string | null;
  @ApiProperty({ nullable: true, type: String }) caseId!: string | null;
  @ApiProperty({ description: 'The case appeared in a list read.' }) listRead!: boolean;
  @ApiProperty({ example: 200, description: 'Status the read ended with (404s are recorded too).' })
  status!: number;
}

export class AccessSearchRecordView extends AccessRecordView {
  @ApiProperty({ type: [String], description: 'For list reads: the cases the response named.' })
  caseIds!: string[];
  @ApiProperty({ nullable: true, type: String, description: 'Agency of the case read (single reads).' })
  caseAgency!: string | null;
}

export class AccessSearchPageView {
  @ApiProperty({ type: [AccessSearchRecordView] }) items!: AccessSearchRecordView[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `before` for the next (older) page.' })
  nextBefore!: string | null;
}

export class AccessLogPageView {
  @ApiProperty() caseId!: string;
  @ApiProperty({ type: [AccessRecordView] }) items!: AccessRecordView[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `before` for the next (older) page.' })
  nextBefore!: string | null;
}

/** For `@ApiOkResponse` of the export, whose body depends on `format`. */
export const EXPORT_RESPONSE_CONTENT = {
  'application/json': { schema: { $ref: getSchemaPath(CaseFileJsonView) } },
  'text/csv': {
    schema: { type: 'string' },
    example: 'version,position,event_id,type,occurred_at,...\r\n1,1,case-2025-001:1,CaseRegistered,...\r\n',
  },
  'text/html': { schema: { type: 'string' }, example: '<!DOCTYPE html><html lang="id">…Kronologi…</html>' },
};
