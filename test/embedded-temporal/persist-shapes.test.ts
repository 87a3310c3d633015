/**
 * The engine's one-statement write (store/persist.ts) over a real database: a write of several runs (as
 * group commit merges them) has the same SQL text as a write of one run holding the same kinds of rows, it
 * writes every row of every run, and on the writer pool (store/writer-pool.ts) it runs on a generic plan,
 * planned once.
 */
import { Pool } from 'pg';
import { migrate } from '@netral/embedded-temporal/store/migrations';
import { persistChanges, type Changes, type RunChanges } from '@netral/embedded-temporal/store/persist';
import { writerPool } from '@netral/embedded-temporal/store/writer-pool';
import { mergeChanges } from '@netral/embedded-temporal/engine/group-commit';
import type { Db, TaskRow } from '@netral/embedded-temporal/store/execution-store';
import type { ExecutionState } from '@netral/embedded-temporal/engine/state';
import { createTestDatabase } from '../support/database';

const RUNS = [
  '00000000-0000-4000-8000-00000000000a',
  '00000000-0000-4000-8000-00000000000b',
  '00000000-0000-4000-8000-00000000000c',
  '00000000-0000-4000-8000-00000000000d',
];

const state = (i: number, status: string, nextEventId: number) =>
  ({
    namespace: 'default',
    workflowId: `wf-${i}`,
    runId: RUNS[i],
    status,
    nextEventId,
    note: `run ${i} "quoted" \\ back`,
  }) as unknown as ExecutionState;

/** A new run: its state, two events, two deadlines, a workflow task, visibility and the current run. */
function started(i: number): Changes {
  const task: TaskRow = {
    namespace: 'default',
    taskQueue: 'q',
    kind: 'workflow',
    workflowId: `wf-${i}`,
    runId: RUNS[i],
    scheduledEventId: 2,
    attempt: 1,
  };
  return {
    runs: [
      {
        state: state(i, 'Running', 3),
        isNew: true,
        events: [
          { id: 1, data: Buffer.from([1, i]) },
          { id: 2, data: Buffer.from([2, i, 0]) },
        ],
        deadlineDeletes: [],
        workflowTaskDeletes: [],
        completedUpdates: [],
        visibility: {
          namespace: 'default',
          workflowId: `wf-${i}`,
          runId: RUNS[i],
          workflowType: 'wt',
          taskQueue: 'q',
          status: 'Running',
          startTime: 1_700_000_000_123,
          executionTime: 1_700_000_000_123,
          historyLength: 2,
          searchAttributes: { CustomKeywordField: `k${i}` },
          searchAttributesRaw: null,
          memo: Buffer.from([0, 255, i]),
        },
      },
    ],
    taskDeletes: [],
    tasks: [task],
    deadlines: ['1', '2'].map((key) => ({
      fireAt: 1_700_000_100_000,
      namespace: 'default',
      workflowId: `wf-${i}`,
      runId: RUNS[i],
      kind: 'activity-timeout',
      key,
      data: { attempt: 1 },
    })),
    currentRuns: [{ namespace: 'default', workflowId: `wf-${i}`, runId: RUNS[i] }],
  };
}

/** The run closes: one event, one deadline key disarmed, its workflow task dropped, an update completed. */
function closed(i: number): Changes {
  const run: RunChanges = {
    state: state(i, 'Completed', 4),
    isNew: false,
    events: [{ id: 3, data: Buffer.from([3, i]) }],
    deadlineDeletes: [{ kinds: ['activity-timeout'], key: '1' }],
    workflowTaskDeletes: [2],
    completedUpdates: [{ updateId: `u-${i}`, eventId: 3 }],
    visibility: {
      ...started(i).runs[0].visibility!,
      status: 'Completed',
      closeTime: 1_700_000_200_000,
      historyLength: 3,
    },
  };
  return { runs: [run], taskDeletes: [], tasks: [], deadlines: [], currentRuns: [] };
}

