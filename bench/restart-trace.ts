/**
 * Where a restarted worker's first workflow tasks spend their time (bench/notes/s15-restart.md).
 *
 * `npx tsx bench/restart-trace.ts`: the whole service (test/service/bin/chaos-service.ts: API, worker and
 * embedded Temporal in one process, reminders 1.5 s after each deadline is planned) on a throw-away embedded
 * PostgreSQL, RESTART_OFFICERS officers (default 12) each running case lifecycles (register, assign,
 * withdraw) as fast as they are answered, retrying with the same Idempotency-Key as the API asks. After
 * RESTART_WARM_S seconds (default 10) the process is SIGKILLed and started again at once on the same
 * database; the officers go on for RESTART_AFTER_S seconds (default 40), then the workflow tasks are read
 * back from the engine's history (WorkflowTaskScheduled → Started → Completed/TimedOut/Failed, attempts)
 * beside bench/restart-hook.ts's trace of the restarted process (its start, the SDK worker's creation and
 * first poll, each append, CPU time, event-loop delay). RESTART_WORKER_OPTIONS (JSON) is merged into the
 * SDK worker's options in both lives (A/B). Writes bench/results/restart-trace-<time>.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startEmbeddedPostgres } from '@netral/embedded-postgres';
import { decodeEvent } from '../libs/embedded-temporal/src/proto';
import { mintLocalToken } from '../apps/api/src/platform/auth/local-token';
import { caseWorkflowBundle } from '../apps/worker/src/case-worker';
import { registerBody } from './http.bench';
import { summarizeTasks, type TaskEvent, type TraceLine } from './restart-analysis';
import { writeResult } from './support';

const root = path.join(__dirname, '..');
const SECRET = 'restart-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const OFFICERS = Number(process.env.RESTART_OFFICERS ?? 12);
const WARM_S = Number(process.env.RESTART_WARM_S ?? 10);
const AFTER_S = Number(process.env.RESTART_AFTER_S ?? 40);
const TASK_QUEUE = 'restart-trace';

interface Life {
  proc: ChildProcess;
  url: string;
  spawnedAt: number;
  readyAt: number;
}

function startService(databaseUrl: string, bundlePath: string, traceFile: string): Promise<Life> {
  const spawnedAt = Date.now();
  const proc = spawn(
    process.execPath,
    [
      '--require',
      path.join(root, 'test/support/bin/swc-register.js'),
      '--require',
      path.join(__dirname, 'restart-hook.ts'),
      path.join(root, 'test/service/bin/chaos-service.ts'),
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.json'),
        // registerBody's facts carry a fixed date, which falls behind the policy's 60-day horizon in time.
        NETRAL_BACKDATING_HORIZON_DAYS: '36500',
        RESTART_TRACE_FILE: traceFile,
        NETRAL_CHAOS_SDK_LOG_LEVEL: 'WARN',
        CHAOS_SERVICE: JSON.stringify({
          databaseUrl,
          taskQueue: TASK_QUEUE,
          workflowBundlePath: bundlePath,
          secret: SECRET,
        }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const log = fs.createWriteStream(`${traceFile}.log`, { flags: 'a' });
  proc.stdout!.pipe(log, { end: false });
  proc.stderr!.pipe(log, { end: false });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\{.*\})/.exec(out);
      if (m) {
        out = '';
        resolve({ proc, url: (JSON.parse(m[1]) as { url: string }).url, spawnedAt, readyAt: Date.now() });
      }
    });
    proc.once('exit', (code, signal) => reject(new Error(`service exited before READY (${code ?? signal})`)));
  });
}

type Caller = { role: string; agency: string; sub: string };
const OFFICER: Caller = { role: 'officer', agency: 'kota-bekasi', sub: 'officer-ani' };
const SUPERVISOR: Caller = { role: 'supervisor', agency: 'kota-bekasi', sub: 'supervisor-citra' };

async function main(): Promise<void> {
  const dataDir = path.join(os.tmpdir(), `netral-restart-trace-${process.pid}`);
  const traceFile = path.join(os.tmpdir(), `restart-trace-${process.pid}.jsonl`);
  const pg = await startEmbeddedPostgres({ dataDir, persistent: false });
  const { workflowsPath, bundlerOptions } = caseWorkflowBundle();
  const { code } = await bundleWorkflowCode({ workflowsPath: workflowsPath!, ...bundlerOptions });
  const bundlePath = path.join(os.tmpdir(), `restart-trace-bundle-${process.pid}.js`);
  fs.writeFileSync(bundlePath, code);
  const tokens = new Map<Caller, string>();
  for (const c of [OFFICER, SUPERVISOR])
    tokens.set(c, await mintLocalToken({ secret: SECRET, role: c.role, agency: c.agency, sub: c.sub }));

  const databaseUrl = await pg.createDatabase('restart_trace');
  let life = await startService(databaseUrl, bundlePath, traceFile);
  let restarting: Promise<Life> | undefined;
  const statuses: { at: number; status: number; ms: number }[] = [];
  let stop = false;

  // A client as the API asks: retry the same key on 5xx, "still running", or no connection.
  async function command(pathname: string, as: Caller, body: unknown, key: string) {
    for (;;) {
      if (restarting) await restarting.catch(() => undefined);
      const sent = Date.now();
      try {
        const res = await fetch(`${life.url}${pathname}`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${tokens.get(as)}`,
            'Content-Type': 'application/json',
            'Idempotency-Key': key,
          },
          body: JSON.stringify(body),
        });
        const answer = (await res.json()) as Record<string, unknown>;
        statuses.push({ at: sent, status: res.status, ms: Date.now() - sent });
        const retry =
          res.status >= 500 || (res.status === 409 && answer.code === 'IDEMPOTENT_REQUEST_IN_PROGRESS');
        if (!retry) return { status: res.status, body: answer };
      } catch {
        statuses.push({ at: sent, status: 0, ms: Date.now() - sent });
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async function officer(n: number): Promise<void> {
    for (let i = 0; !stop; i++) {
      const key = `o${n}-${i}`;
      const registered = await command('/cases', OFFICER, registerBody(n * 10_000 + i), `${key}-register`);
      if (registered.status !== 201)
        throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`);
      const caseId = registered.body.caseId as string;
      if (stop) return;
      await command(
        `/cases/${caseId}/assignment`,
        SUPERVISOR,
        { officerId: 'officer-ani', officerName: 'Ani' },
        `${key}-assign`,
      );
      if (stop) return;
      await command(
        `/cases/${caseId}/withdraw`,
        SUPERVISOR,
        { reason: 'Laporan dicabut' },
        `${key}-withdraw`,
      );
    }
  }

  const officers = Array.from({ length: OFFICERS }, (_v, n) => officer(n));
  await new Promise((r) => setTimeout(r, WARM_S * 1000));
  const killAt = Date.now();
  const loadAtKill = os.loadavg()[0];
  const dead = new Promise((r) => life.proc.once('exit', r));
  life.proc.kill('SIGKILL');
  await dead;
  restarting = startService(databaseUrl, bundlePath, traceFile);
  life = await restarting;
  restarting = undefined;
  const restarted = life;
  await new Promise((r) => setTimeout(r, AFTER_S * 1000));
  stop = true;
  await Promise.all(officers);
  const loadAfter = os.loadavg()[0];

  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const rows = (
    await db.query<{ workflow_id: string; event_id: number; data: Buffer }>(
      `SELECT e.workflow_id, h.event_id, h.data FROM temporal.history_events h
         JOIN temporal.executions e USING (run_id) ORDER BY h.run_id, h.event_id`,
    )
  ).rows;
  await db.end();
  const events: TaskEvent[] = rows.map((r) => {
    const e = decodeEvent(r.data);
    return {
      workflowId: r.workflow_id,
      eventId: r.event_id,
      type: Number(e.eventType),
      time: Number(e.eventTime?.seconds ?? 0) * 1000 + Math.round((e.eventTime?.nanos ?? 0) / 1e6),
      attempt: e.workflowTaskScheduledEventAttributes?.attempt ?? undefined,
    };
  });
  const trace = fs
    .readFileSync(traceFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TraceLine);
  const result = summarizeTasks({
    events,
    trace,
    killAt,
    restarted: { pid: restarted.proc.pid!, spawnedAt: restarted.spawnedAt, readyAt: restarted.readyAt },
    statuses,
  });
  const out = {
    officers: OFFICERS,
    warmS: WARM_S,
    afterS: AFTER_S,
    workerOptions: process.env.RESTART_WORKER_OPTIONS ?? null,
    loadAtKill,
    loadAfter,
    ...result,
  };
  console.log(JSON.stringify(out, null, 2));
  console.log(`trace ${traceFile}, service log ${traceFile}.log`);
  console.log(`written ${await writeResult('restart-trace', out)}`);
  life.proc.kill('SIGKILL');
  await pg.stop();
  fs.rmSync(bundlePath, { force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
