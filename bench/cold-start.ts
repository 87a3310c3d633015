/**
 * How long `npm start` is down after a crash, and where its start-up goes (bench/notes/s16-cold-start.md).
 *
 * `npm run build`, then `npx tsx bench/cold-start.ts`. Each of COLD_REPEATS rounds (default 3), on a
 * throw-away data directory: starts the compiled service as `npm start` runs it (`node
 * dist/apps/api/src/standalone.js`, embedded PostgreSQL and Temporal) with bench/cold-start-hook.ts preloaded,
 * on empty data ("clean" life); registers COLD_CASES cases (default 50) through the API, assigns 70 % of them
 * and starts the clarification of half of those (their deadlines pending in the workflows); SIGKILLs the
 * whole process tree at once (node, PostgreSQL's processes, the watchdog), as a crash of the machine's
 * service would; starts it again on the same data ("crash" life) and times an officer's command on an
 * existing case (retried with the same Idempotency-Key until 2xx) and GET /cases; then stops it with SIGTERM.
 * Per life: each milestone's wall time since the spawn, this process's and PostgreSQL's CPU at it (the hook's
 * trace), the statements sent before the API listened, PostgreSQL's recovery lines. COLD_DIST: another
 * build's dist/ (A/B against a base checkout); COLD_NODE_OPTIONS: node flags for the service (e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof`). Writes bench/results/cold-start.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findFreePort } from '@netral/embedded-postgres';
import { mintLocalToken } from '../apps/api/src/platform/auth/local-token';
import { registerBody } from './http.bench';
import { round, writeResult } from './support';

const root = path.join(__dirname, '..');
const DIST = path.resolve(process.env.COLD_DIST ?? path.join(root, 'dist'));
const REPEATS = Number(process.env.COLD_REPEATS ?? 3);
const CASES = Number(process.env.COLD_CASES ?? 50);
const SECRET = 'cold-start-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const NODE_OPTIONS = (process.env.COLD_NODE_OPTIONS ?? '').split(' ').filter(Boolean);

export type Caller = { role: string; agency: string; sub: string };
export const OFFICER: Caller = { role: 'officer', agency: 'kota-bekasi', sub: 'officer-ani' };
export const SUPERVISOR: Caller = { role: 'supervisor', agency: 'kota-bekasi', sub: 'supervisor-citra' };

export interface TraceLine {
  t: number;
  pid: number;
  kind: string;
  cpuMs: number;
  pgCpuMs?: number;
  line?: string;
  uptimeMs?: number;
  statementsBefore?: Record<string, number>;
  statements?: number;
}

interface Milestone {
  at: string;
  ms: number;
  nodeCpuMs?: number;
  pgCpuMs?: number;
}

export interface Life {
  proc: ChildProcess;
  url: string;
  spawnedAt: number;
  logFile: string;
}

export interface Settings {
  dataDir: string;
  traceFile: string;
  port: number;
  temporalPort: number;
  pgPort: number;
}

/** Services started and not yet stopped: killed (with their trees) if the bench fails, never left running. */
export const live = new Set<Life>();

export function spawnService(s: Settings, label: string): Life {
  const spawnedAt = Date.now();
  const logFile = `${s.traceFile}.${label}.log`;
  const out = fs.openSync(logFile, 'a');
  const proc = spawn(
    process.execPath,
    [
      ...NODE_OPTIONS,
      '--require',
      path.join(DIST, 'bench', 'cold-start-hook.js'),
      path.join(DIST, 'apps', 'api', 'src', 'standalone.js'),
    ],
    {
      cwd: path.dirname(DIST),
      env: {
        ...process.env,
        NETRAL_DATA_DIR: s.dataDir,
        PORT: String(s.port),
        HOST: '127.0.0.1',
        TEMPORAL_PORT: String(s.temporalPort),
        NETRAL_PG_PORT: String(s.pgPort),
        AUTH_LOCAL_SECRET: SECRET,
        // registerBody's facts carry a fixed date, which falls behind the policy's 60-day horizon in time.
        NETRAL_BACKDATING_HORIZON_DAYS: '36500',
        COLD_START_TRACE: s.traceFile,
      },
      stdio: ['ignore', out, out],
    },
  );
  fs.closeSync(out);
  const life = { proc, url: `http://127.0.0.1:${s.port}`, spawnedAt, logFile };
  live.add(life);
  proc.once('exit', () => live.delete(life));
  return life;
}