describe('the engine write (persist.ts)', () => {
  let admin: Pool;
  let writer: Pool;
  const texts: string[] = [];
  const values: unknown[][] = [];
  let db: Db;

  beforeAll(async () => {
    const url = await createTestDatabase('persist-shapes');
    admin = new Pool({ connectionString: url, max: 1 });
    await migrate(admin);
    writer = writerPool(url, true);
    db = {
      query: (q: { text: string; values: unknown[] }) => {
        texts.push(q.text);
        values.push(q.values);
        return writer.query(q as never);
      },
    } as unknown as Db;
  });
  afterAll(async () => {
    await writer.end();
    await admin.end();
  });

  it('writes one run or several with one statement text, every row of each, on a generic plan', async () => {
    const one = started(0);
    await persistChanges(db, one);
    const several = mergeChanges([started(1), started(2)]);
    await persistChanges(db, several);
    expect(texts[1]).toBe(texts[0]);
    // Each task got the id of its own row.
    const { rows: tasks } = await admin.query<{ id: string; run_id: string }>(
      'SELECT id, run_id FROM temporal.tasks',
    );
    for (const t of [...one.tasks, ...several.tasks])
      expect(tasks.find((r) => r.id === t.id)?.run_id).toBe(t.runId);

    await persistChanges(db, closed(0));
    await persistChanges(db, mergeChanges([closed(1), closed(2)]));
    expect(texts[3]).toBe(texts[2]);

    for (const [i, runId] of RUNS.slice(0, 3).entries()) {
      const run = await admin.query(
        'SELECT status, next_event_id, state FROM temporal.executions WHERE run_id = $1',
        [runId],
      );
      expect(run.rows).toEqual([
        { status: 'Completed', next_event_id: 4, state: { ...state(i, 'Completed', 4) } },
      ]);
      const events = await admin.query<{ event_id: number; data: Buffer }>(
        'SELECT event_id, data FROM temporal.history_events WHERE run_id = $1 ORDER BY event_id',
        [runId],
      );
      expect(events.rows.map((e) => [e.event_id, [...e.data]])).toEqual([
        [1, [1, i]],
        [2, [2, i, 0]],
        [3, [3, i]],
      ]);
      // Only the disarmed key went.
      const deadlines = await admin.query(
        'SELECT kind, key, data FROM temporal.deadlines WHERE run_id = $1',
        [runId],
      );
      expect(deadlines.rows).toEqual([{ kind: 'activity-timeout', key: '2', data: { attempt: 1 } }]);
      const visibility = await admin.query(
        `SELECT status, start_time, close_time, history_length, search_attributes, memo, search_attributes_raw
           FROM temporal.executions_visibility WHERE run_id = $1`,
        [runId],
      );
      expect(visibility.rows).toEqual([
        {
          status: 'Completed',
          start_time: new Date(1_700_000_000_123),
          close_time: new Date(1_700_000_200_000),
          history_length: 3,
          search_attributes: { CustomKeywordField: `k${i}` },
          memo: Buffer.from([0, 255, i]),
          search_attributes_raw: null,
        },
      ]);
      const current = await admin.query(
        'SELECT run_id FROM temporal.current_executions WHERE workflow_id = $1',
        [`wf-${i}`],
      );
      expect(current.rows).toEqual([{ run_id: runId }]);
      const updates = await admin.query(
        'SELECT update_id, event_id FROM temporal.completed_updates WHERE run_id = $1',
        [runId],
      );
      expect(updates.rows).toEqual([{ update_id: `u-${i}`, event_id: 3 }]);
    }
    expect((await admin.query('SELECT count(*)::int AS n FROM temporal.tasks')).rows).toEqual([{ n: 0 }]);

    // A kind disarmed without a key takes every key of it; a task claimed by a poll goes by its id.
    const task = { ...started(0).tasks[0], scheduledEventId: 5 };
    await persistChanges(db, { ...closed(0), runs: [], tasks: [task] });
    const run = closed(0).runs[0];
    await persistChanges(db, {
      ...closed(0),
      runs: [
        { ...run, events: [], completedUpdates: [], deadlineDeletes: [{ kinds: ['activity-timeout'] }] },
      ],
      taskDeletes: [task.id!],
    });
    const left = await admin.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM temporal.deadlines WHERE run_id = $1)::int
            + (SELECT count(*) FROM temporal.tasks)::int AS n`,
      [RUNS[0]],
    );
    expect(left.rows).toEqual([{ n: 0 }]);

    // The writer's session planned each prepared shape generically, never per execution.
    const plans = await writer.query<{ generic_plans: string; custom_plans: string }>(
      'SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name LIKE $1',
      ['et_%'],
    );
    expect(plans.rows.length).toBeGreaterThanOrEqual(2);
    for (const p of plans.rows) {
      expect(Number(p.custom_plans)).toBe(0);
      expect(Number(p.generic_plans)).toBeGreaterThan(0);
    }
  });

  it("sends the events' bytes as one binary parameter and stores each event's bytes exactly", async () => {
    // A registration's start event carries the ~36 KB configuration; pg sends a bytea[] as hex text.
    const big = Buffer.alloc(40_000, 7);
    big.write('{"config":…}', 100);
    const change = started(3);
    change.runs[0].events = [
      { id: 1, data: big },
      { id: 2, data: Buffer.alloc(0) },
      { id: 3, data: Buffer.from([3, 0, 255]) },
    ];
    const sent = values.length;
    await persistChanges(db, change);
    const buffers = values[sent].filter((v) => Buffer.isBuffer(v));
    expect(buffers.map((b) => b.length)).toEqual([40_003]);
    expect(texts[sent]).not.toContain('bytea[]');
    const { rows } = await admin.query<{ event_id: number; data: Buffer }>(
      'SELECT event_id, data FROM temporal.history_events WHERE run_id = $1 ORDER BY event_id',
      [RUNS[3]],
    );
    expect(rows.map((r) => [r.event_id, r.data.toString('hex')])).toEqual(
      change.runs[0].events.map((e) => [e.id, e.data.toString('hex')]),
    );
  });
});
