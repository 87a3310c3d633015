/**
 * The HTTP API over real HTTP, the whole service in this process (embedded Temporal, worker, API):
 * - commands: throughput and p50/p99 latency with 1, 10 and 50 concurrent officers, each driving its own
 *   cases (register → assign → start clarification → register the next …);
 * - queries: `GET /cases` latency with 100,000 cases in the read model (filters, text search, sort, the
 *   next page by cursor) and the work list.
 * The API runs from the compiled `dist/` (`npm run build` first; `npm run bench` does): NestJS needs the
 * decorator metadata that tsc emits and tsx does not.
 */
import * as path from 'node:path';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import pino from 'pino';
import { Client as PgClient, Pool as PgPool } from 'pg';
import type * as ServiceModule from '../apps/api/src/service';
import type * as PlatformModule from '../apps/api/src/platform';
import type { DataSource } from 'typeorm';
import type * as InfrastructureModule from '../apps/api/src/infrastructure';
import { recordFigure } from './figures';
import {
  measure,
  sampleMemory,
  withStatementStats,
  writeResult,
  type LatencySummary,
  type MemoryPeak,
  type StatementStats,
} from './support';

const SECRET = 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const AGENCIES = ['kota-bekasi', 'kab-bogor', 'kota-kediri'];
const LISTED_CASES = 100_000;
/** Commands per officer and run; BENCH_COMMANDS_PER_OFFICER=3 for a quick try. */
const COMMANDS_PER_OFFICER = Number(process.env.BENCH_COMMANDS_PER_OFFICER ?? 30);

async function fromDist<T>(file: string): Promise<T> {
  const compiled = path.join(__dirname, '..', 'dist', file);
  try {
    return (await import(compiled)) as T;
  } catch (cause) {
    throw new Error(`${compiled} is missing or broken: run \`npm run build\` first`, { cause });
  }
}

export const registerBody = (n: number) => ({
  source: { kind: 'public_report', reference: `LAP-BENCH-${n}`, receivedOn: '2026-11-02' },
  reportedAsn: {
    nip: String(198000000000000000 + n).slice(0, 18),
    name: `Pegawai Uji ${n}`,
    position: 'Analis Kebijakan',
    unit: 'Sekretariat Daerah',
    agency: 'Pemerintah Kota Bekasi',
    employeeType: 'PNS',
  },
  violationType: 'PP94_5N_1_IKUT_KAMPANYE',
  conduct: 'Hadir pada kampanye terbuka pasangan calon',
  election: { kind: 'pilkada', year: 2026 },
  reporter: { name: 'Pelapor Uji', address: 'Jl. Uji 1, Bekasi' },
});

