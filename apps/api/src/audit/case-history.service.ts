/**
 * A case's history as an auditor reads it: the stored events with who, why and when, and the state the
 * case had at an earlier time or version, rebuilt by folding the events (the domain's `replay`). The
 * reporter's identity is redacted for roles that may not see it (the domain's rule).
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  type CaseEvent,
  type CaseState,
  isConfidentialEvent,
  redactEvent,
  redactState,
  replay,
} from '@netral/domain';
import { EventStore, readStreamHead, type StoredEvent } from '@netral/event-store';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../infrastructure';
import {
  canSeeReporterIdentity,
  notFoundProblem,
  ProblemException,
  type AuthenticatedUser,
} from '../platform';

/** One stored event, as the audit API shows it. */
export interface AuditEvent {
  eventId: string;
  version: number;
  /** Order across all cases (commit order). */
  position: number;
  type: string;
  schemaVersion: number;
  /** Business time: when it happened. */
  occurredAt: string;
  /** When the event store committed it. */
  recordedAt: string;
  actor: { id: string; role: string; agency: string | null };
  reason: string | null;
  /** The business operation (HTTP correlation id / idempotency key). */
  correlationId: string | null;
  /** What caused it: the request, or the workflow run for system events. */
  causationId: string | null;
  /** Any other metadata recorded (workflowId, runId, ...). */
  metadata: Record<string, unknown>;
  /** True when the payload was withheld from this caller (the reporter's identity). */
  redacted: boolean;
  data: unknown;
  previousHash: string;
  hash: string;
}

export interface EventPage {
  caseId: string;
  /** The stream's current version (= number of events). */
  headVersion: number;
  items: AuditEvent[];
  /** `fromVersion` for the next page, or null at the end. */
  nextFromVersion: number | null;
}

export interface StateAt {
  caseId: string;
  /** The version the state reflects (number of events folded). */
  version: number;
  headVersion: number;
  asOf: string | null;
  requestedVersion: number | null;
  lastEvent: { eventId: string; version: number; type: string; occurredAt: string; recordedAt: string };
  /** True when the reporter's identity was removed from the state for this caller. */
  confidentialRedacted: boolean;
  state: CaseState;
}

export function toAuditEvent(event: StoredEvent, mayReadConfidential: boolean): AuditEvent {
  const { actorId, role, agency, reason, correlationId, causationId, ...metadata } = event.metadata;
  const redacted = isConfidentialEvent(event) && !mayReadConfidential;
  return {
    eventId: event.id,
    version: event.version,
    position: event.position,
    type: event.type,
    schemaVersion: event.schemaVersion,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    actor: { id: actorId, role, agency: typeof agency === 'string' ? agency : null },
    reason: typeof reason === 'string' ? reason : null,
    correlationId: typeof correlationId === 'string' ? correlationId : null,
    causationId: typeof causationId === 'string' ? causationId : null,
    metadata,
    redacted,
    data: redacted ? redactEvent(event).data : event.data,
    previousHash: event.previousHash,
    hash: event.hash,
  };
}

export function foldState(events: readonly StoredEvent[]): CaseState {
  return replay(events.map((e) => ({ type: e.type, data: e.data }) as CaseEvent));
}

function badParameter(code: string, field: string, detail: string, detailId: string): ProblemException {
  return new ProblemException({
    status: 400,
    code,
    title: 'Validation failed',
    detail,
    detailId,
    errors: [{ field, constraint: code.toLowerCase(), message: detail }],
  });
}

