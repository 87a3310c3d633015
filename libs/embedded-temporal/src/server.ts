/**
 * Starting and stopping the embedded Temporal server: gRPC front first (listening at once), then storage
 * (migrations, namespaces, the task backlog, the deadline scheduler), then the handlers.
 */
import { Client as PgClient, Pool } from 'pg';
import { type Clock, WallClock } from './clock';
import { Engine } from './engine/engine';
import { NamespaceRegistry } from './engine/namespaces';
import { DeadlineScheduler } from './engine/scheduler';
import { startGrpcFront } from './grpc/grpc-server';
import { startHttpFront } from './http/http-server';
import { enforceLimits } from './grpc/limits';
import { operatorToolHandlers, trackPollers } from './grpc/operator-tools';
import { PollerRegistry } from './engine/pollers';
import { operatorServiceHandlers } from './grpc/namespace-handlers';
import { workflowServiceHandlers } from './grpc/workflow-service';
import { type Logger, silentLogger } from './logger';
import { loadAllTasks } from './store/execution-store';
import { releaseStickyBacklog } from './engine/sticky';
import { ScheduleRunner, scheduleServiceHandlers } from './schedules';
import { migrate } from './store/migrations';
import { writerPool } from './store/writer-pool';
import { hasOutstandingTasks, holdWhileDatabaseBusy } from './time-skipping/outstanding-tasks';
import { testServiceHandlers } from './time-skipping/test-service';
import { TimeSkippingClock } from './time-skipping/time-skipping-clock';

export interface TemporalServerOptions {
  /**
   * PostgreSQL URL; the server keeps its state in the `temporal` schema of this database. A function is
   * called after the port is open (the command line starts an embedded cluster there).
   */
  databaseUrl: string | (() => Promise<string>);
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /**
   * Port of Temporal's HTTP API (`/api/v1/...`, see README "HTTP API"); 0 picks a free one. Not served when
   * undefined (the command line always serves it, as start-dev does).
   */
  httpPort?: number;
  /** Namespaces to create besides `default`. */
  namespaces?: string[];
  logger?: Logger;
  clock?: Clock;
  /**
   * Time skipping as Temporal's test server offers it (see README "Time skipping"): a TimeSkippingClock
   * replaces the wall clock and the TestService is served. `true` starts with time skipping locked, as
   * `TestWorkflowEnvironment.createTimeSkipping` expects; `{ startLocked: false }` skips from the start;
   * `initialTimeMs` sets the server's time at start (default: now). Not combinable with `clock`.
   */
  timeSkipping?: boolean | { startLocked?: boolean; initialTimeMs?: number };
  /** Pool size (default 20). */
  maxConnections?: number;
  /**
   * Eager activity dispatch, the Go server's `system.enableActivityEagerExecution`: off by default as there;
   * on, an activity a worker asks for eagerly on the workflow's own queue comes back in the workflow task
   * completion's response (one round trip less). Netral's `npm start` turns it on.
   */
  activityEagerExecution?: boolean;
  /**
   * Runs whose mutable state stays in memory (GS `history.cacheMaxSize`; default 10,000). An evicted run
   * loses its admitted updates as the Go server's does; their callers retry (README "Updates").
   */
  stateCacheRuns?: number;
  /**
   * Group commit (engine/group-commit.ts, default on): writes of different workflows that wait while one is
   * in flight go together as one statement. Off only to measure it.
   */
  groupCommit?: boolean;
  /**
   * GS `history.workflowTaskHeartbeatTimeout` (default 30 minutes): how long a run may only heartbeat its
   * workflow task (Core, while a local activity runs) before that task times out.
   */
  workflowTaskHeartbeatTimeoutMs?: number;
}

export interface RunningTemporalServer {
  /** `host:port` for Connection.connect / NativeConnection.connect. */
  readonly address: string;
  readonly port: number;
  /** `http://host:port` of the HTTP API when `httpPort` was given. */
  readonly httpAddress?: string;
  /** Resolves when storage is ready and RPCs are served. */
  readonly ready: Promise<void>;
  /** The time-skipping clock (lock/unlock/sleep in process) when started with `timeSkipping`. */
  readonly timeSkipping?: TimeSkippingClock;
  stop(): Promise<void>;
}