export async function benchHttp(databaseUrl: string): Promise<string> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const { startService } = await fromDist<typeof ServiceModule>('apps/api/src/service.js');
  const { platformConfig, mintLocalToken } = await fromDist<typeof PlatformModule>(
    'apps/api/src/platform/index.js',
  );
  const { DATA_SOURCE } = await fromDist<typeof InfrastructureModule>('apps/api/src/infrastructure/index.js');
  const service = await startService({
    databaseUrl,
    platform: platformConfig(
      {
        mode: 'local',
        secret: SECRET,
        issuer: 'netral-local',
        audience: 'netral-api',
        clockToleranceSeconds: 5,
      },
      { rateLimit: { limit: 1_000_000, windowMs: 60_000 }, logLevel: 'warn' },
    ),
    logger: pino({ level: 'warn' }),
    temporalPort: 0,
    port: 0,
    host: '127.0.0.1',
    worker: {
      maxConcurrentActivityTaskExecutions: 100,
      // BENCH_MAX_CACHED_WORKFLOWS compares the worker's workflow cache sizes (memory figure).
      ...(process.env.BENCH_MAX_CACHED_WORKFLOWS
        ? { maxCachedWorkflows: Number(process.env.BENCH_MAX_CACHED_WORKFLOWS) }
        : {}),
      activityOptions: { log: { info: () => {} } },
    },
  });
  const officer = await mintLocalToken({ secret: SECRET, role: 'officer', agency: 'kota-bekasi', ttl: '2h' });
  const supervisor = await mintLocalToken({
    secret: SECRET,
    role: 'supervisor',
    agency: 'kota-bekasi',
    ttl: '2h',
  });
  const post = async (url: string, token: string, body: unknown) => {
    const response = await fetch(`${service.url}${url}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
    return response;
  };
  const get = async (url: string, token: string) => {
    const response = await fetch(`${service.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { items?: unknown[]; nextCursor?: string | null };
  };

  const commands: Record<string, LatencySummary> = {};
  const commandStatements: Record<string, StatementStats | null> = {};
  const failedCommands: Record<string, { count: number; first: string }> = {};
  const queries: Record<
    string,
    LatencySummary & { plan?: string[]; statements?: StatementStats['statements'] }
  > = {};
  let memory: MemoryPeak | null = null;
  const stats = new PgPool({ connectionString: databaseUrl, max: 1 });
  try {
    // Commands: each officer cycles through three commands on its own current case.
    let serial = 0;
    for (const officers of [1, 10, 50]) {
      // Per officer: the case it works on and how far it got (register → assign → start clarification).
      const current: { caseId: string; step: number }[] = [];
      const total = officers * COMMANDS_PER_OFFICER;
      const failed: string[] = [];
      // The whole service's memory is the figure of the 50-officer run.
      const memorySampler = officers === 50 ? sampleMemory() : undefined;
      const run = await withStatementStats(stats, total, () =>
        measure(officers, total, async (worker) => {
          const mine = current[worker];
          try {
            if (!mine || mine.step === 2) {
              const response = await post('/cases', officer, registerBody(serial++));
              current[worker] = { caseId: response.headers.get('location')!.split('/').pop()!, step: 0 };
            } else if (mine.step === 0) {
              await post(`/cases/${mine.caseId}/assignment`, supervisor, {
                officerId: 'officer-kota-bekasi',
              });
              mine.step = 1;
            } else {
              await post(`/cases/${mine.caseId}/clarification/start`, officer, { by: 'inspektorat' });
              mine.step = 2;
            }
          } catch (e) {
            // A refused or timed-out command is counted (and its time kept), not fatal: the run goes on.
            failed.push(String(e).slice(0, 300));
            if (mine) current[worker] = { ...mine, step: 2 };
          }
        }),
      );
      if (failed.length > 0)
        failedCommands[`officers_${officers}`] = { count: failed.length, first: failed[0] };
      if (memorySampler) memory = memorySampler.stop();
      commands[`officers_${officers}`] = run.result;
      commandStatements[`officers_${officers}`] = run.stats;
      console.log(`http commands, ${officers} officers:`, run.result, {
        roundTripsPerCommand: run.stats?.roundTripsPerOperation,
        failed: failed.length,
      });
    }
    recordFigure('http_command_1_officer_p50', commands.officers_1.p50Ms);
    recordFigure('http_commands_10_officers', commands.officers_10.perSecond);
    recordFigure('http_commands_10_officers_p99', commands.officers_10.p99Ms);
    recordFigure('http_commands_50_officers', commands.officers_50.perSecond);
    if (memory) {
      recordFigure('service_memory_50_officers', memory.peakMiB);
      console.log(
        `whole service (this process and its PostgreSQL), 50 officers: peak ${memory.peakMiB} MiB PSS`,
        memory.atPeak,
      );
    }

    // Queries: clone the cases the commands made into 100,000 read-model rows across three agencies.
    const pg = new PgClient({ connectionString: databaseUrl });
    await pg.connect();
    try {
      await pg.query(
        `INSERT INTO case_summary
         SELECT (jsonb_populate_record(NULL::case_summary, to_jsonb(t) || jsonb_build_object(
                  'case_id', 'BENCH-' || g,
                  'agency', ($2::text[])[1 + g % 3],
                  'stage', (ARRAY['registered','clarification','examination','decided','closed'])[1 + g % 5],
                  'reported_asn_name', 'Pegawai Uji ' || g,
                  'reported_asn_nip', lpad(g::text, 18, '1'),
                  'search_text', lower('pegawai uji ' || g || ' ' || lpad(g::text, 18, '1') || ' lap-' || g),
                  'officer_id', 'officer-' || ($2::text[])[1 + g % 3] || '-' || (g % 20),
                  'next_due_at', CASE WHEN g % 5 = 4 THEN NULL ELSE now() + ((g % 60) - 10) * interval '1 day' END,
                  'overdue', g % 60 < 10 AND g % 5 <> 4,
                  'created_at', now() - (g % 365) * interval '1 day',
                  'updated_at', now() - (g % 90) * interval '1 hour'))).*
         FROM (SELECT * FROM case_summary LIMIT 1) t CROSS JOIN generate_series(1, $1) g`,
        [LISTED_CASES, AGENCIES],
      );
      await pg.query('ANALYZE case_summary');
    } finally {
      await pg.end();
    }
    const reader = await mintLocalToken({
      secret: SECRET,
      role: 'supervisor',
      agency: 'kota-bekasi',
      ttl: '2h',
    });
    const listed = await mintLocalToken({
      secret: SECRET,
      role: 'officer',
      agency: 'kota-bekasi',
      sub: 'officer-kota-bekasi-7',
      ttl: '2h',
    });
    const page2 = (await get('/cases?limit=50', reader)).nextCursor;
    const cases: Record<string, [string, string]> = {
      first_page: ['/cases?limit=50', reader],
      by_stage: ['/cases?stage=examination&limit=50', reader],
      overdue: ['/cases?overdue=true&limit=50', reader],
      text_search: ['/cases?q=uji%2012345&limit=50', reader],
      sort_updated_desc: ['/cases?sort=updatedAt&order=desc&limit=50', reader],
      next_page_by_cursor: [`/cases?limit=50&cursor=${encodeURIComponent(page2 ?? '')}`, reader],
      work_list: ['/work-list', listed],
    };
    const plans = await capturePlans(service.api.get<DataSource>(DATA_SOURCE, { strict: false }), stats);
    for (const [name, [url, token]] of Object.entries(cases)) {
      // Warm, and take the plan of the query this request runs.
      const plan = await plans.of(() => get(url, token));
      const { result, stats: statements } = await withStatementStats(stats, 200, () =>
        measure(4, 200, () => get(url, token)),
      );
      queries[name] = { ...result, plan, statements: statements?.statements.slice(0, 4) };
      recordFigure(`get_cases_${name}_p99`, queries[name].p99Ms);
      console.log(`http list, ${name}:`, {
        ...queries[name],
        plan: plan.filter((l) => /Index|Scan|Execution/.test(l)),
      });
    }
  } finally {
    await service.stop();
    await stats.end();
  }
  return writeResult('http', {
    note: 'whole service in one process on this machine; commands go through the case workflow (update) and the event store',
    commandsPerOfficer: COMMANDS_PER_OFFICER,
    listedCases: LISTED_CASES,
    commands,
    commandStatements,
    failedCommands,
    memory: { note: 'PSS of this process and its PostgreSQL processes, 50-officer run', ...memory },
    queries,
  });
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the read-model query a request runs: the service's own DataSource is watched
 * while the request runs (bench instrumentation only), and its `case_summary` query is explained again with
 * the same parameters.
 */
async function capturePlans(dataSource: DataSource, pool: PgPool) {
  const original = dataSource.query.bind(dataSource);
  let captured: { sql: string; params?: unknown[] }[] | undefined;
  dataSource.query = ((sql: string, params?: unknown[], ...rest: unknown[]) => {
    captured?.push({ sql, params });
    return (original as (...args: unknown[]) => Promise<unknown>)(sql, params, ...rest);
  }) as DataSource['query'];
  return {
    async of(request: () => Promise<unknown>): Promise<string[]> {
      const statements: { sql: string; params?: unknown[] }[] = [];
      captured = statements;
      try {
        await request();
      } finally {
        captured = undefined;
      }
      const query = statements.find((s) => /FROM case_summary s/.test(s.sql));
      if (!query) return ['(no case_summary query captured)'];
      const { rows } = await pool.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`,
        query.params,
      );
      return rows.map((r) => r['QUERY PLAN']);
    },
  };
}
