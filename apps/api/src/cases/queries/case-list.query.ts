/**
 * GET /cases and GET /work-list: pages of case_summary in the order of a read-model index (`SORT_SQL`), so
 * a page costs the same at 100,000 cases as at 100. The page's access-log row rides in the same statement
 * when the interceptor offered it.
 */
import { type CaseState, DEFAULT_DEADLINE_POLICY, ruleName as nameOfRule } from '@netral/domain';
import { DUE_KEY_SQL } from '@netral/event-store';
import type { DataSource } from 'typeorm';
import { listReadInsertSql, takeListReadRecord } from '../../audit';
import { agencyScope, type AuthenticatedUser } from '../../platform';
import { addCaseFilters, instantOf, likePattern, scopedAgency, Where } from './case-filters';
import { decodeCursor, encodeCursor, type Page, pageLimit, queryFingerprint } from './cursor';
import { type ListCasesQuery, type SortField, type SortOrder, type WorkListQuery } from './query.dto';

/** Sort keys, written exactly as the read-model indexes are (`DUE_KEY_SQL`), so the planner uses them. */
const SORT_SQL: Record<SortField, string> = {
  nextDueAt: DUE_KEY_SQL.replace('next_due_at', 's.next_due_at'),
  updatedAt: 's.updated_at',
  createdAt: 's.created_at',
};

export interface CaseSummaryItem {
  caseId: string;
  agency: string;
  stage: string;
  violationType: string | null;
  reportedAsn: CaseState['reportedAsn'];
  officerId: string | null;
  nextDueAt: string | null;
  overdue: boolean;
  sanctionCode: string | null;
  letterNumbers: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Open deadlines of the case nobody counts (case_summary.untracked_deadlines): the lists mark the case. */
  untrackedDeadlines: number;
}

export interface NextDeadline {
  deadlineId: string;
  ruleId: string;
  ruleName: string;
  dueDate: string;
  dueAt: string;
}

export interface WorkListItem extends CaseSummaryItem {
  nextDeadline: NextDeadline | null;
}

/** The page's one row: its items as one JSON text, and the sort key of its last item when a page follows. */
interface PageRow {
  items: string;
  last_key: string | null;
}

/** The name of a deadline rule of the default policy (the lists show it beside the rule id). */
export function ruleName(ruleId: string): string {
  return nameOfRule(DEFAULT_DEADLINE_POLICY, ruleId);
}

/**
 * An instant as `Date.prototype.toISOString` writes it (UTC, milliseconds truncated as node-postgres does),
 * formatted by PostgreSQL: a page of 50 cases otherwise parses 150 timestamps into Dates only to print
 * them again (#15: 3-4 % of a GET /cases's CPU).
 */
const isoInstant = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const SUMMARY_COLUMNS = `s.case_id, s.agency, s.stage, s.violation_type, s.state->'reportedAsn' AS reported_asn,
  s.officer_id, ${isoInstant('s.next_due_at')} AS next_due_at,
  (s.next_due_at IS NOT NULL AND s.next_due_at < now()) AS overdue,
  s.sanction_code, s.letter_numbers, s.version, ${isoInstant('s.created_at')} AS created_at,
  ${isoInstant('s.updated_at')} AS updated_at, s.untracked_deadlines`;

/**
 * One item as PostgreSQL writes it in JSON, its keys in the order of `CaseSummaryItem` (and of the response
 * before the page came as JSON: parsed and written again by the API, the answer is byte-for-byte the same).
 * The page arrives as one text instead of 51 rows of 14 columns: node-postgres no longer allocates a string
 * per column, an array per `letter_numbers` and a row object per case that all lived as long as the request
 * (#15: they were 40 % of what a GET /cases promoted to V8's old generation).
 */
const ITEM_JSON = `json_build_object('caseId', page.case_id, 'agency', page.agency, 'stage', page.stage,
  'violationType', page.violation_type, 'reportedAsn', page.reported_asn, 'officerId', page.officer_id,
  'nextDueAt', page.next_due_at, 'overdue', page.overdue, 'sanctionCode', page.sanction_code,
  'letterNumbers', page.letter_numbers, 'version', page.version, 'createdAt', page.created_at,
  'updatedAt', page.updated_at, 'untrackedDeadlines', page.untracked_deadlines`;

