/**
 * The HTTP API over real HTTP, the service in two processes as deployed (bench/processes.ts: embedded
 * Temporal + worker, and the API) and the load generator in this one:
 * - commands: throughput and p50/p99 latency with 1, 10 and 50 concurrent officers, each driving its own
 *   cases (register → assign → start clarification → register the next …);
 * - queries: `GET /cases` latency with 100,000 cases in the read model (filters, text search, sort, the
 *   next page by cursor) and the work list.
 * The API runs from the compiled `dist/` (`npm run build` first; `npm run bench` does): NestJS needs the
 * decorator metadata that tsc emits and tsx does not. `BENCH_ONLY=queries` (or `commands`) runs one part:
 * the queries then clone the one case they register. `BENCH_API_NODE_OPTIONS="--cpu-prof
 * --cpu-prof-dir=/tmp/prof"` passes node flags to the API process (a CPU profile of what it serves),
 * `BENCH_ENGINE_NODE_OPTIONS` the same to the engine+worker process (one profile per thread: the main
 * thread with the engine, the worker and its activities, and the SDK's workflow thread).
 * `BENCH_API_HEAP_SAMPLE=<dir>`: the API's sampling heap profile of each measured run, only of the objects
 * that outlived a scavenge (what a request promotes to the old generation; bench/service-process.ts).
 */
import { randomUUID } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Client as PgClient, Pool as PgPool } from 'pg';
import type * as PlatformModule from '../apps/api/src/platform';
import { recordFigure } from './figures';
import { RequestTracer, type RequestSplit } from './http-trace';
import { sampleConnections, sampleServiceMemory, type ServiceMemoryPeak } from './memory';
import { startServiceProcesses, type ServiceProcesses } from './processes';
import {
  BENCH_SECRET,
  fromDist,
  measure,
  nodeFlagsFrom,
  officerAndSupervisor,
  round,
  withStatementStats,
  writeResult,
  type LatencySummary,
  type StatementStats,
} from './support';

const AGENCIES = ['kota-bekasi', 'kab-bogor', 'kota-kediri'];
const LISTED_CASES = 100_000;
/** Commands per officer and run; BENCH_COMMANDS_PER_OFFICER=3 for a quick try. */
const COMMANDS_PER_OFFICER = Number(process.env.BENCH_COMMANDS_PER_OFFICER ?? 30);
/** `queries` or `commands`: only that part of this benchmark. */
const ONLY = process.env.BENCH_ONLY;
/** The command runs, by concurrent officers; BENCH_OFFICERS=1 for the one-officer latency alone. */
const OFFICERS = (process.env.BENCH_OFFICERS ?? '1,10,50').split(',').map(Number);
/** BENCH_TRACE=1: each query request's time split between load generator, API and SQL (bench/http-trace.ts). */
const TRACER = process.env.BENCH_TRACE ? new RequestTracer() : undefined;

/**
 * POSTs JSON to the service as the token's bearer over node:http with kept-alive connections; anything but
 * 2xx throws with the answer. Not `fetch`, as for the queries' client (`getter`): undici's fetch cost the
 * load generator ~3.5 ms of CPU per command on the 2 cores the service uses, and its time before the
 * request reached the API and after the API had answered was 1.5-3 ms each way of the one-officer command's
 * latency (bench/notes/s14-command-path.md). The body is still sent and read whole.
 */
