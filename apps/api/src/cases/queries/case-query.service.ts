/**
 * Reads for the HTTP API, from the read models only (case_summary, case_deadlines; the reporter's identity
 * from its event for the roles allowed to see it), never from the workflows. Every query is limited to the
 * caller's agency scope. Lists use keyset pagination on indexes that end in the case id (see the read-model
 * migration), so a page costs the same at 100,000 cases as at 100.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  type CaseState,
  DEFAULT_DEADLINE_POLICY,
  mayReadConfidential,
  ruleName as nameOfRule,
  type ReporterIdentity,
} from '@netral/domain';
import { DUE_KEY_SQL } from '@netral/event-store';
import type { DataSource } from 'typeorm';
import { listReadInsertSql, takeListReadRecord } from '../../audit';
import { DATA_SOURCE } from '../../infrastructure';
import { agencyScope, type AuthenticatedUser, canAccessAgency, notFoundProblem } from '../../platform';
import { addCaseFilters, instantOf, likePattern, Where } from './case-filters';
import { decodeCursor, encodeCursor, queryFingerprint } from './cursor';
import {
  type DeadlinesQuery,
  durationSeconds,
  type ListCasesQuery,
  type SortField,
  type SortOrder,
  type StatisticsQuery,
  type WorkListQuery,
} from './query.dto';

const DEFAULT_LIMIT = 20;
/** Deadlines that fall due within this window count as "due" for the metrics gauge. */
export const DUE_SOON_SECONDS = 7 * 24 * 3600;

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

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  limit: number;
}

export interface DeadlineItem {
  caseId: string;
  agency: string;
  deadlineId: string;
  ruleId: string;
  ruleName: string;
  /** Stage the deadline belongs to. */
  stage: string;
  dueDate: string;
  dueAt: string;
  status: 'upcoming' | 'overdue';
  reminders: number;
  escalations: number;
  officerId: string | null;
  reportedAsnName: string | null;
}

export interface CountRow {
  key: string;
  count: number;
}

export interface Statistics {
  asOf: string;
  /** The agency counted, or null for every agency in scope. */
  agency: string | null;
  totalCases: number;
  openCases: number;
  overdueCases: number;
  byStage: CountRow[];
  byViolationType: CountRow[];
  bySanction: CountRow[];
  byAgency: CountRow[];
  recommendationFollowUp: { received: number; followedUp: number; rate: number | null };
  medianDaysPerStage: { stage: string; medianDays: number; stays: number }[];
}

