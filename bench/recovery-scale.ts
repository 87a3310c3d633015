/**
 * A restart with thousands of open cases, and the timers that fell due while the service was down
 * (bench/notes/s17-recovery-scale.md).
 *
 * `npm run build`, then `RS_CASES=1000 npx tsx bench/recovery-scale.ts`. The data directory (RS_DATA,
 * default /tmp/netral-recovery-<RS_CASES>) is kept between runs and filled once: RS_CASES cases through the
 * API (RS_FILLERS in parallel), every one assigned, half of them also in clarification (their deadlines'
 * timers pending in the workflows). Each of RS_ROUNDS rounds: start the compiled service (`npm start`'s
 * standalone, bench/cold-start-hook.ts preloaded); move the timers of RS_DUE cases to fire RS_DUE_IN_MS
 * after now (the engine is not told, so they fall due while it is down: a restart after a downtime of
 * weeks); stop the service (RS_MODE=crash: SIGKILL of its tree; sigterm: a clean stop); start it again and
 * time: spawn → listen → the first command on a case not touched since the fill ("old") and on the last
 * case filled ("recent"); when each moved timer fired (its deadline row deleted by the engine; its case's
 * new event recorded) against the time it was due; an officer's commands, one after the other, during the
 * catch-up (their latency); the service's memory after it; the database's counters since the restart
 * (pg_stat_database; a crash resets them). Writes bench/results/recovery-scale.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { findFreePort } from '@netral/embedded-postgres';
import {
  type Life,
  type Settings,
  OFFICER,
  SUPERVISOR,
  crash,
  live,
  milestones,
  processTree,
  readTrace,
  spawnService,
  stopGracefully,
  until2xx,
} from './cold-start';
import { registerBody } from './http.bench';
import { round, writeResult } from './support';

const CASES = Number(process.env.RS_CASES ?? 1000);
const DATA = process.env.RS_DATA ?? `/tmp/netral-recovery-${CASES}`;
const FILLERS = Number(process.env.RS_FILLERS ?? 16);
const ROUNDS = Number(process.env.RS_ROUNDS ?? 1);
const DUE = Number(process.env.RS_DUE ?? Math.round(CASES / 5));
const DUE_IN_MS = Number(process.env.RS_DUE_IN_MS ?? 1500);
const MODE = process.env.RS_MODE === 'sigterm' ? 'sigterm' : 'crash';
const CATCH_UP_LIMIT_MS = Number(process.env.RS_CATCH_UP_LIMIT_MS ?? 180_000);
// One caller fills thousands of cases: the API's per-caller rate limit (300/min) would refuse it.
process.env.RATE_LIMIT_MAX ??= '100000000';

interface Fill {
  ids: string[];
  /** Assigned, not in clarification, not yet touched by a probe: a command's `clarification/start` fits. */
  untouched: string[];
}

const fillFile = `${DATA}.fill.json`;
const pctl = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const dist = (xs: number[]) => ({
  n: xs.length,
  p50: round(pctl(xs, 50)),
  p90: round(pctl(xs, 90)),
  p99: round(pctl(xs, 99)),
  max: round(Math.max(...xs)),
});

async function settings(label: string): Promise<Settings> {
  return {
    dataDir: DATA,
    traceFile: `${DATA}.${label}.jsonl`,
    port: await findFreePort(),
    temporalPort: await findFreePort(),
    pgPort: Number(process.env.RS_PG_PORT ?? (await findFreePort())),
  };
}