export function poster(baseUrl: string) {
  const agent = new HttpAgent({ keepAlive: true });
  const post = (
    url: string,
    token: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; location?: string; body: string }> =>
    new Promise((resolve, reject) => {
      const payload = JSON.stringify(body);
      const req = httpRequest(
        `${baseUrl}${url}`,
        {
          method: 'POST',
          agent,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            ...headers,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('error', reject);
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status < 200 || status >= 300) return reject(new Error(`POST ${url}: ${status} ${text}`));
            const location = res.headers.location;
            resolve({ status, body: text, ...(location ? { location } : {}) });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  return Object.assign(post, { close: () => agent.destroy() });
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
  const { mintLocalToken } = await fromDist<typeof PlatformModule>('apps/api/src/platform/index.js');
  const service = await startServiceProcesses({
    databaseUrl,
    secret: BENCH_SECRET,
    apiExecArgv: nodeFlagsFrom('BENCH_API_NODE_OPTIONS'),
    engineWorkerExecArgv: nodeFlagsFrom('BENCH_ENGINE_NODE_OPTIONS'),
  });
  const { officer, supervisor } = await officerAndSupervisor(mintLocalToken);
  const post = poster(service.url);
  const get = getter(service.url, TRACER);
  const traces: Record<string, RequestSplit[]> = {};

  const commands: Record<string, LatencySummary> = {};
  const commandStatements: Record<string, StatementStats | null> = {};
  const failedCommands: Record<string, { count: number; first: string }> = {};
  const queries: Record<
    string,
    LatencySummary & { plan?: string[]; statements?: StatementStats['statements']; trace?: unknown }
  > = {};
  let queriesWarmUp: Awaited<ReturnType<typeof warmUntilCompiled>> | undefined;
  let memory: (ServiceMemoryPeak & { connections?: unknown; mainIsolatesAfterRun?: unknown }) | null = null;
  const finish = () =>
    writeResult('http', {
      note: 'API, engine+worker and load generator in three processes on this machine; commands go through the case workflow (update) and the event store',
      commandsPerOfficer: COMMANDS_PER_OFFICER,
      listedCases: LISTED_CASES,
      commands,
      commandStatements,
      failedCommands,
      memory: {
        note: 'PSS at the peak of the 50-officer run: the service (API + engine+worker + PostgreSQL) and, beside it, the load generator, the watchdog and the whole tree; connections: pg_stat_activity per pool',
        ...memory,
      },
      queriesWarmUp,
      queries,
    }).then(async (file) => (TRACER ? `${file}, ${await writeResult('http-trace', traces)}` : file));

  const stats = new PgPool({ connectionString: databaseUrl, max: 1 });
  try {
    // Commands: each officer cycles through three commands on its own current case.
    let serial = 0;
    // Queries alone still need one case in the read model to clone.
    if (ONLY === 'queries') await post('/cases', officer, registerBody(serial++));
    for (const officers of ONLY === 'queries' ? [] : OFFICERS) {
      // Per officer: the case it works on and how far it got (register → assign → start clarification).
      const current: { caseId: string; step: number }[] = [];
      const total = officers * COMMANDS_PER_OFFICER;
      const failed: string[] = [];
      // The whole service's memory is the figure of the 50-officer run.
      const memorySampler = officers === 50 ? sampleServiceMemory(service.pids) : undefined;
      const connectionSampler = officers === 50 ? sampleConnections(databaseUrl) : undefined;
      const apiCpu = service.cpuMs();
      const run = await withStatementStats(stats, total, () =>
        measureOnApi(service, officers, total, async (worker) => {
          const mine = current[worker];
          // As the console sends every command: with a fresh Idempotency-Key (its claim is part of the cost).
          const keyed = { 'Idempotency-Key': randomUUID() };
          try {
            if (!mine || mine.step === 2) {
              const response = await post('/cases', officer, registerBody(serial++), keyed);
              current[worker] = { caseId: response.location!.split('/').pop()!, step: 0 };
            } else if (mine.step === 0) {
              await post(
                `/cases/${mine.caseId}/assignment`,
                supervisor,
                { officerId: 'officer-kota-bekasi' },
                keyed,
              );
              mine.step = 1;
            } else {
              await post(`/cases/${mine.caseId}/clarification/start`, officer, { by: 'inspektorat' }, keyed);
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
      const connections = await connectionSampler?.stop();
      if (memorySampler) memory = memorySampler.stop();
      if (memory) memory.connections = connections;
      if (memory) memory.mainIsolatesAfterRun = await service.heapOf();
      commands[`officers_${officers}`] = { ...run.result, ...cpuPerOperation(service, apiCpu, total) };
      commandStatements[`officers_${officers}`] = run.stats;
      console.log(`http commands, ${officers} officers:`, run.result, {
        roundTripsPerCommand: run.stats?.roundTripsPerOperation,
        failed: failed.length,
      });
    }
    if (commands.officers_1) recordFigure('http_command_1_officer_p50', commands.officers_1.p50Ms);
    if (commands.officers_10) {
      recordFigure('http_commands_10_officers', commands.officers_10.perSecond);
      recordFigure('http_commands_10_officers_p99', commands.officers_10.p99Ms);
    }
    if (commands.officers_50) recordFigure('http_commands_50_officers', commands.officers_50.perSecond);
    if (memory) {
      recordFigure('service_memory_50_officers', memory.peak.serviceMiB);
      console.log(
        `service (API + engine+worker + PostgreSQL), 50 officers: peak ${memory.peak.serviceMiB} MiB PSS; ` +
          `with the load generator and the watchdog (the figure before session 9): ${memory.wholeTreePeakMiB} MiB`,
        memory.peak,
        memory.connections,
        memory.mainIsolatesAfterRun,
      );
    }

    if (ONLY === 'commands') return await finish();
    // Queries: clone the cases the commands made into 100,000 read-model rows across three agencies.
    await seedListedCases(databaseUrl);
    const cases = await listedQueries(mintLocalToken, get);
    const plans = capturePlans(service, stats);
    // Every route warm before any is measured: the first query measured used to pay the API's JIT and
    // start-up work (its CPU per request was twice the others', #15).
    for (let i = 0; i < 20; i++) {
      for (const [url, token] of Object.values(cases)) await get(url, token);
    }
    queriesWarmUp = await warmUntilCompiled(service, get, cases);
    console.log('http list, warm-up:', queriesWarmUp);
    for (const [name, [url, token]] of Object.entries(cases)) {
      // Warm, and take the plan of the query this request runs.
      const plan = await plans.of(() => get(url, token));
      // Steady state, as a long-running API serves it: the first requests of a route pay V8's compilation,
      // and the first at the measured concurrency opened the pool's further connections (a new backend and
      // SCRAM each: they were first_page's two slowest requests, 340-390 ms at load 10, #15). The API keeps
      // its connections once opened (keptConnections), so a running API has them.
      await measure(4, 20, () => get(url, token));
      const apiCpu = service.cpuMs();
      if (TRACER) TRACER.collect(await service.traceOf()); // only the measured requests from here
      const { result, stats: statements } = await withStatementStats(stats, 200, () =>
        measureOnApi(service, 4, 200, () => get(url, token)),
      );
      const trace = TRACER?.collect(await service.traceOf());
      if (trace) traces[name] = trace.requests;
      queries[name] = {
        ...result,
        ...cpuPerOperation(service, apiCpu, 200),
        plan,
        statements: statements?.statements.slice(0, 4),
        ...(trace ? { trace: trace.summary } : {}),
      };
      recordFigure(`get_cases_${name}_p99`, queries[name].p99Ms);
      console.log(`http list, ${name}:`, {
        ...queries[name],
        plan: plan.filter((l) => /Index|Scan|Execution/.test(l)),
      });
    }
  } finally {
    get.close();
    post.close();
    await service.stop();
    await stats.end();
  }
  return finish();
}

/**
 * Clones the cases the read model holds into LISTED_CASES rows across three agencies, with their open
 * deadlines, then vacuums, analyses and checkpoints (the queries' set-up; bench/query-tail.ts reuses it).
 */
export async function seedListedCases(databaseUrl: string): Promise<void> {
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
    // Each clone with a due date gets its open deadline (a copy of the registered case's, due then): the
    // work list looks up every listed case's next deadline, which over one deadline row the planner
    // answered by walking the open-deadline index (#15).
    const deadlines = await pg.query(
      `INSERT INTO case_deadlines
       SELECT s.case_id, d.deadline_id, d.rule_id, s.stage, (s.next_due_at AT TIME ZONE 'Asia/Jakarta')::date,
              s.next_due_at, d.calendar_version, d.policy_version, 'open', 0, 0, now(), 1, NULL, NULL
       FROM case_summary s CROSS JOIN (SELECT * FROM case_deadlines WHERE status = 'open' LIMIT 1) d
       WHERE s.case_id LIKE 'BENCH-%' AND s.next_due_at IS NOT NULL`,
    );
    console.log(`http list: ${deadlines.rowCount} open deadlines cloned`);
    // The read model as autovacuum keeps a table that grew over months: vacuumed (visibility map, hint
    // bits), analysed and checkpointed. Without this, the autovacuum of the 100,000 rows just inserted ran
    // for seconds through first_page … next_page (sampled from pg_stat_activity, #15), on the same 2 cores.
    await pg.query('VACUUM (ANALYZE) case_summary, case_deadlines');
    await pg.query('CHECKPOINT');
  } finally {
    await pg.end();
  }
}

/** The listed queries the bench measures, by name: URL and the bearer's token (the next page's cursor read first). */
export async function listedQueries(
  mintLocalToken: typeof PlatformModule.mintLocalToken,
  get: ReturnType<typeof getter>,
): Promise<Record<string, [string, string]>> {
  const reader = await mintLocalToken({
    secret: BENCH_SECRET,
    role: 'supervisor',
    agency: 'kota-bekasi',
    ttl: '2h',
  });
  const listed = await mintLocalToken({
    secret: BENCH_SECRET,
    role: 'officer',
    agency: 'kota-bekasi',
    sub: 'officer-kota-bekasi-7',
    ttl: '2h',
  });
  const page2 = (await get('/cases?limit=50', reader)).nextCursor;
  return {
    first_page: ['/cases?limit=50', reader],
    by_stage: ['/cases?stage=examination&limit=50', reader],
    overdue: ['/cases?overdue=true&limit=50', reader],
    text_search: ['/cases?q=uji%2012345&limit=50', reader],
    sort_updated_desc: ['/cases?sort=updatedAt&order=desc&limit=50', reader],
    next_page_by_cursor: [`/cases?limit=50&cursor=${encodeURIComponent(page2 ?? '')}`, reader],
    work_list: ['/work-list', listed],
  };
}

/** Rounds of warm-up at most; the API's code stopped growing after 12-16 in session 18's runs. */
const MAX_WARM_ROUNDS = 40;

/**
 * Warms the API until V8 has compiled its request path: rounds of every listed query × 20 at the measured
 * concurrency, until three rounds together grew the API's compiled code by less than 1 %. A GET's functions
 * run once per request, so the optimizing compiler reaches them only after thousands of requests: 140
 * sequential ones left the first query measured (first_page) at 3.4-4.3 ms of API CPU per request against
 * 1.6-2.2 once the code had stopped growing, with the compiler's own work on the same 2 cores (#15, session
 * 18). A condition, not a count: the rounds needed move with the load.
 */
export async function warmUntilCompiled(
  service: ServiceProcesses,
  get: ReturnType<typeof getter>,
  cases: Record<string, [string, string]>,
): Promise<{ rounds: number; settled: boolean; codeKiB: number[]; apiCpuMsPerRequest: number[] }> {
  const routes = Object.values(cases);
  const codeKiB = [(await service.heapOf()).api.codeKiB];
  const apiCpuMsPerRequest: number[] = [];
  const settled = () => codeKiB.length > 3 && codeKiB.at(-1)! < codeKiB.at(-4)! * 1.01;
  while (!settled() && apiCpuMsPerRequest.length < MAX_WARM_ROUNDS) {
    const before = service.cpuMs().api;
    await measure(4, routes.length * 20, (_worker, i) => get(...routes[i % routes.length]));
    apiCpuMsPerRequest.push(round((service.cpuMs().api - before) / (routes.length * 20)));
    codeKiB.push((await service.heapOf()).api.codeKiB);
  }
  return { rounds: apiCpuMsPerRequest.length, settled: settled(), codeKiB, apiCpuMsPerRequest };
}

/**
 * GETs JSON as the token's bearer over node:http with kept-alive connections (the queries' client). Not
 * `fetch`: undici's fetch cost this process 0.6-2 ms of CPU per page on the 2 cores the API and PostgreSQL
 * use, and a fifth of the slowest requests' time was spent here after the API had answered (#15); the body
 * is still read whole and parsed, and anything but 200 throws with the answer.
 */
export function getter(baseUrl: string, tracer?: RequestTracer) {
  const agent = new HttpAgent({ keepAlive: true });
  const get = (url: string, token: string) =>
    new Promise<{ items?: unknown[]; nextCursor?: string | null }>((resolve, reject) => {
      const traced = tracer?.begin();
      const headers = { authorization: `Bearer ${token}`, ...(traced ? { 'x-request-id': traced.id } : {}) };
      const req = httpRequest(`${baseUrl}${url}`, { agent, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('error', reject);
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`GET ${url}: ${res.statusCode} ${body}`));
          try {
            const page = JSON.parse(body) as { items?: unknown[]; nextCursor?: string | null };
            traced?.done();
            resolve(page);
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
  return Object.assign(get, { close: () => agent.destroy() });
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the read-model query a request runs: the API process reports the SQL it
 * sent while the request ran (bench instrumentation only), and its `case_summary` query is explained again with
 * the same parameters.
 */
function capturePlans(service: ServiceProcesses, pool: PgPool) {
  return {
    async of(request: () => Promise<unknown>): Promise<string[]> {
      const statements = await service.statementsOf(request);
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

/** `measure`, with the p99 of the API process's own event-loop delay over the same run. */
async function measureOnApi(
  service: ServiceProcesses,
  concurrency: number,
  total: number,
  operation: (worker: number, i: number) => Promise<unknown>,
): Promise<LatencySummary & { apiEventLoopDelayP99Ms: number }> {
  const { result, p99Ms } = await service.apiLoopDelayOf(() => measure(concurrency, total, operation));
  return { ...result, apiEventLoopDelayP99Ms: p99Ms };
}

/**
 * CPU per operation of each service process since `before`; `cpuMsPerOperation` of `measure` is now the
 * load generator's alone.
 */
function cpuPerOperation(
  service: ServiceProcesses,
  before: { api: number; engineWorker: number },
  operations: number,
): { apiCpuMsPerOperation: number; engineWorkerCpuMsPerOperation: number } {
  const now = service.cpuMs();
  return {
    apiCpuMsPerOperation: round((now.api - before.api) / operations),
    engineWorkerCpuMsPerOperation: round((now.engineWorker - before.engineWorker) / operations),
  };
}
