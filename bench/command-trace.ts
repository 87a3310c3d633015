/**
 * `npx tsx bench/command-trace.ts` (after `npm run build`): where the milliseconds of one officer's HTTP
 * commands go, merged on one clock (#15; the model is perf-command's table of session 9, whose script was
 * not kept). The service runs as the http bench runs it (bench/processes.ts: the API, and the embedded
 * Temporal server with the worker), both with bench/command-trace-hook.ts, which notes every HTTP request,
 * gRPC call made or served and pg query on the machine's monotonic clock. One officer sends
 * COMMAND_TRACE_CYCLES (30) cycles of register → assign → start clarification, each with a fresh
 * Idempotency-Key, after COMMAND_TRACE_WARMUP (10) cycles, as `BENCH_ONLY=commands BENCH_OFFICERS=1` does.
 *
 * Each command's time is cut at the points both processes noted (load generator send/read, API request
 * in/out, the API's gRPC call, the engine's RPCs: a poll's answer, a completion's arrival and answer) and
 * the cuts are labelled by the points around them; per command kind the medians of the most common
 * sequence are printed, with the engine process's PostgreSQL time inside each cut (engine statements
 * apart from the worker's event-store ones). Beside them: pg_stat_statements of the measured cycles and
 * /proc CPU per process (API, engine+worker, PostgreSQL's backends, this load generator) per command.
 * Written to bench/results/command-trace.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import type { TraceNote } from './command-trace-hook';
import { monotonicMs } from './http-trace';
import { poster, registerBody } from './http.bench';
import { countSystemCalls, postgresPids } from './command-trace-perf';
import { postgresCpu, threadsCpu } from './proc-cpu';
import { startMeasuredService } from './processes';
import { round, withStatementStats, writeResult } from './support';

const CYCLES = Number(process.env.COMMAND_TRACE_CYCLES ?? 30);
const WARMUP = Number(process.env.COMMAND_TRACE_WARMUP ?? 10);
const KINDS = ['register', 'assign', 'clarify'] as const;
type Kind = (typeof KINDS)[number];

interface Sent {
  id: string;
  kind: Kind;
  start: number;
  end: number;
}

const short = (method: string) => method.slice(method.lastIndexOf('/') + 1);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? round(s[Math.floor(s.length / 2)]) : NaN;
};
/** Engine statements (its schema, its CTE writes, its transactions' own BEGIN/COMMIT are not told apart). */
const isEngineSql = (sql: string) => /temporal\.|^\s*WITH\b/i.test(sql);

interface Cut {
  label: string;
  ms: number;
  enginePgMs: number;
  engineStatements: number;
  storePgMs: number;
  storeStatements: number;
  apiPgMs: number;
}