export async function call(
  life: Life,
  method: 'GET' | 'POST',
  pathname: string,
  as: Caller,
  body?: unknown,
  key?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const token = await tokenOf(as);
  const res = await fetch(`${life.url}${pathname}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...(key ? { 'Idempotency-Key': key } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const tokens = new Map<Caller, Promise<string>>();
function tokenOf(c: Caller): Promise<string> {
  let t = tokens.get(c);
  if (!t) {
    t = mintLocalToken({ secret: SECRET, role: c.role, agency: c.agency, sub: c.sub });
    tokens.set(c, t);
  }
  return t;
}

/** Sends until answered 2xx (no connection, 5xx, "still running": again, with the same key), every 20 ms. */
export async function until2xx(
  life: Life,
  method: 'GET' | 'POST',
  pathname: string,
  as: Caller,
  body?: unknown,
  key?: string,
): Promise<{ at: number; tries: number; body: Record<string, unknown> }> {
  for (let tries = 1; ; tries++) {
    if (life.proc.exitCode !== null) throw new Error(`service exited (${life.proc.exitCode})`);
    try {
      const answer = await call(life, method, pathname, as, body, key);
      if (answer.status >= 200 && answer.status < 300) return { at: Date.now(), tries, body: answer.body };
      if (answer.status < 500 && answer.body.code !== 'IDEMPOTENT_REQUEST_IN_PROGRESS')
        throw new Error(`${method} ${pathname}: ${answer.status} ${JSON.stringify(answer.body)}`);
    } catch (e) {
      if (!(e instanceof TypeError)) throw e; // fetch's "no connection"
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every live process under `pid` (by /proc's parent ids), the root first. */
export function processTree(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(parents.get(tree[i]) ?? []));
  return tree;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** SIGKILL of the service and all its descendants (PostgreSQL, the watchdog) at once: a crash. */
export async function crash(life: Life): Promise<number> {
  const tree = processTree(life.proc.pid!);
  for (const pid of tree) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  while (tree.some(alive)) await new Promise((r) => setTimeout(r, 10));
  return tree.length;
}

export function milestones(life: Life, trace: TraceLine[], answered: Record<string, number>) {
  const pid = life.proc.pid!;
  const mine = trace.filter((l) => l.pid === pid);
  const at = (l: TraceLine, name: string): Milestone => ({
    at: name,
    ms: l.t - life.spawnedAt,
    nodeCpuMs: l.cpuMs,
    pgCpuMs: l.pgCpuMs,
  });
  const list: Milestone[] = [];
  const start = mine.find((l) => l.kind === 'process.start');
  if (start)
    list.push({ at: 'node bootstrapped (preload)', ms: start.t - life.spawnedAt, nodeCpuMs: start.cpuMs });
  let migrations = 0;
  for (const l of mine) {
    if (l.kind === 'pg.log' || l.kind === 'process.start') continue;
    if (l.kind === 'migrations.end') migrations++;
    list.push(at(l, l.kind === 'migrations.end' ? `typeorm migrations ${migrations} done` : l.kind));
  }
  // The service's own log: the engine's "started" line (pino, epoch ms).
  for (const text of fs.readFileSync(life.logFile, 'utf8').split('\n')) {
    if (!text.startsWith('{')) continue;
    try {
      const entry = JSON.parse(text) as { time: number; msg: string };
      if (entry.msg === 'embedded Temporal server started')
        list.push({ at: 'engine ready (log)', ms: entry.time - life.spawnedAt });
      if (entry.msg === 'Netral is ready. Press Ctrl+C to stop.')
        list.push({ at: 'ready (log)', ms: entry.time - life.spawnedAt });
    } catch {
      // not a log record
    }
  }
  for (const [name, t] of Object.entries(answered)) list.push({ at: name, ms: t - life.spawnedAt });
  list.sort((a, b) => a.ms - b.ms);
  const listening = mine.find((l) => l.kind === 'http.listening');
  return {
    milestones: list,
    statementsBeforeListen: listening?.statementsBefore ?? {},
    statementCountBeforeListen: listening?.statements,
    postgresLog: mine.filter((l) => l.kind === 'pg.log').map((l) => l.line),
  };
}

/** utime+stime of the whole tree under `pid`, its reaped children included (ms). */
export function treeCpuMs(pid: number): number {
  let sum = 0;
  for (const p of processTree(pid)) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      sum += (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 10;
    } catch {
      // gone meanwhile
    }
  }
  return sum;
}

export async function stopGracefully(life: Life): Promise<number> {
  const sent = Date.now();
  const exited = new Promise((r) => life.proc.once('exit', r));
  life.proc.kill('SIGTERM');
  await exited;
  return Date.now() - sent;
}

async function round1(n: number) {
  const dataDir = path.join(os.tmpdir(), `netral-cold-start-${process.pid}-${n}`);
  const settings: Settings = {
    dataDir,
    traceFile: path.join(os.tmpdir(), `cold-start-${process.pid}-${n}.jsonl`),
    port: await findFreePort(),
    temporalPort: await findFreePort(),
    pgPort: await findFreePort(),
  };
  const loadBefore = os.loadavg()[0];

  // Clean start: an empty data directory (initdb, every migration).
  const clean = spawnService(settings, 'clean');
  const cleanFirst = await until2xx(
    clean,
    'POST',
    '/cases',
    OFFICER,
    registerBody(n * 1000),
    `cold-${process.pid}-r${n}-0`,
  );
  const cleanGet = await until2xx(clean, 'GET', '/cases', OFFICER);
  const cleanCpuMs = treeCpuMs(clean.proc.pid!);

  // ~50 cases: 70 % assigned, half of those in clarification (deadlines pending in their workflows).
  const ids = [cleanFirst.body.caseId as string];
  const pending: string[] = [];
  await Promise.all(
    Array.from({ length: 5 }, async (_v, w) => {
      for (let i = 1 + w; i < CASES; i += 5) {
        const reg = await until2xx(
          clean,
          'POST',
          '/cases',
          OFFICER,
          registerBody(n * 1000 + i),
          `cold-${process.pid}-r${n}-${i}`,
        );
        const id = reg.body.caseId as string;
        ids.push(id);
        if (i % 10 >= 7) continue;
        await until2xx(
          clean,
          'POST',
          `/cases/${id}/assignment`,
          SUPERVISOR,
          {
            officerId: OFFICER.sub,
            officerName: 'Ani',
          },
          `cold-${process.pid}-a${n}-${i}`,
        );
        if (i % 2 === 0) pending.push(id);
        else
          await until2xx(
            clean,
            'POST',
            `/cases/${id}/clarification/start`,
            OFFICER,
            {
              by: 'inspektorat',
              letterReference: '700/1/Insp',
            },
            `cold-${process.pid}-c${n}-${i}`,
          );
      }
    }),
  );
  const loadAtKill = os.loadavg()[0];
  const killed = await crash(clean);
  const trace1 = readTrace(settings.traceFile);

  // Crash restart on the same data: PostgreSQL's recovery, nothing to migrate, the engine's rebuild.
  const restarted = spawnService(settings, 'crash');
  const firstCommand = await until2xx(
    restarted,
    'POST',
    `/cases/${pending[0]}/clarification/start`,
    OFFICER,
    { by: 'inspektorat', letterReference: '700/2/Insp' },
    `cold-${process.pid}-after-crash-${n}`,
  );
  const get = await until2xx(restarted, 'GET', '/cases', OFFICER);
  const crashCpuMs = treeCpuMs(restarted.proc.pid!);
  const stopMs = await stopGracefully(restarted);
  const trace2 = readTrace(settings.traceFile);
  const loadAfter = os.loadavg()[0];
  fs.rmSync(dataDir, { recursive: true, force: true });
  for (const f of [`${dataDir}.password`, `${dataDir}.owner`]) fs.rmSync(f, { force: true });
  return {
    round: n,
    load: { before: loadBefore, atKill: loadAtKill, after: loadAfter },
    cases: ids.length,
    pendingAssigned: pending.length,
    clean: {
      ...milestones(clean, trace1, {
        'first command answered': cleanFirst.at,
        'GET /cases answered': cleanGet.at,
      }),
      treeCpuMsAtGet: cleanCpuMs,
      firstCommandTries: cleanFirst.tries,
    },
    killedProcesses: killed,
    crash: {
      ...milestones(restarted, trace2, {
        'first command answered': firstCommand.at,
        'GET /cases answered': get.at,
      }),
      treeCpuMsAtGet: crashCpuMs,
      firstCommandTries: firstCommand.tries,
      sigtermToExitMs: stopMs,
    },
    traceFile: settings.traceFile,
  };
}

export function readTrace(file: string): TraceLine[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TraceLine);
}

function summary(rounds: Awaited<ReturnType<typeof round1>>[], life: 'clean' | 'crash') {
  const names = new Set(rounds.flatMap((r) => r[life].milestones.map((m) => m.at)));
  const rows: Record<
    string,
    { ms: number[]; nodeCpuMs: (number | undefined)[]; pgCpuMs: (number | undefined)[] }
  > = {};
  for (const name of names) {
    const of = rounds.map((r) => r[life].milestones.find((m) => m.at === name));
    rows[name] = {
      ms: of.map((m) => m?.ms ?? NaN),
      nodeCpuMs: of.map((m) => m?.nodeCpuMs),
      pgCpuMs: of.map((m) => m?.pgCpuMs),
    };
  }
  return rows;
}

async function main(): Promise<void> {
  for (const f of ['bench/cold-start-hook.js', 'apps/api/src/standalone.js'])
    if (!fs.existsSync(path.join(DIST, f))) throw new Error(`${DIST}/${f} is missing: run \`npm run build\``);
  const rounds = [];
  for (let n = 1; n <= REPEATS; n++) {
    const r = await round1(n);
    rounds.push(r);
    const show = (life: 'clean' | 'crash') =>
      r[life].milestones.map(
        (m) =>
          `${m.at} ${m.ms}${m.nodeCpuMs !== undefined ? ` (cpu ${m.nodeCpuMs}/${m.pgCpuMs ?? '-'})` : ''}`,
      );
    console.log(`round ${n} load ${round(r.load.before)}/${round(r.load.after)}`);
    console.log(`  clean: ${show('clean').join(' | ')}`);
    console.log(`  crash: ${show('crash').join(' | ')}`);
  }
  const out = {
    dist: DIST,
    nodeOptions: NODE_OPTIONS,
    cases: CASES,
    summary: { clean: summary(rounds, 'clean'), crash: summary(rounds, 'crash') },
    rounds,
  };
  console.log(`written ${await writeResult('cold-start', out)}`);
}

// bench/recovery-scale.ts reuses this file's helpers: the rounds run only when this file is the entry point.
if (require.main === module)
  main().catch(async (e: unknown) => {
    console.error(e);
    for (const life of live) await crash(life);
    process.exit(1);
  });
