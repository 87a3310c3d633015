/**
 * Crash and restart: a process running the server and a worker is killed mid-timer and mid-activity; a new
 * server on the same database finishes both workflows, and no event is lost or written twice.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { Client as PgClient } from 'pg';
import { temporal } from '@temporalio/proto';
import { startTemporalServer } from '@netral/embedded-temporal';
import { release } from './activities';
import { createTestDatabase } from '../support/database';
import { startEnv, type TemporalTestEnv } from './support';

const EventType = temporal.api.enums.v1.EventType;
const root = path.join(__dirname, '../..');

function runCrashPhase(databaseUrl: string, taskQueue: string): Promise<{ kill(): Promise<void> }> {
  // Plain node with tsx's require hook: one process, so SIGKILL really kills the server and the worker.
  const child = spawn(
    process.execPath,
    ['--require', 'tsx/cjs', path.join(__dirname, 'bin/crash-phase.ts'), databaseUrl, taskQueue],
    {
      cwd: root,
      env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('READY')) {
        resolve({
          kill: () =>
            new Promise<void>((r) => {
              child.once('exit', () => r());
              child.kill('SIGKILL');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`crash phase exited early (${code}): ${stderr}`)));
  });
}

describe('restart on the same database', () => {
  let env: TemporalTestEnv | undefined;
  afterAll(async () => {
    await env?.stop();
  });

  it('finishes workflows that were mid-timer and mid-activity, without duplicate events', async () => {
    const databaseUrl = await createTestDatabase('restart');
    const taskQueue = 'tq-restart';
    const crashed = await runCrashPhase(databaseUrl, taskQueue);
    await crashed.kill();

    release('k');
    env = await startEnv('restart', { databaseUrl, taskQueue });
    const timer = env.client.workflow.getHandle('restart-timer');
    const activity = env.client.workflow.getHandle('restart-activity');
    expect(await timer.result()).toBe('timer fired');
    expect(await activity.result()).toBe('released k+timer');

    for (const handle of [timer, activity]) {
      const events = (await handle.fetchHistory()).events ?? [];
      events.forEach((e, i) => expect(Number(e.eventId)).toBe(i + 1));
      const count = (t: number) => events.filter((e) => e.eventType === t).length;
      expect(count(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)).toBe(1);
      expect(count(EventType.EVENT_TYPE_TIMER_FIRED)).toBe(count(EventType.EVENT_TYPE_TIMER_STARTED));
      expect(count(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)).toBe(1);
    }
    const activityEvents = (await activity.fetchHistory()).events ?? [];
    const started = activityEvents.filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED);
    expect(started).toHaveLength(1);
    // The first attempt died with the crashed worker: it timed out and the retry completed.
    expect(Number(started[0].activityTaskStartedEventAttributes?.attempt)).toBe(2);
    expect(
      activityEvents.filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED),
    ).toHaveLength(1);
  });

  it('frees the database before stop() resolves: a server started right after claims it', async () => {
    const databaseUrl = await createTestDatabase('restart-release');
    const db = new PgClient({ connectionString: databaseUrl });
    await db.connect();
    // The owner lock is the only session advisory lock a server holds (migrations take a transaction one).
    const ownerLocks = async () =>
      Number(
        (
          await db.query<{ n: string }>(
            `SELECT count(*) AS n FROM pg_locks
              WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          )
        ).rows[0].n,
      );
    try {
      // Several rounds: before the fix the lock was still held after stop() in most of them, even unloaded.
      for (let round = 0; round < 5; round++) {
        const server = await startTemporalServer({ databaseUrl });
        await server.ready;
        expect(await ownerLocks()).toBe(1);
        await server.stop();
        expect(await ownerLocks()).toBe(0);
      }
    } finally {
      await db.end();
    }
  });
});