/** One command's cuts between the points the processes noted within it. */
function cutsOf(sent: Sent, api: TraceNote[], engine: TraceNote[]): Cut[] | undefined {
  const request = api.find((n) => n[0] === 'h' && n[1] === sent.id);
  if (!request) return undefined;
  const [, , a0, a1] = request;
  const calls = api.filter((n) => n[0] === 'c' && n[2] >= a0 && n[3] <= a1);
  const outer = calls.at(-1);
  const points: { at: number; label: string }[] = [
    { at: sent.start, label: 'client sends' },
    { at: a0, label: 'API request in' },
    { at: a1, label: 'API response finished' },
    { at: sent.end, label: 'client has answer' },
  ];
  for (const q of api.filter((n) => n[0] === 'q' && n[2] >= a0 && n[2] <= a1)) {
    points.push({ at: q[2], label: `API pg ${q[1].split(' ')[0]} sent` });
    points.push({ at: q[3], label: `API pg ${q[1].split(' ')[0]} answered` });
  }
  if (outer) {
    points.push({ at: outer[2], label: `API calls ${short(outer[1])}` });
    points.push({ at: outer[3], label: `API has ${short(outer[1])} answer` });
    for (const s of engine.filter((n) => n[0] === 's' && n[3] >= outer[2] && n[3] <= outer[3])) {
      const name = short(s[1]);
      if (name === short(outer[1])) continue;
      if (name.startsWith('Poll')) {
        if (s[3] > outer[2]) points.push({ at: s[3], label: `${name} answered` });
      } else {
        if (s[2] >= outer[2]) points.push({ at: s[2], label: `${name} in` });
        points.push({ at: s[3], label: `${name} out` });
      }
    }
    // The worker's event-store statements inside the call: from the first one sent to the last answered.
    const store = engine.filter(
      (n) => n[0] === 'q' && !isEngineSql(n[1]) && n[2] >= outer[2] && n[3] <= outer[3],
    );
    if (store.length > 0) {
      points.push({ at: store[0][2], label: 'store first statement sent' });
      points.push({ at: Math.max(...store.map((n) => n[3])), label: 'store last statement answered' });
    }
    const served = engine.find((n) => n[0] === 's' && short(n[1]) === short(outer[1]) && n[2] >= outer[2]);
    if (served && served[2] <= outer[3]) {
      points.push({ at: served[2], label: `server ${short(served[1])} in` });
      points.push({ at: served[3], label: `server ${short(served[1])} out` });
    }
  }
  points.sort((x, y) => x.at - y.at);
  // The second workflow task's points are told from the first's: "… in (2)".
  const seen = new Map<string, number>();
  for (const p of points) {
    const n = (seen.get(p.label) ?? 0) + 1;
    seen.set(p.label, n);
    if (n > 1) p.label = `${p.label} (${n})`;
  }
  const cuts: Cut[] = [];
  for (let i = 1; i < points.length; i++) {
    const [from, to] = [points[i - 1], points[i]];
    const inside = (n: TraceNote) => n[0] === 'q' && n[2] >= from.at && n[2] < to.at;
    const engineQ = engine.filter((n) => inside(n) && isEngineSql(n[1]));
    const storeQ = engine.filter((n) => inside(n) && !isEngineSql(n[1]));
    const apiQ = api.filter(inside);
    const sum = (ns: TraceNote[]) => ns.reduce((s, n) => s + n[3] - n[2], 0);
    cuts.push({
      label: `${from.label} → ${to.label}`,
      ms: to.at - from.at,
      enginePgMs: sum(engineQ),
      engineStatements: engineQ.length,
      storePgMs: sum(storeQ),
      storeStatements: storeQ.length,
      apiPgMs: sum(apiQ),
    });
  }
  return cuts;
}

/** Per kind: the most common sequence of cuts, with the median of each cut over the commands that had it. */
function tableOf(kind: Kind, all: Cut[][]) {
  const bySignature = new Map<string, Cut[][]>();
  for (const cuts of all) {
    const signature = cuts.map((c) => c.label).join('|');
    bySignature.set(signature, [...(bySignature.get(signature) ?? []), cuts]);
  }
  const [, common] = [...bySignature].sort((a, b) => b[1].length - a[1].length)[0] ?? ['', []];
  const rows = (common[0] ?? []).map((cut, i) => ({
    cut: cut.label,
    ms: median(common.map((c) => c[i].ms)),
    enginePgMs: median(common.map((c) => c[i].enginePgMs)),
    engineStatements: median(common.map((c) => c[i].engineStatements)),
    storePgMs: median(common.map((c) => c[i].storePgMs)),
    storeStatements: median(common.map((c) => c[i].storeStatements)),
    apiPgMs: median(common.map((c) => c[i].apiPgMs)),
  }));
  return {
    kind,
    commands: all.length,
    withThisSequence: common.length,
    otherSequences: bySignature.size - 1,
    totalMs: median(all.map((c) => c.reduce((s, x) => s + x.ms, 0))),
    rows,
  };
}

function print(table: ReturnType<typeof tableOf>): void {
  console.log(
    `\n${table.kind}: ${table.commands} commands, total p50 ${table.totalMs} ms; ${table.withThisSequence} had the sequence below (${table.otherSequences} other sequences)`,
  );
  console.log('| ms | engine pg ms (n) | event-store pg ms (n) | API pg ms | cut |');
  for (const r of table.rows) {
    console.log(
      `| ${r.ms} | ${r.enginePgMs} (${r.engineStatements}) | ${r.storePgMs} (${r.storeStatements}) | ${r.apiPgMs} | ${r.cut} |`,
    );
  }
}

