/**
 * GET /deadlines and the deadline gauges: open deadlines from case_deadlines, joined to case_summary for the
 * agency scope and what a list shows of the case.
 */
import type { DataSource } from 'typeorm';
import { agencyScope, type AuthenticatedUser, type DeadlineCounts } from '../../platform';
import { ruleName } from './case-list.query';
import { Where } from './case-filters';
import { decodeCursor, encodeCursor, type Page, pageLimit, queryFingerprint, takePage } from './cursor';
import { type DeadlinesQuery, durationSeconds } from './query.dto';

/** Deadlines that fall due within this window count as "due" for the metrics gauge. */
export const DUE_SOON_SECONDS = 7 * 24 * 3600;

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

/** GET /deadlines: open deadlines in scope, soonest (or longest overdue) first. */
export async function listDeadlines(
  dataSource: DataSource,
  user: AuthenticatedUser,
  query: DeadlinesQuery,
): Promise<Page<DeadlineItem>> {
  const status = query.status ?? 'upcoming';
  const limit = pageLimit(query.limit);
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
  const selected = (await dataSource.query(
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
  const { rows, last } = takePage(selected, limit);
  return {
    items: rows.map((r) => ({
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
    nextCursor: last
      ? encodeCursor(fingerprint, { value: last.sort_key, ids: [last.case_id, last.deadline_id] })
      : null,
    limit,
  };
}

/**
 * Open deadlines due within the reminder window and past due, and open deadlines nobody counts (untracked:
 * the partial index of case_summary), for the metrics gauges.
 */
export async function deadlineCounts(dataSource: DataSource): Promise<DeadlineCounts> {
  const [row] = (await dataSource.query(
    `SELECT count(*) FILTER (WHERE due_at >= now() AND due_at < now() + make_interval(secs => $1))::int AS due,
         count(*) FILTER (WHERE due_at < now())::int AS overdue,
         (SELECT coalesce(sum(untracked_deadlines), 0)::int FROM case_summary WHERE untracked_deadlines > 0)
           AS untracked
       FROM case_deadlines WHERE status = 'open'`,
    [DUE_SOON_SECONDS],
  )) as DeadlineCounts[];
  return { due: row?.due ?? 0, overdue: row?.overdue ?? 0, untracked: row?.untracked ?? 0 };
}
