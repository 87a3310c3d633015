/**
 * Chaos (issue #14, "Fault tests"): 50 case lifecycles driven through the HTTP API while the service
 * process is killed with SIGKILL, in two modes:
 * - "worker": the Temporal server lives in this test process and survives; the process with the worker
 *   (and the API) dies;
 * - "service": the whole service dies, its embedded Temporal server included.
 * Each mode is run twice side by side (four worlds, each on its own database, a quarter of the lifecycles
 * each): once killed between tasks (after a seeded number of answered commands), once inside an
 * `appendCaseEvents` activity (a seeded append, before or after it commits); then started again on the
 * same database. Clients retry with the same Idempotency-Key, as the API asks them to.
 *
 * Every case must end as an undisturbed case does: the same event stream (types, order, payloads, actors;
 * times and ids aside), closed, with no duplicate event id, a contiguous version sequence and a valid hash
 * chain. Each lifecycle waits for its deadline reminders (timers a second and a half away), so timers
 * pending at a kill must fire after the restart. The seed is printed; NETRAL_CHAOS_SEED replays a run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startTemporalServer, type RunningTemporalServer } from '@netral/embedded-temporal';
import { decodeEvent } from '@netral/embedded-temporal/proto';
import { caseReadModelMigrations, EventStore, openDataSource } from '@netral/event-store';
import type { DataSource } from 'typeorm';
import { mintLocalToken } from '../../apps/api/src/platform';
import { caseWorkflowBundle } from '../../apps/worker/src/case-worker';
import { type Caller, OFFICER, registerBody, SUPERVISOR } from '../api-cases/support';
import { createTestDatabase } from '../support/database';
import { waitFor } from '../support/wait';
import type { ChaosServiceConfig } from './bin/chaos-service';

const root = path.join(__dirname, '../..');
const SECRET = 'chaos-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const LIFECYCLES = 50;
const SEED = Number(process.env.NETRAL_CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
/**
 * NETRAL_CHAOS_LOG_DIR=<dir> keeps each service's whole output (both streams, every restart) in
 * `<dir>/<task queue>.log`: a failed world's engine and worker lines (a task's attempts, its timeouts) are
 * otherwise lost with the test process, and only the last 4 KB of stderr of a failed start is shown.
 */
const LOG_DIR = process.env.NETRAL_CHAOS_LOG_DIR;

function keepLog(taskQueue: string, proc: ChildProcess): void {
  if (!LOG_DIR) return;
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const file = fs.createWriteStream(path.join(LOG_DIR, `${taskQueue}.log`), { flags: 'a' });
  file.write(`--- ${new Date().toISOString()} started (pid ${proc.pid})\n`);
  proc.stdout!.pipe(file, { end: false });
  proc.stderr!.pipe(file, { end: false });
  proc.once('close', (code, signal) =>
    file.end(`--- ${new Date().toISOString()} exited (${code ?? signal})\n`),
  );
}

/** 503 answers by task queue (a case refused while its workflow task retries): printed, not asserted. */
const refusals = new Map<string, number>();

/**
 * A world's workflow tasks from its engine's history: timeouts by attempt and the highest attempt that
 * completed (bench/notes/s15-restart.md). Printed beside the 503s: a restart's retry chain shows here first.
 */
async function workflowTaskAttempts(dataSource: DataSource) {
  const rows = (await dataSource.query(
    `SELECT run_id, data FROM temporal.history_events ORDER BY run_id, event_id`,
  )) as { run_id: string; data: Buffer }[];
  const attemptOf = new Map<string, number>();
  const timedOut: Record<number, number> = {};
  let highestCompleted = 0;
  for (const row of rows) {
    const event = decodeEvent(row.data);
    const type = Number(event.eventType);
    if (type === 5) attemptOf.set(row.run_id, event.workflowTaskScheduledEventAttributes?.attempt ?? 1);
    const attempt = attemptOf.get(row.run_id) ?? 1;
    if (type === 8) timedOut[attempt] = (timedOut[attempt] ?? 0) + 1;
    if (type === 7) highestCompleted = Math.max(highestCompleted, attempt);
  }
  return { timedOut, highestCompleted };
}

/** mulberry32: a small seeded generator, so that a failing run can be replayed with its seed. */
function seeded(seed: number): (lo: number, hi: number) => number {
  let a = seed >>> 0;
  return (lo, hi) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return lo + Math.floor(r * (hi - lo + 1));
  };
}

let bundlePath: string;

