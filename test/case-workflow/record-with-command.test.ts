/**
 * RECORD_DEADLINES_WITH_COMMAND: the deadlines an officer's command opens are planned and recorded by that
 * command's own append (one activity, one transaction), the update answers with them recorded, the audit
 * trail names the workflow as their actor and the request as their cause, and a retried append returns what
 * its first attempt stored.
 */
import { temporal } from '@temporalio/proto';
import { decide, evolve, openDeadlines, planDeadline } from '@netral/domain';
import { OFFICER, SUPERVISOR, TEST_CALENDAR, cmd } from '@netral/domain/testing/fixtures';
import { type AppendCaseEventsInput, caseCommandUpdate, registerCase } from '@netral/workflows';
import { createCaseActivities } from '../../apps/worker/src/activities/case-activities';
import { type CaseTestEnv, patchesIn, startCaseEnv } from './support';

const { EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, EVENT_TYPE_WORKFLOW_TASK_COMPLETED, EVENT_TYPE_MARKER_RECORDED } =
  temporal.api.enums.v1.EventType;

let env: CaseTestEnv;

beforeAll(async () => {
  env = await startCaseEnv('record_with_command');
}, 120_000);
afterAll(async () => {
  await env?.stop();
});

function count(history: temporal.api.history.v1.IHistory, type: temporal.api.enums.v1.EventType): number {
  return (history.events ?? []).filter((e) => e.eventType === type).length;
}

/** Markers other than patch markers: a local activity (the append, or planCaseDeadline) leaves one. */
function localActivities(history: temporal.api.history.v1.IHistory): number {
  return (history.events ?? []).filter(
    (e) =>
      e.eventType === EVENT_TYPE_MARKER_RECORDED &&
      e.markerRecordedEventAttributes?.markerName !== 'core_patch',
  ).length;
}