/** The work list's `nextDeadline`; `ruleName` is filled in by the API from the default policy. */
const NEXT_DEADLINE_JSON = `'nextDeadline', CASE WHEN NULLIF(page.nd_deadline_id, '') IS NULL THEN NULL
  ELSE json_build_object('deadlineId', page.nd_deadline_id, 'ruleId', page.nd_rule_id, 'ruleName', NULL,
    'dueDate', page.nd_due_date, 'dueAt', page.nd_due_at) END`;

/** GET /cases */
export async function listCases(
  dataSource: DataSource,
  user: AuthenticatedUser,
  query: ListCasesQuery,
): Promise<Page<CaseSummaryItem>> {
  const sort: SortField = query.sort ?? 'nextDueAt';
  const order: SortOrder = query.order ?? 'asc';
  const limit = pageLimit(query.limit);
  const agency = scopedAgency(user, query.agency);
  if (agency === null) return { items: [], nextCursor: null, limit };

  const where = new Where();
  if (agency !== undefined) where.add(`s.agency = ${where.param(agency)}`);
  addCaseFilters(where, query);
  if (query.overdue === 'true') where.add(`s.next_due_at < now()`);
  if (query.overdue === 'false') where.add(`(s.next_due_at IS NULL OR s.next_due_at >= now())`);
  if (query.dueBefore) {
    where.add(`s.next_due_at < ${where.param(instantOf(query.dueBefore))}::timestamptz`);
  }
  if (query.q) where.add(`s.search_text LIKE ${where.param(likePattern(query.q))}`);

  const { cursor: _c, limit: _l, ...filters } = query;
  const fingerprint = queryFingerprint({ ...filters, sort, order, scope: agency ?? '*', route: 'cases' });
  return summaryPage(dataSource, where, {
    sortSql: SORT_SQL[sort],
    order,
    limit,
    cursor: query.cursor,
    fingerprint,
  });
}

/**
 * GET /work-list: open cases of the caller, earliest next deadline first. For an officer, the cases
 * assigned to them; for every other role, the open cases of their agency scope.
 */
export async function workList(
  dataSource: DataSource,
  user: AuthenticatedUser,
  query: WorkListQuery,
): Promise<Page<WorkListItem>> {
  const limit = pageLimit(query.limit);
  const where = new Where();
  const scope = agencyScope(user);
  if (scope !== undefined) where.add(`s.agency = ${where.param(scope)}`);
  if (user.role === 'officer') where.add(`s.officer_id = ${where.param(user.id)}`);
  where.add(`s.stage <> 'closed'`);
  const fingerprint = queryFingerprint({ route: 'work-list', user: user.id, scope: scope ?? '*' });
  const page = await summaryPage(dataSource, where, {
    sortSql: SORT_SQL.nextDueAt,
    order: 'asc',
    limit,
    cursor: query.cursor,
    fingerprint,
    withNextDeadline: true,
  });
  return page as Page<WorkListItem>;
}