async function fill(life: Life): Promise<Fill> {
  const ids: string[] = [];
  const untouched: string[] = [];
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: FILLERS }, async () => {
      for (let i = next++; i < CASES; i = next++) {
        const reg = await until2xx(
          life,
          'POST',
          '/cases',
          OFFICER,
          registerBody(i),
          `rs-fill-r-${CASES}-${i}`,
        );
        const id = reg.body.caseId as string;
        ids.push(id);
        await until2xx(
          life,
          'POST',
          `/cases/${id}/assignment`,
          SUPERVISOR,
          { officerId: OFFICER.sub, officerName: 'Ani' },
          `rs-fill-a-${CASES}-${i}`,
        );
        if (i % 2 === 0) untouched.push(id);
        else
          await until2xx(
            life,
            'POST',
            `/cases/${id}/clarification/start`,
            OFFICER,
            { by: 'inspektorat', letterReference: '700/1/Insp' },
            `rs-fill-c-${CASES}-${i}`,
          );
        if (i % 500 === 0) console.log(`  filled ${i} (${round((Date.now() - started) / 1000)} s)`);
      }
    }),
  );
  console.log(`filled ${CASES} cases in ${round((Date.now() - started) / 1000)} s`);
  return { ids, untouched };
}

async function pgClient(port: number): Promise<Client> {
  const password = fs.readFileSync(path.join(DATA, 'postgres.password'), 'utf8').trim();
  const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'netral' });
  await client.connect();
  return client;
}

function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

