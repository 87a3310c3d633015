/**
 * A schedule survives its server being killed (SIGKILL) at an arbitrary moment: a child process runs the
 * server with a schedule that starts a workflow every second; it is killed, a new server takes over the
 * database, and every second between the first and the last action has exactly one workflow, each recorded
 * as exactly one action (a start whose record died with the process is found again, not repeated).
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { Client as PgClient } from 'pg';
import { WallClock } from '@netral/embedded-temporal';
import { createTestDatabase } from '../support/database';
import { eventually, type ScheduleTestEnv, startScheduleEnv } from './workflows/schedule-test-env';

const TASK_QUEUE = 'tq-schedules-crash';

describe('schedules and a killed server', () => {
  let env: ScheduleTestEnv | undefined;
  afterAll(async () => {
    await env?.stop();
  });

  async function runsPerWorkflowId(prefix: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for await (const wf of env!.client.workflow.list({ query: `WorkflowType = 'quickJob'` })) {
      if (wf.workflowId.startsWith(`${prefix}-`)) counts[wf.workflowId] = (counts[wf.workflowId] ?? 0) + 1;
    }
    return counts;
  }

  it('survives SIGKILL at an arbitrary moment: every second has exactly one action, all recorded', async () => {
    const databaseUrl = await createTestDatabase('schedules-restart-kill');
    const root = path.join(__dirname, '../..');
    const child = spawn(
      process.execPath,
      [
        '--require',
        'tsx/cjs',
        path.join(__dirname, 'workflows/schedule-crash-phase.ts'),
        databaseUrl,
        TASK_QUEUE,
      ],
      {
        cwd: root,
        env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.json') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('READY') && resolve());
      child.once('exit', (code) => reject(new Error(`crash phase exited early (${code}): ${stderr}`)));
    });
    const db = new PgClient({ connectionString: databaseUrl });
    await db.connect();
    try {
      const recorded = async () => {
        const { rows } = await db.query<{ n: number }>(
          "SELECT (state->>'actionCount')::int AS n FROM temporal.schedules WHERE schedule_id = 'ticker'",
        );
        return rows[0]?.n ?? 0;
      };
      await eventually(
        async () => ((await recorded()) >= 3 ? true : undefined),
        'three actions before the kill',
      );
      child.kill('SIGKILL');
      await exited;
      const beforeKill = await recorded();

      env = await startScheduleEnv(databaseUrl, new WallClock(), TASK_QUEUE);
      const handle = env.client.schedule.getHandle('ticker');
      await eventually(async () => {
        const d = await handle.describe();
        return d.info.numActionsTaken >= beforeKill + 5 ? d : undefined;
      }, 'five more actions after the restart');
      await handle.pause();
      const taken = (await handle.describe()).info.numActionsTaken;
      await handle.delete();

      const runs = await runsPerWorkflowId('tick');
      const seconds = Object.keys(runs)
        .map((id) => Date.parse(id.slice('tick-'.length)))
        .sort((a, b) => a - b);
      // No second lost (ALLOW_ALL with the default one-year catch-up window), none taken twice...
      expect(Object.values(runs).every((n) => n === 1)).toBe(true);
      expect(seconds.every((t, i) => i === 0 || t - seconds[i - 1] === 1000)).toBe(true);
      // ...and each start recorded exactly once, including one whose record died with the process.
      expect(taken).toBe(seconds.length);
    } finally {
      child.kill('SIGKILL');
      await db.end();
    }
  });
});
