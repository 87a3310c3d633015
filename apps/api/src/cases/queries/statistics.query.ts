/**
 * GET /statistics: the counts and medians over case_summary of the caller's agency scope, under the same
 * filters as the case search. Each figure is defined in the OpenAPI description of the endpoint.
 */
import type { DataSource } from 'typeorm';
import { type AuthenticatedUser } from '../../platform';
import { addCaseFilters, scopedAgency, Where } from './case-filters';
import { type StatisticsQuery } from './query.dto';

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

export async function statistics(
  dataSource: DataSource,
  user: AuthenticatedUser,
  query: StatisticsQuery,
): Promise<Statistics> {
  const agency = scopedAgency(user, query.agency);
  const asOf = new Date().toISOString();
  const where = new Where();
  if (agency === null) where.add('false');
  else if (agency !== undefined) where.add(`s.agency = ${where.param(agency)}`);
  addCaseFilters(where, query);
  const filter = where.sql();

  // One scan for every count: each grouping set is one breakdown, () is the total.
  const groups = (await dataSource.query(
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
  const by = (pick: (g: (typeof groups)[number]) => string | null, grouped: keyof (typeof groups)[number]) =>
    groups
      .filter((g) => Number(g[grouped]) === 0 && pick(g) !== null)
      .map((g) => ({ key: pick(g)!, count: g.n }))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));

  const [recommendations] = (await dataSource.query(
    `SELECT count(*)::int AS received, count(*) FILTER (WHERE (r->>'followedUp')::boolean)::int AS followed
       FROM case_summary s CROSS JOIN LATERAL jsonb_array_elements(s.state->'recommendations') r ${filter}`,
    where.params,
  )) as { received: number; followed: number }[];

  const stays = (await dataSource.query(
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
