/**
 * The access-log row of a list read, written by the very statement that reads the list (#15: one round trip
 * to PostgreSQL less per GET /cases and GET /work-list).
 *
 * The interceptor offers the row (everything but the listed case ids) before the handler runs; a list query
 * that can carry it takes it (once per request) and adds the INSERT to its statement as a data-modifying
 * CTE. One autocommitted statement: the page is returned only if the row was inserted, and a failed INSERT
 * fails the read, which the interceptor then records as failed or refuses with 503 like any other read. The
 * interceptor writes the row itself when no query took it, or when the statement that took it failed.
 */
import { CASE_ACCESS_LOG_TABLE } from '@netral/event-store';
import { RequestContext, type RequestContextData } from '../../platform';
import type { CaseAccess } from './access-log.repository';

export interface ListReadRecord {
  readonly access: Omit<CaseAccess, 'caseId' | 'caseIds' | 'status'>;
  /** Reads outside `/cases` are recorded only when their list names a case. */
  readonly onlyWhenListed: boolean;
  /** Set by the query once its statement, INSERT included, has succeeded. */
  recorded: boolean;
}

const offered = new WeakMap<RequestContextData, ListReadRecord>();

/** Offers the current request's list-read row to the query that serves it (see the file comment). */
export function offerListReadRecord(record: ListReadRecord): void {
  const ctx = RequestContext.current();
  if (ctx) offered.set(ctx, record);
}

/** Takes the current request's list-read row, if one is offered; a second call gets nothing. */
export function takeListReadRecord(): ListReadRecord | undefined {
  const ctx = RequestContext.current();
  if (!ctx) return undefined;
  const record = offered.get(ctx);
  offered.delete(ctx);
  return record;
}

/**
 * The INSERT of `record` as the body of a data-modifying CTE. `listedCaseIds` is a subquery selecting the
 * listed case ids in the order of the response (a page, far fewer than MAX_LISTED_CASE_IDS); `param`
 * numbers the values as the enclosing statement's.
 * The same row `CaseAccessLog.record` writes for a list read: status 200, no case id, no case agency, and
 * committed asynchronously like it (this statement writes nothing else).
 */
export function listReadInsertSql(
  record: ListReadRecord,
  param: (value: unknown) => string,
  listedCaseIds: string,
): string {
  const a = record.access;
  const values = [
    a.user.id,
    a.user.role,
    a.user.agency,
    a.user.name,
    a.method,
    a.route,
    a.path,
    JSON.stringify(a.params),
    a.requestId,
    a.correlationId,
  ].map(param);
  return `INSERT INTO ${CASE_ACCESS_LOG_TABLE} (actor_id, actor_role, actor_agency, actor_name, method, route,
      path, params, request_id, correlation_id, case_id, case_agency, case_ids, status)
    SELECT ${values.join(', ')}, NULL, NULL,
      ARRAY(${listedCaseIds}), 200
    FROM (SELECT set_config('synchronous_commit', 'off', true)) AS asynchronous_commit
    ${record.onlyWhenListed ? `WHERE EXISTS (${listedCaseIds})` : ''}`;
}