async function summaryPage(
  dataSource: DataSource,
  where: Where,
  options: {
    sortSql: string;
    order: SortOrder;
    limit: number;
    cursor?: string;
    fingerprint: string;
    withNextDeadline?: boolean;
  },
): Promise<Page<CaseSummaryItem>> {
  const { sortSql: key, order, limit, fingerprint } = options;
  if (options.cursor) {
    const position = decodeCursor(options.cursor, fingerprint, 1);
    const op = order === 'asc' ? '>' : '<';
    // Past the last due date (the key 'infinity', nothing sorts after it) the same rows as an equality:
    // PostgreSQL estimated `(key, id) > ('infinity', …)` at one row and could take the all-agency due index,
    // filtering out the other agencies' cases (#15); the equality it estimates from the index's statistics.
    const undated = op === '>' && key === SORT_SQL.nextDueAt && position.value === 'infinity';
    where.add(
      undated
        ? `${key} = 'infinity'::timestamptz AND s.case_id > ${where.param(position.ids[0])}`
        : `(${key}, s.case_id) ${op} (${where.param(position.value)}::timestamptz, ${where.param(position.ids[0])})`,
    );
  }
  const direction = order === 'asc' ? 'ASC' : 'DESC';
  const nextDeadline = options.withNextDeadline
    ? `, nd.deadline_id AS nd_deadline_id, nd.rule_id AS nd_rule_id, nd.due_date::text AS nd_due_date,
           ${isoInstant('nd.due_at')} AS nd_due_at`
    : '';
  const join = options.withNextDeadline
    ? `LEFT JOIN LATERAL (
           SELECT d.deadline_id, d.rule_id, d.due_date, d.due_at FROM case_deadlines d
           WHERE d.case_id = s.case_id AND d.status = 'open' ORDER BY d.due_at, d.deadline_id LIMIT 1
         ) nd ON true`
    : '';
  const select = `SELECT ${SUMMARY_COLUMNS}, (${key})::text AS sort_key ${nextDeadline}
       FROM case_summary s ${join}
       ${where.sql()}
       ORDER BY ${key} ${direction}, s.case_id ${direction}
       LIMIT ${where.param(limit + 1)}`;
  const row = await listWithReadRecord(dataSource, select, where, {
    direction,
    limit,
    item: options.withNextDeadline ? `${ITEM_JSON}, ${NEXT_DEADLINE_JSON})` : `${ITEM_JSON})`,
  });
  const items = JSON.parse(row.items) as (CaseSummaryItem & { nextDeadline?: NextDeadline | null })[];
  if (items.length > limit) items.length = limit;
  for (const item of items) {
    if (item.nextDeadline) item.nextDeadline.ruleName = ruleName(item.nextDeadline.ruleId);
  }
  const last = row.last_key === null ? undefined : items[items.length - 1];
  return {
    items,
    nextCursor: last ? encodeCursor(fingerprint, { value: row.last_key!, ids: [last.caseId] }) : null,
    limit,
  };
}

/**
 * Runs a page's SELECT (at most `limit` + 1 rows) as the CTE `page` and answers one row (`PageRow`): its
 * rows as one JSON array of items, in the page's order (the caller drops the one past `limit`), and the sort
 * key of the `limit`-th when there is one more (another page follows). The request's access-log row rides
 * in the same statement when the access-log interceptor offered it (one round trip less per list read; see
 * audit/access-log/list-read-record.ts); it names the page's case ids in the order of the response: the
 * sort key printed by PostgreSQL reads back as the same timestamptz. If that statement fails the page is
 * read again on its own and the interceptor writes the row, so a failing access log refuses the read with
 * 503 exactly as before.
 */
async function listWithReadRecord(
  dataSource: DataSource,
  select: string,
  where: Where,
  page: { direction: 'ASC' | 'DESC'; limit: number; item: string },
): Promise<PageRow> {
  const order = `page.sort_key::timestamptz ${page.direction}, page.case_id ${page.direction}`;
  const pageRow = async (recorded?: (param: (value: unknown) => string) => string): Promise<PageRow> => {
    const params = [...where.params];
    const param = (value: unknown) => `$${params.push(value)}`;
    const readRecorded = recorded ? `, read_recorded AS (${recorded(param)})` : '';
    const limit = `${param(page.limit)}::int`;
    const [row] = (await dataSource.query(
      `WITH page AS (${select})${readRecorded}
         SELECT coalesce(json_agg(${page.item} ORDER BY ${order}), '[]')::text AS items,
           CASE WHEN count(*) > ${limit} THEN (array_agg(page.sort_key ORDER BY ${order}))[${limit}] END
             AS last_key
         FROM page`,
      params,
    )) as PageRow[];
    return row;
  };
  const record = takeListReadRecord();
  if (!record) return pageRow();
  try {
    const row = await pageRow((param) => {
      const listed = `SELECT page.case_id FROM page ORDER BY ${order} LIMIT ${param(page.limit)}`;
      return listReadInsertSql(record, param, listed);
    });
    record.recorded = true;
    return row;
  } catch {
    return pageRow();
  }
}