beforeAll(async () => {
  process.stdout.write(`chaos seed ${SEED} (replay with NETRAL_CHAOS_SEED=${SEED})\n`);
  // One workflow bundle for every start of the service (webpack is the slow part of a worker's start).
  const { workflowsPath, bundlerOptions } = caseWorkflowBundle();
  const { code } = await bundleWorkflowCode({ workflowsPath: workflowsPath!, ...bundlerOptions });
  bundlePath = path.join(os.tmpdir(), `netral-chaos-bundle-${process.pid}.js`);
  fs.writeFileSync(bundlePath, code);
}, 120_000);

afterAll(() => {
  if (bundlePath) fs.rmSync(bundlePath, { force: true });
});

/** The service in a child process (plain node + an swc require hook, so that SIGKILL kills all of it). */
class ServiceProcess {
  url = '';
  kills = 0;
  private child: ChildProcess | undefined;
  private up: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(private readonly config: Omit<ChaosServiceConfig, 'fault'>) {}

  get taskQueue(): string {
    return this.config.taskQueue;
  }

  /**
   * Starts the process; when it dies on its own (an injected fault), it is started again without one. A
   * start right after a kill may find the database still claimed by the dead process's sessions for a
   * moment: it is tried again a few times.
   */
  start(fault?: ChaosServiceConfig['fault']): Promise<void> {
    this.up = (async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.spawn(fault);
        } catch (e) {
          if (attempt >= 5 || this.stopping) throw e;
          await new Promise((r) => setTimeout(r, 500 * attempt));
        }
      }
    })();
    return this.up;
  }

  private spawn(fault?: ChaosServiceConfig['fault']): Promise<void> {
    return new Promise((resolve, reject) => {
      const proc = spawn(
        process.execPath,
        [
          '--require',
          path.join(root, 'test/support/bin/swc-register.js'),
          path.join(__dirname, 'bin/chaos-service.ts'),
        ],
        {
          cwd: root,
          env: {
            ...process.env,
            TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.json'),
            CHAOS_SERVICE: JSON.stringify({ ...this.config, ...(fault ? { fault } : {}) }),
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      this.child = proc;
      keepLog(this.config.taskQueue, proc);
      let out = '';
      let err = '';
      let ready = false;
      proc.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
      proc.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /READY (\{.*\})/.exec(out);
        if (m && !ready) {
          ready = true;
          this.url = (JSON.parse(m[1]) as { url: string }).url;
          process.stdout.write(`${new Date().toISOString()} ${this.config.taskQueue} up\n`);
          resolve();
        }
      });
      proc.once('exit', (code, signal) => {
        this.url = '';
        if (!ready) return reject(new Error(`service exited before READY (${code ?? signal}): ${err}`));
        if (this.stopping || this.child !== proc) return;
        // Killed by its own fault hook inside an activity: count it and start again.
        if (signal === 'SIGKILL') {
          process.stdout.write(
            `${new Date().toISOString()} ${this.config.taskQueue} died inside an activity\n`,
          );
          this.kills++;
          this.start().catch(() => undefined);
        }
      });
    });
  }

  /** Waits until the API answers (again). */
  ready(): Promise<void> {
    return this.up;
  }

  /** SIGKILL from outside (between tasks), then a fresh start. */
  async killAndRestart(): Promise<void> {
    const proc = this.child!;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    this.child = undefined;
    this.url = '';
    proc.kill('SIGKILL');
    process.stdout.write(`${new Date().toISOString()} ${this.config.taskQueue} killed between tasks\n`);
    this.kills++;
    await exited;
    await this.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const proc = this.child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGKILL');
    await exited;
  }
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * A client as the API asks clients to behave: a command is retried with the same Idempotency-Key while the
 * service is down, answers 5xx, or says the same request is still running. Anything else is final.
 */
async function command(
  svc: ServiceProcess,
  pathname: string,
  as: Caller,
  body: unknown,
  key: string,
): Promise<Answer> {
  const until = Date.now() + 150_000;
  for (;;) {
    await svc.ready().catch(() => undefined);
    const url = svc.url;
    let answer: Answer | undefined;
    if (url) {
      try {
        const token = await mintLocalToken({ secret: SECRET, role: as.role, agency: as.agency, sub: as.sub });
        const res = await fetch(`${url}${pathname}`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json',
            'Idempotency-Key': key,
          },
          body: JSON.stringify(body),
        });
        answer = { status: res.status, body: (await res.json()) as Record<string, unknown> };
        if (res.status === 503) refusals.set(svc.taskQueue, (refusals.get(svc.taskQueue) ?? 0) + 1);
      } catch {
        answer = undefined; // the process died under the request
      }
    }
    const retry =
      !answer ||
      answer.status >= 500 ||
      (answer.status === 409 && answer.body.code === 'IDEMPOTENT_REQUEST_IN_PROGRESS');
    if (!retry) return answer!;
    if (Date.now() > until) throw new Error(`${pathname}: no answer (${answer?.status ?? 'down'})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** One mode's world: a database, its service process, and direct read access for the checks. */
class World {
  private answered = 0;
  private killAfterAnswers = Infinity;
  /** The kill between tasks and the restart after it, once triggered. */
  killed: Promise<void> | undefined;

  constructor(
    readonly label: string,
    readonly svc: ServiceProcess,
    readonly dataSource: DataSource,
    readonly events: EventStore,
  ) {}

  /** SIGKILL the service (between tasks) once `n` more commands have been answered, then restart it. */
  killBetweenTasksAfter(n: number): void {
    this.killAfterAnswers = this.answered + n;
  }

  async send(pathname: string, as: Caller, body: unknown, key: string): Promise<Answer> {
    const answer = await command(this.svc, pathname, as, body, key);
    if (++this.answered === this.killAfterAnswers) this.killed = this.svc.killAndRestart();
    return answer;
  }

  async eventTypes(caseId: string): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT type FROM events WHERE stream_id = $1 ORDER BY version`,
      [caseId],
    )) as { type: string }[];
    return rows.map((r) => r.type);
  }

  async waitForReminders(caseId: string, n: number): Promise<void> {
    await waitFor(
      async () => (await this.eventTypes(caseId)).filter((t) => t === 'DeadlineReminderSent').length >= n,
      150_000,
    );
  }

  /** A short lifecycle: register, reminder, assign, reminder, withdraw (closes the case). */
  async lifecycle(i: number): Promise<string> {
    const key = `chaos-${this.label}-${i}`;
    const registered = await this.send('/cases', OFFICER, registerBody(), `${key}-register`);
    if (registered.status !== 201)
      throw new Error(`register ${i}: ${registered.status} ${JSON.stringify(registered.body)}`);
    const caseId = registered.body.caseId as string;
    await this.waitForReminders(caseId, 1);
    const assigned = await this.send(
      `/cases/${caseId}/assignment`,
      SUPERVISOR,
      { officerId: 'officer-ani', officerName: 'Ani' },
      `${key}-assign`,
    );
    if (assigned.status !== 200)
      throw new Error(`assign ${caseId}: ${assigned.status} ${JSON.stringify(assigned.body)}`);
    await this.waitForReminders(caseId, 2);
    const withdrawn = await this.send(
      `/cases/${caseId}/withdraw`,
      SUPERVISOR,
      { reason: 'Laporan dicabut oleh pelapor' },
      `${key}-withdraw`,
    );
    if (withdrawn.status !== 200)
      throw new Error(`withdraw ${caseId}: ${withdrawn.status} ${JSON.stringify(withdrawn.body)}`);
    expect(withdrawn.body.stage).toBe('closed');
    return caseId;
  }

  /** The stream without what legitimately differs between cases: times and the case id. */
  async comparable(caseId: string) {
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
    const strip = (value: unknown): unknown =>
      JSON.parse(JSON.stringify(value), (_k, v: unknown) =>
        typeof v === 'string' ? (iso.test(v) ? '<time>' : v.split(caseId).join('<case>')) : v,
      );
    return (await this.events.readStream(caseId)).map((e) => ({
      id: e.id.split(caseId).join('<case>'),
      version: e.version,
      type: e.type,
      data: strip(e.data),
      actor: [e.metadata.actorId, e.metadata.role],
    }));
  }
}