async function main(): Promise<void> {
  const traceDir = mkdtempSync(path.join(os.tmpdir(), 'command-trace-'));
  const hook = path.join(__dirname, '..', 'dist', 'bench', 'command-trace-hook.js');
  process.env.COMMAND_TRACE_DIR = traceDir;
  const measured = await startMeasuredService('command-trace', {
    api: ['--require', hook],
    engineWorker: ['--require', hook],
  });
  const { dataDir, databaseUrl, service, officer, supervisor } = measured;
  try {
    const sent: Sent[] = [];
    const stats = new Pool({ connectionString: databaseUrl, max: 1 });
    let cpu: Record<string, number> = {};
    /** The engine+worker process's CPU per command by thread name (main, the SDK's workflow thread, Rust core…). */
    let engineThreads: Record<string, number> = {};
    let systemCalls: Record<string, Record<string, number>> | undefined;
    let load = '';
    let statements: unknown;
    let closePoster = () => {};
    /** The measured cycles on the monotonic clock (a `--cpu-prof` of either part can be cut to it). */
    const window = { start: 0, end: 0 };
    try {
      let serial = 0;
      const post = poster(service.url);
      closePoster = post.close;
      const send = async (kind: Kind, url: string, token: string, body: unknown) => {
        const id = `ct-${randomUUID()}`;
        const start = monotonicMs();
        const answer = await post(url, token, body, { 'x-request-id': id, 'idempotency-key': randomUUID() });
        sent.push({ id, kind, start, end: monotonicMs() });
        return answer;
      };
      const cycle = async () => {
        const registered = await send('register', '/cases', officer, registerBody(serial++));
        const caseId = registered.location!.split('/').pop()!;
        await send('assign', `/cases/${caseId}/assignment`, supervisor, { officerId: 'officer-kota-bekasi' });
        await send('clarify', `/cases/${caseId}/clarification/start`, officer, { by: 'inspektorat' });
      };
      for (let i = 0; i < WARMUP; i++) await cycle();
      sent.length = 0;
      const before = {
        ...service.cpuMs(),
        postgres: postgresCpu(dataDir),
        loadGenerator: process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000,
      };
      const counting = process.env.COMMAND_TRACE_PERF
        ? await countSystemCalls({
            api: [service.pids.api],
            engineWorker: [service.pids.engineWorker],
            postgres: postgresPids(dataDir),
          })
        : undefined;
      const threadsBefore = threadsCpu(service.pids.engineWorker);
      load = os.loadavg().map(round).join(' ');
      window.start = monotonicMs();
      const run = await withStatementStats(stats, CYCLES * 3, async () => {
        for (let i = 0; i < CYCLES; i++) await cycle();
      });
      window.end = monotonicMs();
      const threadsAfter = threadsCpu(service.pids.engineWorker);
      systemCalls = await counting?.stop(CYCLES * 3);
      engineThreads = Object.fromEntries(
        Object.entries(threadsAfter)
          .map(([k, v]) => [k, round((v - (threadsBefore[k] ?? 0)) / (CYCLES * 3))] as const)
          .filter(([, v]) => v > 0),
      );
      const after = {
        ...service.cpuMs(),
        postgres: postgresCpu(dataDir),
        loadGenerator: process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000,
      };
      load += ` → ${os.loadavg().map(round).join(' ')}`;
      cpu = Object.fromEntries(
        Object.entries(after).map(([k, v]) => [
          k,
          round((v - before[k as keyof typeof before]) / (CYCLES * 3)),
        ]),
      );
      console.log('pg round trips per command', run.stats?.roundTripsPerOperation, run.stats?.statements);
      statements = run.stats;
    } finally {
      closePoster();
      await stats.end();
      await service.stop();
    }
    // The parts wrote their notes as they exited.
    const notesOf = (part: string) =>
      readdirSync(traceDir)
        .filter((f) => f.startsWith(part))
        .flatMap((f) => JSON.parse(readFileSync(path.join(traceDir, f), 'utf8')) as TraceNote[]);
    const api = notesOf('api');
    const engine = notesOf('engine-worker');
    const tables = KINDS.map((kind) =>
      tableOf(
        kind,
        sent
          .filter((s) => s.kind === kind)
          .map((s) => cutsOf(s, api, engine))
          .filter((c): c is Cut[] => c !== undefined),
      ),
    );
    for (const t of tables) print(t);
    console.log('\nCPU ms per command', cpu, 'load', load);
    console.log('engine+worker threads, CPU ms per command', engineThreads);
    if (systemCalls) console.log('system calls and context switches per command', systemCalls);
    const file = await writeResult('command-trace', {
      cycles: CYCLES,
      warmup: WARMUP,
      load,
      window,
      cpuMsPerCommand: cpu,
      engineThreadsMsPerCommand: engineThreads,
      ...(systemCalls ? { systemCallsPerCommand: systemCalls } : {}),
      statements,
      tables,
    });
    console.log(`wrote ${file}`);
  } finally {
    await measured.stopPostgres();
    // COMMAND_TRACE_KEEP=1 keeps the notes (printed path) for a timeline beside a --cpu-prof.
    if (process.env.COMMAND_TRACE_KEEP) console.log(`notes kept in ${traceDir}`);
    else rmSync(traceDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
