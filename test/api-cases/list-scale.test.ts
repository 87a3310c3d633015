/**
 * The case list at 100,000 cases: the queries GET /cases and GET /work-list send are answered from the
 * read-model indexes (EXPLAIN shows no sequential scan of case_summary) and within a few milliseconds.
 */
import { caseReadModelMigrations, openDataSource } from '@netral/event-store';
import type { DataSource } from 'typeorm';
import { CaseQueryService } from '../../apps/api/src/cases/queries/case-query.service';
import type { ListCasesQuery } from '../../apps/api/src/cases/queries/query.dto';
import type { AuthenticatedUser } from '../../apps/api/src/platform';
import { createTestDatabase } from '../support/database';

const CASES = 100_000;
let dataSource: DataSource;

beforeAll(async () => {
  dataSource = await openDataSource({
    url: await createTestDatabase('api_cases_scale'),
    migrations: caseReadModelMigrations,
    poolSize: 2,
  });
  // 20 agencies, every stage, due dates spread over a year, names with a number to search for.
  await dataSource.query(`
    INSERT INTO case_summary (case_id, agency, stage, violation_type, reported_asn_name, reported_asn_nip,
      officer_id, next_due_at, letter_numbers, version, created_at, updated_at, state, search_text)
    SELECT 'NTR-' || lpad(i::text, 12, '0'), 'agency-' || (i % 20), (ARRAY['intake','clarification',
        'follow_up','examination','decision','delivery','objection_window','closed'])[1 + i % 8],
      'PP94_5N_1_IKUT_KAMPANYE', 'Pegawai ' || i, lpad(i::text, 18, '0'), 'officer-' || (i % 500),
      CASE WHEN i % 8 = 7 THEN NULL ELSE now() + ((i % 365) - 30) * interval '1 day' END,
      ARRAY['SURAT/' || i || '/2025'], 5, now() - (i || ' minutes')::interval, now() - (i % 1000) * interval '1 second',
      jsonb_build_object('reportedAsn', jsonb_build_object('name', 'Pegawai ' || i)),
      lower('Pegawai ' || i || ' ' || lpad(i::text, 18, '0') || ' SURAT/' || i || '/2025')
    FROM generate_series(1, ${CASES}) AS i`);
  await dataSource.query(`ANALYZE case_summary`);
}, 60_000);
afterAll(async () => {
  await dataSource?.destroy();
});

/** Runs a query of the service and EXPLAINs the SQL it sent. */
async function explain(
  run: (service: CaseQueryService) => Promise<unknown>,
): Promise<{ plan: string; ms: number; result: unknown }> {
  const sent: { sql: string; params: unknown[] }[] = [];
  const recording = {
    query: (sql: string, params: unknown[]) => {
      sent.push({ sql, params });
      return dataSource.query(sql, params);
    },
  } as unknown as DataSource;
  const started = performance.now();
  const result = await run(new CaseQueryService(recording));
  const ms = performance.now() - started;
  const [{ sql, params }] = sent;
  const rows = (await dataSource.query(`EXPLAIN ${sql}`, params)) as { 'QUERY PLAN': string }[];
  return { plan: rows.map((r) => r['QUERY PLAN']).join('\n'), ms, result };
}

const officer: AuthenticatedUser = { id: 'officer-7', role: 'officer', agency: 'agency-7', name: 'x' };
const auditor: AuthenticatedUser = { id: 'bkn', role: 'auditor', agency: '*', name: 'x' };

it.each<[string, AuthenticatedUser, ListCasesQuery]>([
  ['the default list (next due date)', officer, {}],
  ['one stage', officer, { stage: 'examination' }],
  ['updated, newest first', officer, { sort: 'updatedAt', order: 'desc' }],
  ['created, national scope', auditor, { sort: 'createdAt' }],
  ['a search', officer, { q: 'surat/4207' }],
])('%s uses an index', async (_name, user, query) => {
  const { plan, ms } = await explain((service) => service.listCases(user, { limit: '20', ...query }));
  expect(plan).not.toMatch(/Seq Scan on case_summary/);
  expect(plan).toMatch(/Index|Bitmap/);
  expect(ms).toBeLessThan(250);
});

it('pages deep into the list by cursor at the same cost', async () => {
  const service = new CaseQueryService(dataSource);
  let page = await service.listCases(officer, { limit: '100' });
  for (let i = 0; i < 10; i += 1)
    page = await service.listCases(officer, { limit: '100', cursor: page.nextCursor! });
  const { plan, ms } = await explain((s) => s.listCases(officer, { limit: '100', cursor: page.nextCursor! }));
  expect(plan).not.toMatch(/Seq Scan on case_summary/);
  expect(ms).toBeLessThan(250);
});

it('the work list uses the officer index', async () => {
  const { plan } = await explain((service) => service.workList(officer, { limit: '20' }));
  expect(plan).not.toMatch(/Seq Scan on case_summary/);
});

/**
 * Past the last due date the cursor's key is 'infinity', where PostgreSQL estimates the row comparison
 * `(key, case_id) > ('infinity', …)` at one row and, for an agency with a third of the cases (the bench's),
 * took the all-agency due index, filtering out the other agencies' cases: 3× the rows read, and for a
 * smaller agency in a larger table far more. Here a large agency is added, as the bench has them.
 */
it('pages past the last due date on the agency index, every case once and in order', async () => {
  await dataSource.query(`
    INSERT INTO case_summary (case_id, agency, stage, violation_type, reported_asn_name, reported_asn_nip,
      officer_id, next_due_at, letter_numbers, version, created_at, updated_at, state, search_text)
    SELECT 'BIG-' || lpad(i::text, 12, '0'), 'agency-big', 'examination', 'PP94_5N_1_IKUT_KAMPANYE',
      'Pegawai ' || i, lpad(i::text, 18, '0'), 'officer-big', CASE WHEN i % 5 = 4 THEN NULL
      ELSE now() + ((i % 60) - 10) * interval '1 day' END, ARRAY[]::text[], 1, now(), now(), '{}', 'pegawai'
    FROM generate_series(1, 50000) AS i`);
  await dataSource.query(`ANALYZE case_summary`);
  const big: AuthenticatedUser = {
    id: 'supervisor-big',
    role: 'supervisor',
    agency: 'agency-big',
    name: 'x',
  };
  const service = new CaseQueryService(dataSource);
  const seen: { caseId: string; nextDueAt: string | null }[] = [];
  let cursor: string | undefined;
  let undatedCursor: string | undefined;
  do {
    const page = await service.listCases(big, { limit: '1000', ...(cursor ? { cursor } : {}) });
    seen.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    if (!undatedCursor && cursor && page.items.at(-1)?.nextDueAt === null) undatedCursor = cursor;
  } while (cursor);
  expect(seen).toHaveLength(50_000);
  expect(new Set(seen.map((c) => c.caseId)).size).toBe(50_000);
  const undated = seen.filter((c) => c.nextDueAt === null).map((c) => c.caseId);
  expect(undated).toHaveLength(10_000);
  expect(undated).toEqual([...undated].sort());
  expect(seen.findIndex((c) => c.nextDueAt === null)).toBe(40_000);

  const { plan } = await explain((s) => s.listCases(big, { limit: '50', cursor: undatedCursor! }));
  // The agency's index, and an estimate of more than the page (it was one row, a tie with the other index).
  const scan = /Index Scan using (\S+) on case_summary s .*rows=(\d+)/.exec(plan);
  expect(scan?.[1]).toBe('case_summary_agency_due_idx');
  expect(Number(scan?.[2])).toBeGreaterThan(50);
}, 60_000);