/** Starts a mode's service on its database and opens the checks' connection once it has migrated. */
async function openWorld(
  label: string,
  databaseUrl: string,
  temporalAddress: string | undefined,
  fault: ChaosServiceConfig['fault'],
): Promise<World> {
  const svc = new ServiceProcess({
    databaseUrl,
    taskQueue: `chaos-${label}`,
    workflowBundlePath: bundlePath,
    secret: SECRET,
    ...(temporalAddress ? { temporalAddress } : {}),
  });
  await svc.start(fault);
  const dataSource = await openDataSource({
    url: databaseUrl,
    migrations: caseReadModelMigrations,
    poolSize: 3,
  });
  return new World(label, svc, dataSource, new EventStore(dataSource));
}

type Kill = { kind: 'between-tasks'; afterAnswers: number } | { kind: 'in-activity'; fault: Fault };
type Fault = NonNullable<ChaosServiceConfig['fault']>;

describe('chaos: SIGKILL inside activities and between tasks', () => {
  const servers: RunningTemporalServer[] = [];
  const worlds: World[] = [];
  afterAll(async () => {
    for (const w of worlds) {
      await w.svc.stop();
      await w.dataSource.destroy().catch(() => undefined);
    }
    for (const server of servers) await server.stop();
  });

  it(`${LIFECYCLES} lifecycles end exactly as an undisturbed one`, async () => {
    const random = seeded(SEED);
    const started = Date.now();
    const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
    // Four worlds side by side, one kill each: a kill's recovery (the dead attempt's activity timeout,
    // the dead API's Idempotency-Key leases) is paid once, concurrently, not once per kill.
    const setups = await Promise.all(
      (['worker', 'service'] as const).flatMap((mode) =>
        (['between-tasks', 'in-activity'] as const).map(async (kind) => {
          const label = `${mode}_${kind.replace('-', '_')}`;
          const databaseUrl = await createTestDatabase(`chaos_${label}`);
          let temporalAddress: string | undefined;
          if (mode === 'worker') {
            const server = await startTemporalServer({ databaseUrl, port: 0 });
            servers.push(server);
            await server.ready;
            temporalAddress = server.address;
          }
          return { label, kind, databaseUrl, temporalAddress };
        }),
      ),
    );
    const kills: Kill[] = setups.map(({ kind }) =>
      kind === 'between-tasks'
        ? { kind, afterAnswers: random(2, 14) }
        : { kind, fault: { append: random(4, 40), phase: random(0, 1) ? 'after' : 'before' } },
    );
    for (const [i, { label }] of setups.entries()) {
      const kill = kills[i];
      process.stdout.write(
        `chaos ${label}: ${
          kill.kind === 'between-tasks'
            ? `SIGKILL after ${kill.afterAnswers} answered commands`
            : `SIGKILL inside append #${kill.fault.append} (${kill.fault.phase} its commit)`
        }\n`,
      );
    }
    worlds.push(
      ...(await Promise.all(
        setups.map((s, i) => {
          const kill = kills[i];
          return openWorld(
            s.label,
            s.databaseUrl,
            s.temporalAddress,
            kill.kind === 'in-activity' ? kill.fault : undefined,
          );
        }),
      )),
    );
    process.stdout.write(`chaos: services up after ${elapsed()}\n`);

    // The undisturbed reference, before any fault (on a world whose kill comes from outside, later).
    const reference = await worlds[0].lifecycle(-1);
    const expected = await worlds[0].comparable(reference);
    expect(expected.filter((e) => e.type === 'DeadlineReminderSent')).toHaveLength(2);
    expect(expected.at(-1)?.type).toBe('CaseClosed');

    let next = 0;
    const share = (i: number) =>
      Math.floor((LIFECYCLES * (i + 1)) / worlds.length) - Math.floor((LIFECYCLES * i) / worlds.length);
    const runs = worlds.map(async (world, i) => {
      const kill = kills[i];
      if (kill.kind === 'between-tasks') world.killBetweenTasksAfter(kill.afterAnswers);
      const first = next;
      next += share(i);
      const caseIds = await Promise.all(
        Array.from({ length: share(i) }, (_v, j) => world.lifecycle(first + j)),
      );
      await world.killed;
      process.stdout.write(`chaos ${world.label}: done after ${elapsed()}\n`);
      return { world, caseIds };
    });
    const results = await Promise.all(runs);
    process.stdout.write(`chaos: lifecycles done after ${elapsed()}\n`);

    for (const { world } of results)
      process.stdout.write(
        `chaos ${world.label}: 503s ${refusals.get(world.svc.taskQueue) ?? 0}, workflow tasks ${JSON.stringify(
          await workflowTaskAttempts(world.dataSource),
        )}\n`,
      );

    expect(results.reduce((n, r) => n + r.caseIds.length, 0)).toBe(LIFECYCLES);
    for (const { world, caseIds } of results) {
      // The planned kill happened (and only it).
      expect({ world: world.label, kills: world.svc.kills }).toEqual({ world: world.label, kills: 1 });
      expect(new Set(caseIds).size).toBe(caseIds.length);
      for (const caseId of caseIds) {
        expect({ caseId, stream: await world.comparable(caseId) }).toEqual({ caseId, stream: expected });
        const stream = await world.events.readStream(caseId);
        expect(stream.map((e) => e.version)).toEqual(stream.map((_e, i) => i + 1));
        expect((await world.events.verifyStream(caseId)).ok).toBe(true);
      }
      const duplicates = (await world.dataSource.query(
        `SELECT event_id FROM events GROUP BY event_id HAVING count(*) > 1`,
      )) as unknown[];
      expect(duplicates).toEqual([]);
      const [summary] = (await world.dataSource.query(
        `SELECT count(*)::int AS n FROM case_summary WHERE stage = 'closed' AND case_id = ANY($1)`,
        [caseIds],
      )) as { n: number }[];
      expect(summary.n).toBe(caseIds.length);
    }
  }, 420_000);
});