async function oneRound(n: number, state: Fill) {
  const s = await settings(`r${n}`);
  const first = spawnService(s, `r${n}-before`);
  await until2xx(first, 'GET', '/cases', OFFICER);
  // Timers of RS_DUE cases fall due during the downtime: their rows moved to `now + DUE_IN_MS`, the engine
  // (armed for its earlier next deadline) not told. Only user timers (the cases' deadline timers).
  const db = await pgClient(s.pgPort);
  const moved = await db.query<{ id: string; workflow_id: string; run_id: string; fire_at: Date }>(
    `UPDATE temporal.deadlines SET fire_at = now() + $1 * interval '1 millisecond'
      WHERE id IN (SELECT DISTINCT ON (run_id) id FROM temporal.deadlines WHERE kind = 'timer'
                   ORDER BY run_id, fire_at LIMIT $2)
      RETURNING id, workflow_id, run_id, fire_at`,
    [DUE_IN_MS, DUE],
  );
  const counts = await db.query<{ kind: string; n: string }>(
    'SELECT kind, count(*) n FROM temporal.deadlines GROUP BY kind',
  );
  const sizes = await db.query<{ runs: string; events: string; tasks: string }>(
    `SELECT (SELECT count(*) FROM temporal.executions WHERE status = 'Running') runs,
            (SELECT count(*) FROM temporal.history_events) events,
            (SELECT count(*) FROM temporal.tasks) tasks`,
  );
  // The event store's last position: the watch below reads only what comes after it (cheap, by the key).
  const p0 = (await db.query<{ p: string | null }>('SELECT max(position) p FROM events')).rows[0].p ?? '0';
  await db.end();
  const stoppedAt = Date.now();
  if (MODE === 'crash') await crash(first);
  else await stopGracefully(first);
  const downMs = Date.now() - stoppedAt;
  const loadBefore = (await import('node:os')).loadavg()[0];

  const dueAt = new Map(moved.rows.map((r) => [r.id, r.fire_at.getTime()]));
  const workflowOf = new Map(moved.rows.map((r) => [r.id, r.workflow_id]));
  // Restart.
  const life = spawnService(s, `r${n}-after`);
  const movedCases = new Set(moved.rows.map((m) => m.workflow_id));
  const nextUntouched = () => {
    const i = state.untouched.findIndex((id) => !movedCases.has(id));
    return i < 0 ? undefined : state.untouched.splice(i, 1)[0];
  };
  const old = nextUntouched()!;
  const recent = state.ids[state.ids.length - 1 - n];
  const probe = (id: string, tag: string) =>
    until2xx(
      life,
      'POST',
      `/cases/${id}/clarification/start`,
      OFFICER,
      { by: 'inspektorat', letterReference: '700/2/Insp' },
      `rs-probe-${tag}-${n}-${id}`,
    );
  // The catch-up, from the spawn: which moved deadline rows are gone, and when (engine side), every 100 ms.
  const firedAt = new Map<string, number>();
  const doneAt = new Map<string, number>();
  // Where the moved runs' workflow tasks are, at each look: started on the worker and not completed, or
  // scheduled and not yet started (in the backlog). An officer's task queues behind both.
  const started: number[] = [];
  const scheduled: number[] = [];
  const ids = [...dueAt.keys()];
  let check: Client | undefined;
  const watch = (async () => {
    // Caught up when every moved deadline row is gone and its run has no workflow task left (the worker
    // replayed it and completed the timer's task; a reminder's command appended, an escalation before its
    // deadline refused by the domain: either way the task's work is done). Only the runs not yet done are
    // read again, every 250 ms.
    const runOf = new Map(moved.rows.map((m) => [m.id, m.run_id]));
    while (doneAt.size < ids.length && Date.now() - life.spawnedAt < CATCH_UP_LIMIT_MS) {
      if (!check) check = await pgClient(s.pgPort).catch(() => undefined); // PostgreSQL not up yet
      if (check) {
        const pendingIds = ids.filter((id) => !firedAt.has(id));
        const { rows } = await check.query<{ id: string }>(
          'SELECT id FROM temporal.deadlines WHERE id = ANY($1::bigint[])',
          [pendingIds],
        );
        const left = new Set(rows.map((x) => x.id));
        const now = Date.now();
        for (const id of pendingIds) if (!left.has(id)) firedAt.set(id, now);
        const waiting = ids.filter((id) => firedAt.has(id) && !doneAt.has(id));
        const { rows: idle } = await check.query<{ run_id: string }>(
          "SELECT run_id FROM temporal.executions WHERE run_id = ANY($1::uuid[]) AND state->'wft' IS NULL",
          [waiting.map((id) => runOf.get(id))],
        );
        const idleRuns = new Set(idle.map((x) => x.run_id));
        const { rows: tasks } = await check.query<{ started: string; scheduled: string }>(
          `SELECT count(*) FILTER (WHERE (state->'wft'->>'startedEventId')::int > 0) started,
                  count(*) FILTER (WHERE coalesce((state->'wft'->>'startedEventId')::int, 0) = 0) scheduled
             FROM temporal.executions WHERE run_id = ANY($1::uuid[]) AND state->'wft' IS NOT NULL`,
          [waiting.map((id) => runOf.get(id))],
        );
        if (waiting.length) {
          started.push(Number(tasks[0].started));
          scheduled.push(Number(tasks[0].scheduled));
        }
        const after = Date.now();
        for (const id of waiting) if (idleRuns.has(runOf.get(id)!)) doneAt.set(id, after);
      }
      await new Promise((res) => setTimeout(res, 250));
    }
    return Date.now();
  })();
  const oldAnswer = probe(old, 'old');
  // The "recent" case may be in clarification already: its probe is a GET of it.
  const recentAnswer = until2xx(life, 'GET', `/cases/${recent}`, OFFICER);
  const [o, r] = await Promise.all([oldAnswer, recentAnswer]);

  // An officer's commands during the rest of the catch-up, one after the other, on cases not touched since
  // the fill.
  const commandMs: { at: number; ms: number; during: boolean }[] = [];
  let done = false;
  let catchingUp = true;
  const officer = (async () => {
    for (let id = nextUntouched(); !done && id; id = nextUntouched()) {
      const t0 = Date.now();
      const during = catchingUp;
      await probe(id, 'during');
      commandMs.push({ at: t0 - life.spawnedAt, ms: Date.now() - t0, during });
    }
  })();
  const caughtUpAt = await watch;
  catchingUp = false;
  // A few more commands after the catch-up: the officer's latency on a quiet service, for comparison.
  while (commandMs.filter((c) => !c.during).length < 10 && state.untouched.length)
    await new Promise((x) => setTimeout(x, 50));
  done = true;
  await officer;
  check ??= await pgClient(s.pgPort);
  // Before the reads below (the watch's own reads are by key and small).
  const stats = await check.query(
    `SELECT xact_commit, tup_returned, tup_fetched, tup_inserted, tup_updated, tup_deleted, blks_read, blks_hit
       FROM pg_stat_database WHERE datname = 'netral'`,
  );
  // The cases' own events recorded for the moved timers (reminder, escalation, due-time command).
  const events = await check.query<{ stream_id: string; t: Date }>(
    `SELECT stream_id, min(recorded_at) t FROM events WHERE position > $1 AND stream_id = ANY($2)
      GROUP BY stream_id`,
    [p0, [...movedCases]],
  );
  const streamAt = new Map(events.rows.map((e) => [e.stream_id, e.t.getTime()]));
  await check.end();
  const nodeRss = rssMiB(life.proc.pid!);
  const treeRss = processTree(life.proc.pid!).reduce((sum, p) => sum + rssMiB(p), 0);
  const trace = readTrace(s.traceFile).filter((l) => l.pid === life.proc.pid);
  const engineLate = [...firedAt].map(([id, t]) => t - dueAt.get(id)!);
  const workerLate = [...doneAt].map(([id, t]) => t - dueAt.get(id)!);
  const caseLate = [...dueAt]
    .map(([id, due]) => {
      const w = workflowOf.get(id)!;
      const at = streamAt.get(w) ?? streamAt.get(w.replace(/^case-/, ''));
      return at === undefined ? undefined : at - due;
    })
    .filter((x): x is number => x !== undefined);
  const during = commandMs.filter((c) => c.during).map((c) => c.ms);
  const after = commandMs.filter((c) => !c.during).map((c) => c.ms);
  const stopMs = await stopGracefully(life);
  return {
    round: n,
    mode: MODE,
    load: { before: loadBefore, after: (await import('node:os')).loadavg()[0] },
    database: {
      deadlines: Object.fromEntries(counts.rows.map((c) => [c.kind, Number(c.n)])),
      ...sizes.rows[0],
    },
    downMs,
    moved: moved.rows.length,
    ...milestones(life, trace, { 'old case command answered': o.at, 'recent case GET answered': r.at }),
    firedWithinLimit: firedAt.size,
    doneWithinLimit: doneAt.size,
    caughtUpMs: caughtUpAt - life.spawnedAt,
    engineLatenessMs: dist(engineLate),
    taskDoneLatenessMs: dist(workerLate),
    caseEventLatenessMs: dist(caseLate),
    catchUpTasksStarted: dist(started),
    catchUpTasksScheduled: dist(scheduled),
    officerDuringCatchUpMs: dist(during),
    officerAfterCatchUpMs: dist(after),
    rssMiB: { node: round(nodeRss), tree: round(treeRss) },
    pgStatSinceStart: stats.rows[0],
    sigtermToExitMs: stopMs,
  };
}

async function main(): Promise<void> {
  let state: Fill;
  if (fs.existsSync(fillFile)) state = JSON.parse(fs.readFileSync(fillFile, 'utf8')) as Fill;
  else {
    const s = await settings('fill');
    const life = spawnService(s, 'fill');
    state = await fill(life);
    fs.writeFileSync(fillFile, JSON.stringify(state));
    await stopGracefully(life);
  }
  const rounds = [];
  for (let n = 1; n <= ROUNDS; n++) {
    const r = await oneRound(n, state);
    fs.writeFileSync(fillFile, JSON.stringify(state));
    rounds.push(r);
    console.log(JSON.stringify({ ...r, postgresLog: undefined, statementsBeforeListen: undefined }, null, 1));
  }
  console.log(`written ${await writeResult('recovery-scale', { cases: CASES, mode: MODE, rounds })}`);
}

main().catch(async (e: unknown) => {
  console.error(e);
  for (const life of live) await crash(life);
  process.exit(1);
});