it('a registration and a command record the deadlines they open in their own append, and answer with them', async () => {
  const caseId = 'fold-2025-001';
  const registered = await registerCase(env.client, {
    caseId,
    request: { command: cmd.register({ caseId }), actor: OFFICER, requestId: 'req-register' },
    updateId: 'req-register',
    config: env.config,
    taskQueue: env.taskQueue,
  });
  // The answer already holds the intake deadline's due date: nothing is left for the main loop to record.
  const intake = openDeadlines(registered, env.config.policy);
  expect(intake.length).toBeGreaterThan(0);
  for (const d of intake) expect(d.recorded?.dueAt).toEqual(expect.any(String));
  const handle = env.client.workflow.getHandle(caseId);
  let history = await handle.fetchHistory();
  // One workflow task (accept, append locally, evolve, answer, timer), no activity task, no planning of
  // its own: the append (a local activity, APPEND_EVENTS_LOCALLY) planned the deadlines.
  expect(count(history, EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).toBe(0);
  expect(count(history, EVENT_TYPE_WORKFLOW_TASK_COMPLETED)).toBe(1);
  expect(localActivities(history)).toBe(1);
  expect(patchesIn(history)).toEqual(
    expect.arrayContaining(['record-deadlines-with-command', 'append-events-locally']),
  );

  const assigned = await handle.executeUpdate(caseCommandUpdate, {
    args: [{ command: cmd.assign(), actor: SUPERVISOR, requestId: 'req-assign' }],
    updateId: 'req-assign',
  });
  const opened = openDeadlines(assigned, env.config.policy);
  expect(opened.map((d) => d.stage)).toContain('clarification');
  for (const d of opened) expect(d.recorded).not.toBeNull();
  history = await handle.fetchHistory();
  expect(count(history, EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).toBe(0);
  expect(count(history, EVENT_TYPE_WORKFLOW_TASK_COMPLETED)).toBe(2);
  expect(localActivities(history)).toBe(2);
  // The workflow times what the answer shows.
  expect(Object.keys(assigned.deadlines).length).toBeGreaterThanOrEqual(2);

  const stream = await env.eventStore.readStream(caseId);
  expect(stream.length).toBe(assigned.version);
  expect((await env.eventStore.verifyStream(caseId)).ok).toBe(true);
  const assignedAt = stream.findIndex((e) => e.type === 'OfficerAssigned');
  expect(stream.slice(assignedAt).map((e) => e.type)).toEqual([
    'OfficerAssigned',
    ...opened.map(() => 'DeadlineRecorded'),
  ]);
  // The officer did the assignment; the workflow recorded the deadline, because of the same request.
  expect(stream[assignedAt].metadata).toMatchObject({ role: 'supervisor', correlationId: 'req-assign' });
  for (const e of stream.slice(assignedAt + 1)) {
    expect(e.metadata).toMatchObject({
      actorId: 'workflow',
      role: 'system',
      correlationId: 'req-assign',
      causationId: 'req-assign',
      workflowId: caseId,
    });
    expect(e.metadata.reason).toBeUndefined();
  }
  // If-Match: the answer's version (the stream head) matches, and so does the version the officer's own
  // event left (the deadline record after it is the workflow's).
  const officerVersion = stream[assignedAt].version;
  expect(officerVersion).toBeLessThan(assigned.version);
  const clarifying = await handle.executeUpdate(caseCommandUpdate, {
    args: [{ command: cmd.startClarification(), actor: OFFICER, expectedVersion: officerVersion }],
  });
  expect(clarifying.version).toBeGreaterThan(assigned.version);
  // The read model shows the due date with the command.
  const [summary] = await env.dataSource.query(
    `SELECT next_due_at, version FROM case_summary WHERE case_id = $1`,
    [caseId],
  );
  expect(summary).toMatchObject({ version: clarifying.version });
  expect(summary.next_due_at).not.toBeNull();
}, 60_000);

it('a retried append returns the events its first attempt stored, not a plan computed anew', async () => {
  const caseId = 'fold-2025-002';
  const registered = await registerCase(env.client, {
    caseId,
    request: { command: cmd.register({ caseId }), actor: OFFICER },
    updateId: `register-${caseId}`,
    config: env.config,
    taskQueue: env.taskQueue,
  });
  // The assignment as the workflow would append it (the test writes to the case's stream; its workflow is
  // not used again), run twice by activities whose planner answers differently the second time.
  const now = new Date().toISOString();
  const events = decide(cmd.assign(), registered, {
    now,
    actor: SUPERVISOR,
    catalogues: env.config.catalogues,
    policy: env.config.policy,
    calendar: env.config.calendar,
  });
  const after = events.reduce(evolve, registered);
  const opened = openDeadlines(after, env.config.policy).filter((d) => !d.recorded);
  expect(opened.length).toBeGreaterThan(0);
  let calls = 0;
  const activities = createCaseActivities({
    dataSource: env.dataSource,
    eventStore: env.eventStore,
    channels: [],
    calendar: () => TEST_CALENDAR,
    planner: (input) => {
      calls += 1;
      const plan = planDeadline(input.deadline, TEST_CALENDAR, input.policy, input.timeZone);
      return calls <= opened.length
        ? plan
        : { ...plan, dueDate: '2099-01-01', dueAt: '2099-01-01T16:59:59.999Z' };
    },
  });
  const metadata = {
    actorId: SUPERVISOR.id,
    role: 'supervisor',
    agency: 'a',
    workflowId: caseId,
    runId: 'r',
  };
  const input: AppendCaseEventsInput = {
    caseId,
    expectedVersion: registered.version,
    events: events.map((e, i) => ({
      id: `${caseId}:${registered.version + i + 1}`,
      type: e.type,
      data: e.data,
      occurredAt: e.data.at,
    })),
    metadata,
    recordDeadlines: {
      deadlines: opened,
      timeZone: registered.timeZone,
      policy: env.config.policy,
      at: now,
      metadata: { ...metadata, actorId: 'workflow', role: 'system', agency: 'system' },
    },
  };
  const version = registered.version + events.length + opened.length;
  const first = await activities.appendCaseEvents(input);
  expect(first).toMatchObject({ alreadyAppended: false, nextExpectedVersion: version });
  const retry = await activities.appendCaseEvents(input);
  expect(retry).toMatchObject({ alreadyAppended: true, nextExpectedVersion: version });
  expect(calls).toBe(2 * opened.length);
  const dueAts = (r: typeof first) => r.recorded?.map((x) => x.event.data.dueAt);
  expect(dueAts(retry)).toEqual(dueAts(first));
  expect(dueAts(retry)).not.toContain('2099-01-01T16:59:59.999Z');
  // What the workflow evolves is what the stream holds.
  const stored = await env.eventStore.readStream(caseId, { fromVersion: registered.version + 1 });
  expect(stored.map((e) => e.type)).toEqual([
    ...events.map((e) => e.type),
    ...opened.map(() => 'DeadlineRecorded'),
  ]);
  expect(stored.slice(events.length).map((e) => e.data)).toEqual(retry.recorded?.map((r) => r.event.data));
  expect(stored.slice(events.length).map((e) => e.data)).toEqual(first.recorded?.map((r) => r.event.data));
}, 60_000);