export async function startTemporalServer(options: TemporalServerOptions): Promise<RunningTemporalServer> {
  const logger = options.logger ?? silentLogger;
  if (options.timeSkipping && options.clock) throw new Error('timeSkipping and clock cannot be combined');
  const skipping = options.timeSkipping
    ? new TimeSkippingClock({ ...(options.timeSkipping === true ? {} : options.timeSkipping), logger })
    : undefined;
  const clock = skipping ?? options.clock ?? new WallClock();
  const host = options.host ?? '127.0.0.1';
  const front = await startGrpcFront(host, options.port ?? 0, logger);
  const httpFront =
    options.httpPort === undefined
      ? undefined
      : await startHttpFront(host, options.httpPort, front, logger).catch(async (e: Error) => {
          await front.shutdown();
          throw e;
        });
  let pool: Pool | undefined;
  let writer: Pool | undefined;
  let ownership: PgClient | undefined;
  let scheduler: DeadlineScheduler | undefined;
  let engine: Engine | undefined;
  let schedules: ScheduleRunner | undefined;
  let stopWatchingDatabase: (() => void) | undefined;

  const ready = (async () => {
    const url = typeof options.databaseUrl === 'string' ? options.databaseUrl : await options.databaseUrl();
    // Named so that pg_stat_activity tells its connections from the worker's and the API's.
    pool = new Pool({
      connectionString: url,
      max: options.maxConnections ?? 20,
      application_name: 'netral-temporal',
    });
    pool.on('error', (e) => logger.warn('idle database connection failed', { error: e.message }));
    // The engine's writes, planned once per shape (store/writer-pool.ts).
    writer = writerPool(url, options.groupCommit ?? true);
    writer.on('error', (e) => logger.warn('idle database connection failed', { error: e.message }));
    await migrate(pool);
    ownership = await claimDatabase(url);
    const owner = ownership;
    if (skipping) stopWatchingDatabase = holdWhileDatabaseBusy(pool, (why) => skipping.hold(why));
    const namespaces = new NamespaceRegistry(pool);
    await namespaces.init(['default', ...(options.namespaces ?? [])]);
    engine = new Engine(pool, clock, logger, namespaces, {
      activityEagerExecution: options.activityEagerExecution ?? false,
      groupCommit: options.groupCommit ?? true,
      writer,
      stateCacheRuns: options.stateCacheRuns,
      workflowTaskHeartbeatTimeoutMs: options.workflowTaskHeartbeatTimeoutMs,
    });
    const backlog = await loadAllTasks(pool);
    for (const task of backlog) engine.matching.add(task);
    scheduler = new DeadlineScheduler(engine, clock, logger);
    engine.deadlines = scheduler;
    const moved = await releaseStickyBacklog(engine, backlog);
    if (moved) logger.info('sticky tasks of the previous process moved to their normal queues', { moved });
    await scheduler.start();
    // Schedules catch up on what fell due while the server was down.
    schedules = new ScheduleRunner(engine);
    await schedules.start();
    const pollers = new PollerRegistry(clock);
    front.setHandlers({
      workflow: enforceLimits(
        trackPollers(
          {
            ...workflowServiceHandlers(engine),
            ...scheduleServiceHandlers(engine, schedules),
            ...operatorToolHandlers(engine, pollers),
          },
          pollers,
        ),
      ),
      operator: operatorServiceHandlers(engine),
      ...(skipping ? { test: testServiceHandlers(skipping) } : {}),
    });
    // The probe runs on the ownership connection, which is not the pool's: the database-busy watch does not
    // count it.
    skipping?.watch(async () => !(await hasOutstandingTasks(owner)));
    logger.info('temporal server ready', { address: `${host}:${front.port}` });
  })();
  ready.catch((e: Error) => {
    logger.error('temporal server storage failed to start', { error: e.message });
    front.fail(e);
  });

  let stopped: Promise<void> | undefined;
  return {
    address: `${host}:${front.port}`,
    port: front.port,
    httpAddress: httpFront ? `http://${host}:${httpFront.port}` : undefined,
    ready,
    timeSkipping: skipping,
    stop() {
      stopped ??= (async () => {
        await ready.catch(() => undefined);
        await schedules?.stop();
        await scheduler?.stop();
        await skipping?.stop();
        stopWatchingDatabase?.();
        engine?.matching.close();
        engine?.notifier.notifyAll();
        await httpFront?.shutdown();
        await front.shutdown();
        await writer?.end();
        await pool?.end();
        // Last, once the pools have no work checked out, and awaited: pool.end() resolves before its
        // connections have closed (pg-pool drops them from its list and ends them without waiting), so a lock
        // left to die with its session outlived stop() and a server started right after found the database
        // taken ("stop it first"; schedules-restart under load).
        await releaseDatabase(ownership);
      })();
      return stopped;
    },
  };
}

/** A fixed advisory-lock key: "tmprl-owner". */
const OWNER_LOCK = 0x746d70726c01;

/**
 * One server per database: matching and long polls live in this process's memory, so a second server on
 * the same database would hand out the same tasks. The lock is a session lock on a dedicated connection
 * (not the pool's, so that stop() can release it after the pool has drained), so a crashed server releases
 * it with its connection.
 */
async function claimDatabase(url: string): Promise<PgClient> {
  const client = new PgClient({ connectionString: url, application_name: 'netral-temporal' });
  await client.connect();
  const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [OWNER_LOCK]);
  if (!rows[0].ok) {
    await client.end();
    throw new Error('another embedded Temporal server is using this database; stop it first');
  }
  // Held for the server's life: when PostgreSQL goes away (e.g. stopped first on Ctrl+C) the error must
  // not crash the process; the pool's own errors are logged.
  client.on('error', () => undefined);
  return client;
}

/**
 * Unlocks explicitly, then closes: when the unlock has answered, the next server can claim the database,
 * whenever the backend of this session goes away. Errors (PostgreSQL already gone) leave nothing to release.
 */
async function releaseDatabase(ownership: PgClient | undefined): Promise<void> {
  if (!ownership) return;
  await ownership.query('SELECT pg_advisory_unlock($1)', [OWNER_LOCK]).catch(() => undefined);
  await ownership.end().catch(() => undefined);
}
