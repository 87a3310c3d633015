/**
 * The append-only table of case reads (`case_access_log`, created by the event store's migrations): written
 * by the access-log interceptor, read by auditors. There is deliberately no update or delete here, and the
 * table refuses them anyway.
 */
import { Inject, Injectable } from '@nestjs/common';
import { CASE_ACCESS_LOG_TABLE, CASE_SUMMARY_TABLE } from '@netral/event-store';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../../infrastructure';
import type { AuthenticatedUser } from '../../platform';

export interface CaseAccess {
  user: AuthenticatedUser;
  method: string;
  /** The route template, e.g. `/cases/:id/events`. */
  route: string;
  /** The path as requested (without the query string). */
  path: string;
  /** Route parameters and query parameters, as received. */
  params: Record<string, unknown>;
  requestId: string;
  correlationId: string | null;
  /** The one case read, for routes with a case id. */
  caseId: string | null;
  /** The cases a list read returned. */
  caseIds: string[];
  /** The HTTP status the read ended with (a 404 is recorded too: someone tried). */
  status: number;
}

export interface CaseAccessRecord {
  id: string;
  accessedAt: string;
  actor: { id: string; role: string; agency: string; name: string | null };
  method: string;
  route: string;
  path: string;
  params: Record<string, unknown>;
  requestId: string;
  correlationId: string | null;
  caseId: string | null;
  /** True when the case appeared in a list read rather than being read on its own. */
  listRead: boolean;
  status: number;
}

interface Row {
  id: string;
  accessed_at: Date;
  actor_id: string;
  actor_role: string;
  actor_agency: string;
  actor_name: string | null;
  method: string;
  route: string;
  path: string;
  params: Record<string, unknown>;
  request_id: string;
  correlation_id: string | null;
  case_id: string | null;
  status: number;
}

/** At most this many case ids are kept for one list read (a page is far smaller). */
export const MAX_LISTED_CASE_IDS = 1000;

@Injectable()
export class CaseAccessLog {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /**
   * One autocommitted statement, committed asynchronously (`synchronous_commit = off` for its transaction
   * only): the read waits for the row to be inserted and committed (a refused or failed insert still
   * refuses the read), not for its WAL to reach the disk. A crash of the database server can lose the
   * rows committed in its last ~3 × wal_writer_delay (600 ms by default); the bound of issue #15. The
   * next synchronous commit (any command) flushes them, and they are visible to auditors at once.
   */
  async record(access: CaseAccess): Promise<void> {
    // The case's agency is kept with the row so that reads of a case can be reviewed by its own agency.
    await this.dataSource.query(
      `INSERT INTO ${CASE_ACCESS_LOG_TABLE} (actor_id, actor_role, actor_agency, actor_name, method, route, path,
         params, request_id, correlation_id, case_id, case_agency, case_ids, status)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
         (SELECT agency FROM ${CASE_SUMMARY_TABLE} WHERE case_id = $11), $12, $13
       FROM (SELECT set_config('synchronous_commit', 'off', true)) AS asynchronous_commit`,
      [
        access.user.id,
        access.user.role,
        access.user.agency,
        access.user.name,
        access.method,
        access.route,
        access.path,
        JSON.stringify(access.params),
        access.requestId,
        access.correlationId,
        access.caseId,
        access.caseIds.slice(0, MAX_LISTED_CASE_IDS),
        access.status,
      ],
    );
  }

  /**
   * Reads across cases, newest first, for an agency's oversight (`agency` undefined = national): the reads
   * of its cases and the reads by its own people. Filters: reader, time window.
   */
  async search(filter: {
    agency?: string;
    actorId?: string;
    from?: string;
    to?: string;
    limit: number;
    before?: string;
  }): Promise<{
    items: (CaseAccessRecord & { caseIds: string[]; caseAgency: string | null })[];
    nextBefore: string | null;
  }> {
    const rows = (await this.dataSource.query(
      `SELECT id, accessed_at, actor_id, actor_role, actor_agency, actor_name, method, route, path, params,
              request_id, correlation_id, case_id, case_agency, case_ids, status
       FROM ${CASE_ACCESS_LOG_TABLE}
       WHERE ($1::text IS NULL OR case_agency = $1 OR actor_agency = $1)
         AND ($2::text IS NULL OR actor_id = $2)
         AND ($3::timestamptz IS NULL OR accessed_at >= $3)
         AND ($4::timestamptz IS NULL OR accessed_at < $4)
         AND ($5::bigint IS NULL OR id < $5)
       ORDER BY id DESC LIMIT $6`,
      [
        filter.agency ?? null,
        filter.actorId ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.before ?? null,
        filter.limit + 1,
      ],
    )) as (Row & { case_agency: string | null; case_ids: string[] })[];
    const more = rows.length > filter.limit;
    const items = rows.slice(0, filter.limit).map((r) => ({
      ...toRecord(r, r.case_id),
      listRead: r.case_id === null,
      caseIds: r.case_ids,
      // A read by one of the agency's people of another agency's case (a 404 for them) must not tell the
      // agency where that case belongs.
      caseAgency: filter.agency === undefined || r.case_agency === filter.agency ? r.case_agency : null,
    }));
    return { items, nextBefore: more ? items[items.length - 1].id : null };
  }

  /** Reads of one case, newest first; `before` is the id of the last row of the previous page. */
  async forCase(
    caseId: string,
    page: { limit: number; before?: string },
  ): Promise<{ items: CaseAccessRecord[]; nextBefore: string | null }> {
    const rows = (await this.dataSource.query(
      `SELECT id, accessed_at, actor_id, actor_role, actor_agency, actor_name, method, route, path, params,
              request_id, correlation_id, case_id, status
       FROM ${CASE_ACCESS_LOG_TABLE}
       WHERE (case_id = $1 OR case_ids @> ARRAY[$1]::text[]) AND ($2::bigint IS NULL OR id < $2)
       ORDER BY id DESC LIMIT $3`,
      [caseId, page.before ?? null, page.limit + 1],
    )) as Row[];
    const more = rows.length > page.limit;
    const items = rows.slice(0, page.limit).map((r) => toRecord(r, caseId));
    return { items, nextBefore: more ? items[items.length - 1].id : null };
  }
}

function toRecord(row: Row, caseId: string | null): CaseAccessRecord {
  return {
    id: String(row.id),
    accessedAt: row.accessed_at.toISOString(),
    actor: { id: row.actor_id, role: row.actor_role, agency: row.actor_agency, name: row.actor_name },
    method: row.method,
    route: row.route,
    path: row.path,
    params: row.params,
    requestId: row.request_id,
    correlationId: row.correlation_id,
    caseId: row.case_id ?? caseId,
    listRead: row.case_id !== caseId,
    status: row.status,
  };
}