interface SummaryRow {
  case_id: string;
  agency: string;
  stage: string;
  violation_type: string | null;
  reported_asn: CaseState['reportedAsn'];
  officer_id: string | null;
  next_due_at: string | null;
  overdue: boolean;
  sanction_code: string | null;
  letter_numbers: string[];
  version: number;
  created_at: string;
  updated_at: string;
  sort_key: string;
  nd_deadline_id?: string | null;
  nd_rule_id?: string | null;
  nd_due_date?: string | null;
  nd_due_at?: string | null;
}

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
  ${isoInstant('s.updated_at')} AS updated_at`;

function toItem(row: SummaryRow): CaseSummaryItem {
  return {
    caseId: row.case_id,
    agency: row.agency,
    stage: row.stage,
    violationType: row.violation_type,
    reportedAsn: row.reported_asn,
    officerId: row.officer_id,
    nextDueAt: row.next_due_at,
    overdue: row.overdue,
    sanctionCode: row.sanction_code,
    letterNumbers: row.letter_numbers,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The agency to filter on: the caller's scope, narrowed by a requested agency; null = nothing visible. */
function scopedAgency(user: AuthenticatedUser, requested?: string): string | undefined | null {
  const scope = agencyScope(user);
  if (requested === undefined) return scope;
  return scope === undefined || scope === requested ? requested : null;
}

@Injectable()
export class CaseQueryService {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** GET /cases/{id}: the stored state, the reporter's identity only for roles allowed to see it. */
  async getCase(user: AuthenticatedUser, caseId: string): Promise<CaseState> {
    const [row] = (await this.dataSource.query(`SELECT agency, state FROM case_summary WHERE case_id = $1`, [
      caseId,
    ])) as { agency: string; state: CaseState }[];
    if (!row || !canAccessAgency(user, row.agency)) throw notFoundProblem('case');
    // The read model never holds the identity; its event does.
    if (!mayReadConfidential(user.role)) return row.state;
    const [identity] = (await this.dataSource.query(
      `SELECT data->'reporter' AS reporter FROM events
       WHERE stream_id = $1 AND type = 'ReporterIdentityRecorded' ORDER BY version DESC LIMIT 1`,
      [caseId],
    )) as { reporter: ReporterIdentity }[];
    return { ...row.state, confidential: { reporter: identity?.reporter ?? null } };
  }

  /**
   * The cases that linked this one as the case against their ASN's direct superior (PP 94/2021 Ps 28), so the
   * link shows from both sides; only those the caller's agency scope may read.
   */
  async superiorCaseOf(user: AuthenticatedUser, caseId: string): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT case_id, agency FROM case_summary WHERE state->'superiorCase'->>'linkedCaseId' = $1 ORDER BY case_id`,
      [caseId],
    )) as { case_id: string; agency: string }[];
    return rows.filter((r) => canAccessAgency(user, r.agency)).map((r) => r.case_id);
  }

  /** GET /cases */
  async listCases(user: AuthenticatedUser, query: ListCasesQuery): Promise<Page<CaseSummaryItem>> {
    const sort: SortField = query.sort ?? 'nextDueAt';
    const order: SortOrder = query.order ?? 'asc';
    const limit = query.limit ? Number(query.limit) : DEFAULT_LIMIT;
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
    return this.page(where, {
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
  async workList(user: AuthenticatedUser, query: WorkListQuery): Promise<Page<WorkListItem>> {
    const limit = query.limit ? Number(query.limit) : DEFAULT_LIMIT;
    const where = new Where();
    const scope = agencyScope(user);
    if (scope !== undefined) where.add(`s.agency = ${where.param(scope)}`);
    if (user.role === 'officer') where.add(`s.officer_id = ${where.param(user.id)}`);
    where.add(`s.stage <> 'closed'`);
    const fingerprint = queryFingerprint({ route: 'work-list', user: user.id, scope: scope ?? '*' });
    const page = await this.page(where, {
      sortSql: SORT_SQL.nextDueAt,
      order: 'asc',
      limit,
      cursor: query.cursor,
      fingerprint,
      withNextDeadline: true,
    });
    return page as Page<WorkListItem>;
  }

  private async page(
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
      where.add(
        `(${key}, s.case_id) ${op} (${where.param(position.value)}::timestamptz, ${where.param(position.ids[0])})`,
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
    const rows = await this.listWithReadRecord(select, where, { direction, limit });
    const more = rows.length > limit;
    const pageRows = more ? rows.slice(0, limit) : rows;
    const last = pageRows[pageRows.length - 1];
    const items = pageRows.map((row) =>
      options.withNextDeadline
        ? {
            ...toItem(row),
            nextDeadline: row.nd_deadline_id
              ? {
                  deadlineId: row.nd_deadline_id,
                  ruleId: row.nd_rule_id!,
                  ruleName: ruleName(row.nd_rule_id!),
                  dueDate: row.nd_due_date!,
                  dueAt: row.nd_due_at!,
                }
              : null,
          }
        : toItem(row),
    );
    return {
      items,
      nextCursor:
        more && last ? encodeCursor(fingerprint, { value: last.sort_key, ids: [last.case_id] }) : null,
      limit,
    };
  }

  /**
   * Runs a page's SELECT, with the request's access-log row in the same statement when the access-log
   * interceptor offered it (one round trip less per list read; see audit/access-log/list-read-record.ts).
   * The row names the page's case ids in the order of the response: the sort key printed by PostgreSQL
   * reads back as the same timestamptz. If that statement fails the page is read again on its own and the
   * interceptor writes the row, so a failing access log refuses the read with 503 exactly as before.
   */
  private async listWithReadRecord(
    select: string,
    where: Where,
    page: { direction: 'ASC' | 'DESC'; limit: number },
  ): Promise<SummaryRow[]> {
    const record = takeListReadRecord();
    if (!record) return (await this.dataSource.query(select, where.params)) as SummaryRow[];
    const params = [...where.params];
    const param = (value: unknown) => `$${params.push(value)}`;
    const order = `page.sort_key::timestamptz ${page.direction}, page.case_id ${page.direction}`;
    const listed = `SELECT page.case_id FROM page ORDER BY ${order} LIMIT ${param(page.limit)}`;
    try {
      const rows = (await this.dataSource.query(
        `WITH page AS (${select}), read_recorded AS (${listReadInsertSql(record, param, listed)})
         SELECT page.* FROM page ORDER BY ${order}`,
        params,
      )) as SummaryRow[];
      record.recorded = true;
      return rows;
    } catch {
      return (await this.dataSource.query(select, where.params)) as SummaryRow[];
    }
  }

  /** GET /deadlines: open deadlines in scope, soonest (or longest overdue) first. */
  async deadlines(user: AuthenticatedUser, query: DeadlinesQuery): Promise<Page<DeadlineItem>> {
    const status = query.status ?? 'upcoming';
    const limit = query.limit ? Number(query.limit) : DEFAULT_LIMIT;
    const within = query.within ?? (status === 'upcoming' ? 'P7D' : undefined);
    const where = new Where();
    where.add(`d.status = 'open'`);
    const scope = agencyScope(user);
    if (scope !== undefined) where.add(`s.agency = ${where.param(scope)}`);
    if (status === 'upcoming') {
      where.add(`d.due_at >= now()`);
      where.add(`d.due_at < now() + make_interval(secs => ${where.param(durationSeconds(within!))})`);
    } else {
      where.add(`d.due_at < now()`);
      if (within) {
        where.add(`d.due_at >= now() - make_interval(secs => ${where.param(durationSeconds(within))})`);
      }
    }
    const fingerprint = queryFingerprint({ route: 'deadlines', status, within, scope: scope ?? '*' });
    if (query.cursor) {
      const position = decodeCursor(query.cursor, fingerprint, 2);
      where.add(
        `(d.due_at, d.case_id, d.deadline_id) > (${where.param(position.value)}::timestamptz, ${where.param(
          position.ids[0],
        )}, ${where.param(position.ids[1])})`,
      );
    }
    const rows = (await this.dataSource.query(
      `SELECT d.case_id, s.agency, d.deadline_id, d.rule_id, d.stage, d.due_date::text AS due_date, d.due_at,
         d.due_at::text AS sort_key, d.reminders, d.escalations, s.officer_id, s.reported_asn_name
       FROM case_deadlines d JOIN case_summary s ON s.case_id = d.case_id
       ${where.sql()}
       ORDER BY d.due_at, d.case_id, d.deadline_id
       LIMIT ${where.param(limit + 1)}`,
      where.params,
    )) as {
      case_id: string;
      agency: string;
      deadline_id: string;
      rule_id: string;
      stage: string;
      due_date: string;
      due_at: Date;
      sort_key: string;
      reminders: number;
      escalations: number;
      officer_id: string | null;
      reported_asn_name: string | null;
    }[];
    const more = rows.length > limit;
    const pageRows = more ? rows.slice(0, limit) : rows;
    const last = pageRows[pageRows.length - 1];
    return {
      items: pageRows.map((r) => ({
        caseId: r.case_id,
        agency: r.agency,
        deadlineId: r.deadline_id,
        ruleId: r.rule_id,
        ruleName: ruleName(r.rule_id),
        stage: r.stage,
        dueDate: r.due_date,
        dueAt: r.due_at.toISOString(),
        status,
        reminders: r.reminders,
        escalations: r.escalations,
        officerId: r.officer_id,
        reportedAsnName: r.reported_asn_name,
      })),
      nextCursor:
        more && last
          ? encodeCursor(fingerprint, { value: last.sort_key, ids: [last.case_id, last.deadline_id] })
          : null,
      limit,
    };
  }

  /** GET /statistics (each figure is defined in the OpenAPI description of the endpoint). */
  async statistics(user: AuthenticatedUser, query: StatisticsQuery): Promise<Statistics> {
    const agency = scopedAgency(user, query.agency);
    const asOf = new Date().toISOString();
    const where = new Where();
    if (agency === null) where.add('false');
    else if (agency !== undefined) where.add(`s.agency = ${where.param(agency)}`);
    addCaseFilters(where, query);
    const filter = where.sql();

    // One scan for every count: each grouping set is one breakdown, () is the total.
    const groups = (await this.dataSource.query(
      `SELECT GROUPING(s.stage) AS g_stage, GROUPING(s.violation_type) AS g_violation,
         GROUPING(s.sanction_code) AS g_sanction, GROUPING(s.agency) AS g_agency,
         s.stage, s.violation_type, s.sanction_code, s.agency, count(*)::int AS n,
         count(*) FILTER (WHERE s.stage <> 'closed')::int AS open,
         count(*) FILTER (WHERE s.next_due_at < now())::int AS overdue
       FROM case_summary s ${filter}
       GROUP BY GROUPING SETS ((s.stage), (s.violation_type), (s.sanction_code), (s.agency), ())`,
      where.params,
    )) as {
      g_stage: number;
      g_violation: number;
      g_sanction: number;
      g_agency: number;
      stage: string;
      violation_type: string | null;
      sanction_code: string | null;
      agency: string | null;
      n: number;
      open: number;
      overdue: number;
    }[];
    const total = groups.find((g) => g.g_stage && g.g_violation && g.g_sanction && g.g_agency);
    const by = (
      pick: (g: (typeof groups)[number]) => string | null,
      grouped: keyof (typeof groups)[number],
    ) =>
      groups
        .filter((g) => Number(g[grouped]) === 0 && pick(g) !== null)
        .map((g) => ({ key: pick(g)!, count: g.n }))
        .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));

    const [recommendations] = (await this.dataSource.query(
      `SELECT count(*)::int AS received, count(*) FILTER (WHERE (r->>'followedUp')::boolean)::int AS followed
       FROM case_summary s CROSS JOIN LATERAL jsonb_array_elements(s.state->'recommendations') r ${filter}`,
      where.params,
    )) as { received: number; followed: number }[];

    const stays = (await this.dataSource.query(
      `SELECT h->>'stage' AS stage, count(*)::int AS stays,
         percentile_cont(0.5) WITHIN GROUP (
           ORDER BY extract(epoch FROM (h->>'leftAt')::timestamptz - (h->>'enteredAt')::timestamptz) / 86400
         ) AS median
       FROM case_summary s CROSS JOIN LATERAL jsonb_array_elements(s.stage_history) h
       ${filter ? `${filter} AND` : 'WHERE'} h->>'leftAt' IS NOT NULL
       GROUP BY 1 ORDER BY 1`,
      where.params,
    )) as { stage: string; stays: number; median: number }[];

    return {
      asOf,
      agency: agency ?? null,
      totalCases: total?.n ?? 0,
      openCases: total?.open ?? 0,
      overdueCases: total?.overdue ?? 0,
      byStage: by((g) => g.stage, 'g_stage'),
      byViolationType: by((g) => g.violation_type, 'g_violation'),
      bySanction: by((g) => g.sanction_code, 'g_sanction'),
      byAgency: by((g) => g.agency, 'g_agency'),
      recommendationFollowUp: {
        received: recommendations?.received ?? 0,
        followedUp: recommendations?.followed ?? 0,
        rate: recommendations?.received ? recommendations.followed / recommendations.received : null,
      },
      medianDaysPerStage: stays.map((s) => ({
        stage: s.stage,
        medianDays: Math.round(Number(s.median) * 100) / 100,
        stays: s.stays,
      })),
    };
  }

  /** Open deadlines due within the reminder window and past due, for the metrics gauges. */
  async deadlineCounts(): Promise<{ due: number; overdue: number }> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE due_at >= now() AND due_at < now() + make_interval(secs => $1))::int AS due,
         count(*) FILTER (WHERE due_at < now())::int AS overdue
       FROM case_deadlines WHERE status = 'open'`,
      [DUE_SOON_SECONDS],
    )) as { due: number; overdue: number }[];
    return { due: row?.due ?? 0, overdue: row?.overdue ?? 0 };
  }
}