@Injectable()
export class CaseHistoryService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  async headVersion(caseId: string): Promise<number> {
    const head = await readStreamHead(this.dataSource, caseId);
    if (!head) throw notFoundProblem('case');
    return head.version;
  }

  /** A page of the case's events in version order. */
  async events(
    user: AuthenticatedUser,
    caseId: string,
    page: { fromVersion: number; limit: number },
  ): Promise<EventPage> {
    const headVersion = await this.headVersion(caseId);
    // Versions are PostgreSQL integers: a page past the head (fromVersion=1e30, or 2147483000 + 1000) is
    // empty without asking, and the page never reaches past the head, so no bound overflows the column.
    const toVersion = Math.min(page.fromVersion + page.limit - 1, headVersion);
    const stored =
      page.fromVersion > headVersion
        ? []
        : await this.store.readStream(caseId, { fromVersion: page.fromVersion, toVersion });
    const mayRead = canSeeReporterIdentity(user.role);
    return {
      caseId,
      headVersion,
      items: stored.map((e) => toAuditEvent(e, mayRead)),
      nextFromVersion: toVersion < headVersion ? toVersion + 1 : null,
    };
  }

  /** Every event of the case and the state they fold to, from one read (for exports), redacted for the caller. */
  async snapshot(
    user: AuthenticatedUser,
    caseId: string,
  ): Promise<{ state: CaseState; events: AuditEvent[]; confidentialRedacted: boolean }> {
    const stored = await this.store.readStream(caseId);
    const mayRead = canSeeReporterIdentity(user.role);
    const state = foldState(stored);
    return {
      state: mayRead ? state : redactState(state),
      events: stored.map((e) => toAuditEvent(e, mayRead)),
      confidentialRedacted: !mayRead,
    };
  }

  /**
   * The state after the events recorded up to `asOf` (inclusive), or after the first `version` events, or
   * now. Recorded time, not business time: "what the record said at that moment".
   */
  async stateAt(
    user: AuthenticatedUser,
    caseId: string,
    at: { asOf?: string; version?: number },
  ): Promise<StateAt> {
    if (at.asOf !== undefined && at.version !== undefined) {
      throw badParameter(
        'AMBIGUOUS_POINT_IN_TIME',
        'asOf',
        'Give either asOf or version, not both.',
        'Isi salah satu saja: asOf atau version.',
      );
    }
    const headVersion = await this.headVersion(caseId);
    if (at.version !== undefined && at.version > headVersion) {
      throw badParameter(
        'VERSION_OUT_OF_RANGE',
        'version',
        `The case has ${headVersion} events; version must be from 1 to ${headVersion}.`,
        `Kasus ini memiliki ${headVersion} peristiwa; version harus antara 1 dan ${headVersion}.`,
      );
    }
    // Stored times have millisecond precision, so "recorded before asOf + 1 ms" is "recorded at or before asOf".
    const recordedBefore =
      at.asOf !== undefined ? new Date(Date.parse(at.asOf) + 1).toISOString() : undefined;
    const events = await this.store.readStream(caseId, {
      ...(at.version !== undefined ? { toVersion: at.version } : {}),
      ...(recordedBefore ? { recordedBefore } : {}),
    });
    if (events.length === 0) {
      const [first] = await this.store.readStream(caseId, { toVersion: 1 });
      throw new ProblemException({
        status: 400,
        code: 'BEFORE_FIRST_EVENT',
        title: 'Validation failed',
        detail: `The case has no events recorded at or before ${at.asOf}; its first event was recorded at ${first?.recordedAt}.`,
        detailId: `Belum ada peristiwa kasus yang tercatat pada atau sebelum ${at.asOf}; peristiwa pertamanya tercatat pada ${first?.recordedAt}.`,
        errors: [{ field: 'asOf', constraint: 'before_first_event', message: 'before the first event' }],
        extensions: { firstRecordedAt: first?.recordedAt ?? null },
      });
    }
    const full = foldState(events);
    const mayRead = canSeeReporterIdentity(user.role);
    const last = events[events.length - 1];
    return {
      caseId,
      version: full.version,
      headVersion,
      asOf: at.asOf !== undefined ? new Date(Date.parse(at.asOf)).toISOString() : null,
      requestedVersion: at.version ?? null,
      lastEvent: {
        eventId: last.id,
        version: last.version,
        type: last.type,
        occurredAt: last.occurredAt,
        recordedAt: last.recordedAt,
      },
      confidentialRedacted: !mayRead,
      state: mayRead ? full : redactState(full),
    };
  }
}
