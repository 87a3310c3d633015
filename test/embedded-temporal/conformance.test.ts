/**
 * Conformance: the unmodified SDK client and worker against the embedded server. Every test asserts what
 * a real Temporal cluster would return.
 */
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
} from '@temporalio/client';
import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  TerminatedFailure,
  TimeoutFailure,
} from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { attempts } from './activities';
import { startEnv, type TemporalTestEnv } from './support';
import { addSignal, echoUpdate, finishSignal, setValueUpdate, totalQuery } from './workflows';
import { engineTestWorkflowCode } from '../support/workflow-bundles';

const EventType = temporal.api.enums.v1.EventType;
let env: TemporalTestEnv;
let n = 0;
const id = (prefix: string) => `${prefix}-${++n}`;

beforeAll(async () => {
  env = await startEnv('conformance');
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

async function waitFor<T>(fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function eventTypes(workflowId: string, runId?: string): Promise<number[]> {
  const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
  const events = history.events ?? [];
  // Event ids run 1..n without gaps.
  events.forEach((e, i) => expect(Number(e.eventId)).toBe(i + 1));
  return events.map((e) => e.eventType as number);
}

describe('activities', () => {
  it('round-trips an activity', async () => {
    const result = await env.client.workflow.execute('greet', {
      taskQueue: env.taskQueue,
      workflowId: id('greet'),
      args: ['World'],
    });
    expect(result).toBe('Hello, World!');
  });

  it('retries a failing activity on the server until it succeeds', async () => {
    const workflowId = id('retry');
    const result = await env.client.workflow.execute('retryUntilSuccess', {
      taskQueue: env.taskQueue,
      workflowId,
      args: [2],
    });
    expect(result).toBe('succeeded on attempt 3');
    const types = await eventTypes(workflowId);
    // Retries write no events: one Scheduled, one Started, one Completed.
    expect(types.filter((t) => t === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).toHaveLength(1);
    expect(types.filter((t) => t === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)).toHaveLength(1);
  });

  it('does not retry a non-retryable failure', async () => {
    const workflowId = id('nonretry');
    const err = await env.client.workflow
      .execute('nonRetryable', { taskQueue: env.taskQueue, workflowId })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const cause = (err as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ActivityFailure);
    expect((cause as ActivityFailure).cause).toBeInstanceOf(ApplicationFailure);
    expect(((cause as ActivityFailure).cause as ApplicationFailure).message).toBe('boom');
    expect(attempts.get(workflowId)).toBe(1);
  });

  it('times out a silent heartbeat and retries the activity', async () => {
    const result = await env.client.workflow.execute('heartbeatRetry', {
      taskQueue: env.taskQueue,
      workflowId: id('hb'),
    });
    expect(result).toBe(2);
  });

  it('runs activities and a timer concurrently', async () => {
    const result = await env.client.workflow.execute('activityMix', {
      taskQueue: env.taskQueue,
      workflowId: id('mix'),
    });
    expect(result).toEqual(['x', 'y', 'timer']);
  });
});

describe('timers, signals, queries', () => {
  it('fires a timer', async () => {
    const result = await env.client.workflow.execute('timers', {
      taskQueue: env.taskQueue,
      workflowId: id('timer'),
      args: [300],
    });
    expect(result).toBe('slept enough');
  });

  it('delivers signals and answers queries on running and closed workflows', async () => {
    const handle = await env.client.workflow.start('counter', {
      taskQueue: env.taskQueue,
      workflowId: id('counter'),
    });
    await handle.signal(addSignal, 2);
    await handle.signal(addSignal, 3);
    await waitFor(async () => ((await handle.query(totalQuery)) === 5 ? true : undefined));
    await handle.signal(finishSignal);
    expect(await handle.result()).toBe(5);
    expect(await handle.query(totalQuery)).toBe(5);
  });

  it('reports a query the workflow does not know', async () => {
    const handle = await env.client.workflow.start('counter', {
      taskQueue: env.taskQueue,
      workflowId: id('unknown-query'),
    });
    await expect(handle.query('nope')).rejects.toThrow(/nope/);
    await handle.signal(finishSignal);
    await handle.result();
  });

  it('signal-with-start starts once and then signals', async () => {
    const workflowId = id('sws');
    const first = await env.client.workflow.signalWithStart('counter', {
      taskQueue: env.taskQueue,
      workflowId,
      signal: addSignal,
      signalArgs: [1],
    });
    const second = await env.client.workflow.signalWithStart('counter', {
      taskQueue: env.taskQueue,
      workflowId,
      signal: addSignal,
      signalArgs: [10],
    });
    expect(second.signaledRunId).toBe(first.signaledRunId);
    await first.signal(finishSignal);
    expect(await first.result()).toBe(11);
  });

  it('signals another workflow from a workflow', async () => {
    const target = await env.client.workflow.start('counter', {
      taskQueue: env.taskQueue,
      workflowId: id('target'),
    });
    await env.client.workflow.execute('signaller', {
      taskQueue: env.taskQueue,
      workflowId: id('signaller'),
      args: [target.workflowId],
    });
    expect(await target.result()).toBe(5);
  });
});

describe('updates', () => {
  it('accepts, rejects (without a history event) and deduplicates updates', async () => {
    const handle = await env.client.workflow.start('updatable', {
      taskQueue: env.taskQueue,
      workflowId: id('update'),
    });
    expect(await handle.executeUpdate(setValueUpdate, { args: ['one'], updateId: 'u1' })).toBe('initial');
    // Same update id: the first outcome, not a second execution.
    expect(await handle.executeUpdate(setValueUpdate, { args: ['two'], updateId: 'u1' })).toBe('initial');
    const rejected = await handle
      .executeUpdate(setValueUpdate, { args: ['bad'], updateId: 'u2' })
      .catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(WorkflowUpdateFailedError);
    // A rejected update leaves no trace (the real server drops it): the same id is validated anew.
    expect(await handle.executeUpdate(setValueUpdate, { args: ['one'], updateId: 'u2' })).toBe('one');
    expect(await handle.executeUpdate(echoUpdate, { args: ['via activity'] })).toBe('via activity');
    await handle.signal(finishSignal);
    expect(await handle.result()).toBe('one');
    const types = await eventTypes(handle.workflowId);
    expect(types.filter((t) => t === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)).toHaveLength(
      3,
    );
    expect(types.filter((t) => t === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED)).toHaveLength(
      3,
    );
  });

  it('waits for the accepted stage, then polls for the outcome', async () => {
    const handle = await env.client.workflow.start('updatable', {
      taskQueue: env.taskQueue,
      workflowId: id('update-poll'),
    });
    const update = await handle.startUpdate(setValueUpdate, {
      args: ['polled'],
      updateId: 'poll-1',
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    expect(await update.result()).toBe('initial');
    expect(await handle.getUpdateHandle<string>('poll-1').result()).toBe('initial');
    await handle.signal(finishSignal);
    expect(await handle.result()).toBe('polled');
  });

  it('refuses an update on a completed workflow', async () => {
    const handle = await env.client.workflow.start('updatable', {
      taskQueue: env.taskQueue,
      workflowId: id('update-closed'),
    });
    await handle.signal(finishSignal);
    await handle.result();
    const err = await handle.executeUpdate(setValueUpdate, { args: ['late'] }).catch((e: unknown) => e);
    expect(String((err as Error).message)).toMatch(/workflow execution already completed/);
  });
});

describe('closing', () => {
  it('cancels a workflow, which cleans up', async () => {
    const workflowId = id('cancel');
    const handle = await env.client.workflow.start('cancellableWork', {
      taskQueue: env.taskQueue,
      workflowId,
    });
    await waitFor(async () => {
      const d = await handle.describe();
      return d.raw.pendingActivities?.some(
        (a) => a.state === temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED,
      )
        ? true
        : undefined;
    });
    await handle.cancel();
    const err = await handle.result().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((err as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    const types = await eventTypes(workflowId);
    expect(types).toContain(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED);
    expect(types.at(-1)).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED);
    // The cleanup activity ran after the cancellation.
    expect(types.filter((t) => t === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)).toHaveLength(1);
  });

  it('terminates a workflow', async () => {
    const handle = await env.client.workflow.start('sleeper', {
      taskQueue: env.taskQueue,
      workflowId: id('terminate'),
    });
    await handle.terminate('enough');
    const err = await handle.result().catch((e: unknown) => e);
    expect((err as WorkflowFailedError).cause).toBeInstanceOf(TerminatedFailure);
    expect((await handle.describe()).status.name).toBe('TERMINATED');
  });

  it('reports a workflow failure', async () => {
    const err = await env.client.workflow
      .execute('failingWorkflow', { taskQueue: env.taskQueue, workflowId: id('wf-fail') })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect(((err as WorkflowFailedError).cause as ApplicationFailure).type).toBe('GiveUp');
  });

  it('follows continue-as-new to the final result', async () => {
    const workflowId = id('can');
    const handle = await env.client.workflow.start('countdown', {
      taskQueue: env.taskQueue,
      workflowId,
      args: [3],
    });
    expect(await handle.result()).toBe(100);
    const runs = await env.client.workflow.list({ query: `WorkflowId = '${workflowId}'` });
    const statuses: string[] = [];
    for await (const r of runs) statuses.push(r.status.name);
    expect(statuses.sort()).toEqual([
      'COMPLETED',
      'CONTINUED_AS_NEW',
      'CONTINUED_AS_NEW',
      'CONTINUED_AS_NEW',
    ]);
  });
});

describe('starting and finding workflows', () => {
  it('refuses a duplicate workflow id and reports unknown ids', async () => {
    const workflowId = id('dup');
    await env.client.workflow.start('sleeper', { taskQueue: env.taskQueue, workflowId });
    await expect(
      env.client.workflow.start('sleeper', { taskQueue: env.taskQueue, workflowId }),
    ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    await env.client.workflow.getHandle(workflowId).terminate();
    await expect(env.client.workflow.getHandle('no-such-workflow').describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
    await expect(
      env.client.workflow.getHandle('no-such-workflow').signal(finishSignal),
    ).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it('describes a workflow with its memo and search attributes', async () => {
    const workflowId = id('describe');
    const handle = await env.client.workflow.start('sleeper', {
      taskQueue: env.taskQueue,
      workflowId,
      memo: { perkara: 'ASN-001' },
      searchAttributes: { CustomKeywordField: ['k1'] },
    });
    const d = await handle.describe();
    expect(d.memo).toEqual({ perkara: 'ASN-001' });
    expect(d.searchAttributes.CustomKeywordField).toEqual(['k1']);
    expect(d.type).toBe('sleeper');
    expect(d.status.name).toBe('RUNNING');
    await handle.terminate();
  });

  it('lists and counts with the visibility query language, including custom attributes', async () => {
    const workflowId = id('searchable');
    const handle = await env.client.workflow.start('searchable', { taskQueue: env.taskQueue, workflowId });
    await handle.result();
    const found: string[] = [];
    for await (const w of env.client.workflow.list({
      query: `CustomKeywordField = 'updated' AND CustomIntField >= 42`,
    })) {
      found.push(w.workflowId);
    }
    expect(found).toEqual([workflowId]);
    const count = await env.client.workflow.count(
      `WorkflowId = '${workflowId}' AND ExecutionStatus = 'Completed'`,
    );
    expect(count.count).toBe(1);
    const grouped = await env.client.workflow.count(
      `TaskQueue = '${env.taskQueue}' GROUP BY ExecutionStatus`,
    );
    expect(grouped.groups.length).toBeGreaterThan(0);
    expect(grouped.groups.reduce((s, g) => s + g.count, 0)).toBe(grouped.count);
  });

  it('registers new search attributes through the operator service', async () => {
    await env.connection.operatorService.addSearchAttributes({
      namespace: 'default',
      searchAttributes: { NomorPerkara: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD },
    });
    const listed = await env.connection.operatorService.listSearchAttributes({ namespace: 'default' });
    expect(listed.customAttributes.NomorPerkara).toBe(
      temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    );
    const workflowId = id('nomor');
    const handle = await env.client.workflow.start('sleeper', {
      taskQueue: env.taskQueue,
      workflowId,
      searchAttributes: { NomorPerkara: ['800/123'] },
    });
    const found: string[] = [];
    for await (const w of env.client.workflow.list({ query: `NomorPerkara = '800/123'` }))
      found.push(w.workflowId);
    expect(found).toEqual([workflowId]);
    await handle.terminate();
  });
});

describe('children and patches', () => {
  it('runs child workflows', async () => {
    const result = await env.client.workflow.execute('parent', {
      taskQueue: env.taskQueue,
      workflowId: id('parent'),
    });
    expect(result).toEqual(['child says a', 'child says b']);
  });

  it('terminates a child when its parent closes', async () => {
    const childId = id('orphan');
    await env.client.workflow.execute('parentAbandonsOrTerminates', {
      taskQueue: env.taskQueue,
      workflowId: id('closing-parent'),
      args: [childId],
    });
    const child = env.client.workflow.getHandle(childId);
    await waitFor(async () => ((await child.describe()).status.name === 'TERMINATED' ? true : undefined));
  });

  it('records a patch marker', async () => {
    const workflowId = id('patch');
    expect(
      await env.client.workflow.execute('patchedWorkflow', { taskQueue: env.taskQueue, workflowId }),
    ).toBe('new');
    expect(await eventTypes(workflowId)).toContain(EventType.EVENT_TYPE_MARKER_RECORDED);
  });
});

describe('load and replay', () => {
  it('runs 100 workflows concurrently', async () => {
    const handles = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        env.client.workflow.start('greet', {
          taskQueue: env.taskQueue,
          workflowId: id(`many-${i}`),
          args: [`n${i}`],
        }),
      ),
    );
    const results = await Promise.all(handles.map((h) => h.result()));
    expect(results).toEqual(Array.from({ length: 100 }, (_, i) => `Hello, n${i}!`));
  });

  it('produces histories the SDK replays without nondeterminism', async () => {
    const histories = [];
    for await (const w of env.client.workflow.list({ query: `ExecutionStatus != 'Running'` })) {
      if (w.workflowId.startsWith('many-')) continue;
      histories.push({
        workflowId: w.workflowId,
        history: await env.client.workflow.getHandle(w.workflowId, w.runId).fetchHistory(),
      });
    }
    expect(histories.length).toBeGreaterThan(15);
    const results = Worker.runReplayHistories(engineTestWorkflowCode(), histories);
    let replayed = 0;
    for await (const r of results) {
      expect(r.error).toBeUndefined();
      replayed++;
    }
    expect(replayed).toBe(histories.length);
  });
});

void TimeoutFailure;
