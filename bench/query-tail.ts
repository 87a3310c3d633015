/**
 * Where GET /cases's p99 comes from, run after run (#15), without re-seeding each time: one persistent
 * embedded PostgreSQL (QT_DATA, default /tmp/netral-query-tail) seeded once with the http bench's 100,000
 * cases (seedListedCases), then QT_ROUNDS service starts (bench/processes.ts, production flags), each running
 * the http bench's query sequence (20 sequential rounds of every query, then per query 20 warm-up requests and
 * QT_RUNS measured runs of 200 at concurrency 4), traced (bench/http-trace.ts). Per measured run: p50/p99,
 * the API's CPU per request, its GC pauses, and the slowest requests with their place in the run.
 * `npx tsx bench/query-tail.ts` after `npm run build`; QT_QUERIES=first_page,next_page_by_cursor picks queries.
 */
import * as path from 'node:path';
import { Pool } from 'pg';
import { startEmbeddedPostgres } from '@netral/embedded-postgres';
import type * as PlatformModule from '../apps/api/src/platform';
import {
  getter,
  listedQueries,
  poster,
  registerBody,
  seedListedCases,
  warmUntilCompiled,
} from './http.bench';
import { RequestTracer } from './http-trace';
import { startServiceProcesses } from './processes';
import { BENCH_SECRET, fromDist, measure, nodeFlagsFrom, officerAndSupervisor, round } from './support';

process.env.BENCH_TRACE = '1';
const DATA = process.env.QT_DATA ?? '/tmp/netral-query-tail';
const ROUNDS = Number(process.env.QT_ROUNDS ?? 1);
const RUNS = Number(process.env.QT_RUNS ?? 1);
const ONLY = process.env.QT_QUERIES?.split(',');

async function main(): Promise<void> {
  const { mintLocalToken } = await fromDist<typeof PlatformModule>('apps/api/src/platform/index.js');
  const pg = await startEmbeddedPostgres({
    dataDir: path.resolve(DATA),
    persistent: true,
    settings: { shared_preload_libraries: 'pg_stat_statements' },
  });
  try {
    const url = await pg.createDatabase('bench_http');
    for (let round_ = 0; round_ < ROUNDS; round_++) {
      const service = await startServiceProcesses({
        databaseUrl: url,
        secret: BENCH_SECRET,
        apiExecArgv: nodeFlagsFrom('BENCH_API_NODE_OPTIONS'),
      });
      const get = getter(service.url, new RequestTracer());
      const tracer = new RequestTracer();
      const traced = getter(service.url, tracer);
      try {
        const pool = new Pool({ connectionString: url, max: 1 });
        const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM case_summary`);
        await pool.end();
        if (rows[0].n < 100_000) {
          const post = poster(service.url);
          const { officer } = await officerAndSupervisor(mintLocalToken);
          await post('/cases', officer, registerBody(0));
          post.close();
          await seedListedCases(url);
          console.log('seeded');
        }
        const cases = await listedQueries(mintLocalToken, get);
        // The first requests a started API serves: one alone, then a burst at the measured concurrency.
        for (const burst of [1, 4, 4]) {
          await measure(burst, burst, () => traced(...cases.first_page));
          const { requests } = tracer.collect(await service.traceOf());
          console.log(
            JSON.stringify({
              cold: burst,
              requests: requests.map((r) => ({
                total: r.totalMs,
                before: r.beforeApiMs,
                api: round(r.apiBeforeSqlMs + r.apiAfterSqlMs),
                sql: r.sqlMs,
              })),
            }),
          );
        }
        for (let i = 0; i < 20; i++) for (const [u, token] of Object.values(cases)) await get(u, token);
        // QT_WARM=none: only the 20 sequential rounds (the bench before session 18).
        if (process.env.QT_WARM !== 'none')
          console.log(JSON.stringify(await warmUntilCompiled(service, get, cases)));
        for (const [name, [u, token]] of Object.entries(cases)) {
          if (ONLY && !ONLY.includes(name)) continue;
          await measure(4, 20, () => get(u, token));
          for (let run = 0; run < RUNS; run++) {
            tracer.collect(await service.traceOf());
            const cpu = service.cpuMs().api;
            const load = (await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
            const result = await measure(4, 200, () => traced(u, token));
            const apiCpu = round((service.cpuMs().api - cpu) / 200);
            const { requests, summary } = tracer.collect(await service.traceOf());
            const order = new Map(
              [...requests].sort((a, b) => a.at.localeCompare(b.at)).map((r, i) => [r.id, i]),
            );
            const slow = [...requests].sort((a, b) => b.totalMs - a.totalMs).slice(0, 4);
            console.log(
              JSON.stringify({
                round: round_,
                name,
                run,
                load,
                p50: result.p50Ms,
                p99: result.p99Ms,
                apiCpu,
                over50: requests.filter((r) => r.totalMs > 50).length,
                gc: summary.gc,
                slow: slow.map((r) => ({
                  at: order.get(r.id),
                  total: r.totalMs,
                  before: r.beforeApiMs,
                  api: round(r.apiBeforeSqlMs + r.apiAfterSqlMs),
                  sql: r.sqlMs,
                  after: r.afterApiMs,
                  gc: r.gcMs,
                })),
              }),
            );
          }
        }
      } finally {
        get.close();
        traced.close();
        await service.stop();
      }
    }
  } finally {
    await pg.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
