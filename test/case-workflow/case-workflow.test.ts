/**
 * The sanctionCase workflow against the embedded Temporal server and PostgreSQL: commands as updates, domain
 * refusals, idempotent update ids, the event stream matching the workflow state, deadlines with reminders
 * and escalations through the outbox, and replay of the produced histories.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { type CaseCommand, type CaseState, localDateOf } from '@netral/domain';
import { OFFICER, PPK, SEDANG_PATH, SUPERVISOR, cmd } from '@netral/domain/testing/fixtures';
import {
  CaseAlreadyExistsError,
  CaseCommandRefusedError,
  SANCTION_CASE_WORKFLOW,
  caseCommandUpdate,
  caseStateQuery,
  caseTimersQuery,
  getCaseState,
  registerCase,
  sendCaseCommand,
} from '@netral/workflows';
import { WithStartWorkflowOperation, WorkflowNotFoundError } from '@temporalio/client';
import { ProjectionRunner, caseReadModels } from '@netral/event-store';
import { createCaseActivities } from '../../apps/worker/src/activities/case-activities';
import { caseWorkflowBundle } from '../../apps/worker/src/case-worker';
import {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  signWebhook,
} from '../../apps/worker/src/notifications/webhook.channel';
import { type CaseTestEnv, patchesIn, startCaseEnv, waitFor } from './support';

let env: CaseTestEnv;
const started: string[] = [];
const WEBHOOK_SECRET = 'rahasia-uji';
/** Notifications the test webhook receiver got, with their signature check. */
const received: { body: { id: string; kind: string; message: string }; signed: boolean }[] = [];
let receiver: http.Server;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const timestamp = String(req.headers[TIMESTAMP_HEADER]);
      const signed = req.headers[SIGNATURE_HEADER] === signWebhook(WEBHOOK_SECRET, timestamp, raw);
      received.push({ body: JSON.parse(raw), signed });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  env = await startCaseEnv('case_workflow', {
    webhook: { url: `http://127.0.0.1:${port}/hooks/netral`, secret: WEBHOOK_SECRET },
  });
}, 60_000);
afterAll(async () => {
  await env?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

/** The recommended path: the workflow and its RegisterReport in one request, the configuration in the input. */
async function registerNewCase(caseId: string, updateId = `register-${caseId}`) {
  const state = await registerCase(env.client, {
    caseId,
    request: { command: cmd.register({ caseId }), actor: OFFICER, requestId: updateId },
    updateId,
    config: env.config,
    taskQueue: env.taskQueue,
  });
  started.push(caseId);
  return { state, handle: env.client.workflow.getHandle(caseId) };
}

/** A case started without a configuration (as before update-with-start): the first run loads it. */
async function startCase(caseId: string) {
  const handle = await env.client.workflow.start('sanctionCase', {
    workflowId: caseId,
    taskQueue: env.taskQueue,
    args: [{}],
  });
  started.push(caseId);
  return handle;
}

function send(caseId: string, command: CaseCommand, actor = OFFICER, updateId?: string): Promise<CaseState> {
  return env.client.workflow.getHandle(caseId).executeUpdate(caseCommandUpdate, {
    args: [{ command, actor, requestId: updateId }],
    ...(updateId ? { updateId } : {}),
  });
}

/** Events from officers' commands (the workflow may record deadlines concurrently, as role "system"). */
async function officerEvents(caseId: string): Promise<number> {
  return (await env.eventStore.readStream(caseId)).filter((e) => e.metadata.role !== 'system').length;
}

describe('sanctionCase workflow', () => {
  it('runs a case through several stages by updates, refuses invalid commands and deduplicates update ids', async () => {
    const caseId = 'case-2025-001';
    const { state: registered, handle } = await registerNewCase(caseId);
    expect(registered.stage).toBe('intake');

    // Same update id twice: one execution, the first outcome.
    const assigned = await send(caseId, cmd.assign(), SUPERVISOR, 'req-assign-1');
    const again = await send(caseId, cmd.assign(), SUPERVISOR, 'req-assign-1');
    expect(again.version).toBe(assigned.version);
    expect(assigned.stage).toBe('clarification');

    // A refused command: the domain's code, and no event.
    const before = await officerEvents(caseId);
    const refused = await send(caseId, cmd.decide(), PPK).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (refused as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe('DECISION_WITHOUT_EXAMINATION');
    expect(await officerEvents(caseId)).toBe(before);

    const wrongRole = await send(caseId, cmd.startClarification(), PPK).catch((e: unknown) => e);
    expect(((wrongRole as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe(
      'ROLE_NOT_ALLOWED',
    );

    await send(caseId, cmd.startClarification());
    const proceeding = await send(caseId, cmd.clarifyProceed('sedang'));
    expect(proceeding.stage).toBe('follow_up');
    // Dated today: the first-summons deadline counts from the letter's date, so its reminder is still ahead.
    const followUp = cmd.followUp('examination') as Extract<CaseCommand, { type: 'RecordPpkFollowUp' }>;
    const today = localDateOf(new Date().toISOString(), 'Asia/Jakarta');
    const examining = await send(caseId, { ...followUp, data: { ...followUp.data, letterDate: today } }, PPK);
    expect(examining.stage).toBe('examination');

    // The workflow records the first-summons deadline itself (RecordDeadline by an activity-computed date).
    const state = await waitFor(async () => {
      const s = await handle.query(caseStateQuery);
      return Object.keys(s.deadlines).some((id) => id.startsWith('first_summons@')) ? s : undefined;
    });
    const stream = await env.eventStore.readStream(caseId);
    expect(stream.length).toBe(state.version);
    expect(stream.map((e) => e.id)).toEqual(stream.map((_e, i) => `${caseId}:${i + 1}`));
    expect(stream.filter((e) => e.type === 'OfficerAssigned')).toHaveLength(1);
    expect((await env.eventStore.verifyStream(caseId)).ok).toBe(true);
    const assignEvent = stream.find((e) => e.type === 'OfficerAssigned')!;
    expect(assignEvent.metadata).toMatchObject({
      actorId: SUPERVISOR.id,
      role: 'supervisor',
      correlationId: 'req-assign-1',
    });

    // Five updates accepted (the repeated id once); the two refused ones left nothing in the history.
    const history = await handle.fetchHistory();
    const accepted = (history.events ?? []).filter(
      (e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
    );
    expect(accepted).toHaveLength(5);

    // The workflow times the first-summons deadline: its reminder is still to come.
    const timers = await handle.query(caseTimersQuery);
    expect(timers.some((t) => t.deadlineId.startsWith('first_summons@') && t.kind === 'reminder')).toBe(true);

    const [summary] = await env.dataSource.query(
      `SELECT stage, version, officer_id, reported_asn_nip, next_due_at, letter_numbers FROM case_summary WHERE case_id = $1`,
      [caseId],
    );
    expect(summary).toMatchObject({ stage: 'examination', version: state.version, officer_id: OFFICER.id });
    expect(summary.letter_numbers).toEqual(expect.arrayContaining(['LAP-001/2025', 'PPK/TL/01/2025']));
    expect(summary.next_due_at).not.toBeNull();
    const deadlines = await env.dataSource.query(
      `SELECT rule_id, status FROM case_deadlines WHERE case_id = $1 ORDER BY recorded_version`,
      [caseId],
    );
    // Deadlines of stages the case left are closed (one left before its due date was recorded has no row).
    expect(deadlines.filter((d: { status: string }) => d.status === 'open')).toEqual([
      { rule_id: 'first_summons', status: 'open' },
    ]);
    for (const d of deadlines.filter((d: { status: string }) => d.status === 'closed')) {
      expect(['assignment', 'clarification']).toContain(d.rule_id);
    }
  });

  it('a missed deadline sends a reminder and then an escalation through the outbox', async () => {
    const caseId = 'late-2025-002';
    await startCase(caseId);
    await send(caseId, cmd.register({ caseId }));
    const rows = await waitFor(async () => {
      const found = await env.dataSource.query(
        `SELECT o.kind, o.recipient_role, o.message, d.delivered_at, d.channels
         FROM notification_outbox o LEFT JOIN notification_delivery d ON d.notification_id = o.id
         WHERE o.case_id = $1 ORDER BY o.created_at`,
        [caseId],
      );
      return found.length >= 2 && found.every((r: { delivered_at: Date | null }) => r.delivered_at)
        ? found
        : undefined;
    });
    expect(rows[0]).toMatchObject({
      kind: 'reminder',
      recipient_role: 'case_officer',
      channels: ['webhook', 'log'],
    });
    expect(rows[0].message).toMatch(/^Pengingat: tenggat .* kasus late-2025-002/);
    expect(rows[1]).toMatchObject({
      kind: 'escalation',
      recipient_role: 'supervisor',
      channels: ['webhook', 'log'],
    });
    expect(rows[1].message).toMatch(/^Eskalasi tahap 1: .* telah terlewati/);
    expect(env.logged.some((m) => m.includes('Eskalasi tahap 1'))).toBe(true);
    const hooks = received.filter((r) => r.body.id.startsWith(`${caseId}:`));
    expect(hooks.map((h) => [h.body.kind, h.signed])).toEqual([
      ['reminder', true],
      ['escalation', true],
    ]);

    const events = (await env.eventStore.readStream(caseId)).map((e) => e.type);
    expect(events).toEqual([
      'CaseRegistered',
      'ReporterIdentityRecorded',
      'DeadlineRecorded',
      'DeadlineReminderSent',
      'DeadlineEscalated',
    ]);
    const [summary] = await env.dataSource.query(`SELECT overdue FROM case_summary WHERE case_id = $1`, [
      caseId,
    ]);
    expect(summary.overdue).toBe(true);

    // Completing the stage closes the deadline.
    await send(caseId, cmd.assign(), SUPERVISOR);
    const [assignment] = await env.dataSource.query(
      `SELECT status FROM case_deadlines WHERE case_id = $1 AND rule_id = 'assignment'`,
      [caseId],
    );
    expect(assignment.status).toBe('closed');
  });

  it('does not send a reminder whose deadline has already passed (patched); the escalation goes out', async () => {
    const caseId = 'stale-2025-006';
    const { handle } = await registerNewCase(caseId);
    const types = await waitFor(async () => {
      const t = (await env.eventStore.readStream(caseId)).map((e) => e.type);
      return t.includes('DeadlineEscalated') ? t : undefined;
    });
    expect(types).toEqual([
      'CaseRegistered',
      'ReporterIdentityRecorded',
      'DeadlineRecorded',
      'DeadlineEscalated',
    ]);
    expect(await handle.query(caseTimersQuery)).toEqual([]);
    // The new path is marked in the history, so replaying older histories keeps the old one.
    expect(patchesIn(await handle.fetchHistory())).toContain('skip-reminders-after-due');
  });

  it('a delivered, unchallenged time-bound sanction takes effect and is served by the workflow itself', async () => {
    // The fixture's letters are dated 2025, so the objection window and the 6-month period have already
    // ended by workflow time: the due-time timers fire at once and issue the system commands.
    const caseId = 'case-2025-003';
    const { handle } = await registerNewCase(caseId);
    for (const s of SEDANG_PATH.filter((s) => s.command.type !== 'RegisterReport')) {
      await send(caseId, s.command, s.actor);
    }
    const closed = await waitFor(async () => {
      const state = await handle.query(caseStateQuery);
      return state.stage === 'closed' ? state : undefined;
    });
    expect(closed.closure?.outcome).toBe('sanction_served');
    expect(closed.sanctionInForce).toMatchObject({ sanctionCode: 'PEMOTONGAN_TUKIN_25', periodMonths: 6 });
    const stream = await env.eventStore.readStream(caseId);
    expect(stream.length).toBe(closed.version);
    const types = stream.map((e) => e.type);
    // In force, then the sanction period is recorded as a deadline, then served.
    expect(types.slice(-4)).toEqual([
      'SanctionTookEffect',
      'DeadlineRecorded',
      'SanctionPeriodServed',
      'CaseClosed',
    ]);
    const system = stream.filter((e) => e.type === 'SanctionTookEffect' || e.type === 'SanctionPeriodServed');
    for (const e of system) expect(e.metadata).toMatchObject({ actorId: 'workflow', role: 'system' });
    const [summary] = await env.dataSource.query(
      `SELECT stage, next_due_at, version FROM case_summary WHERE case_id = $1`,
      [caseId],
    );
    expect(summary).toEqual({ stage: 'closed', next_due_at: null, version: closed.version });
  });

  it("completes a closed case's workflow; ReopenCase starts a new run from its result, other commands are refused", async () => {
    const caseId = 'case-2025-closes';
    const { handle } = await registerNewCase(caseId);
    await send(caseId, cmd.assign(), SUPERVISOR);
    const withdrawn = await send(caseId, cmd.withdraw(), SUPERVISOR);
    expect(withdrawn.stage).toBe('closed');
    // The run completes by itself (not RUNNING, so not counted as an open workflow), with its state.
    await waitFor(async () => ((await handle.describe()).status.name === 'COMPLETED' ? true : undefined));
    const first = await handle.describe();
    const result = (await handle.result()) as { state: CaseState };
    expect(result.state).toMatchObject({ stage: 'closed', version: withdrawn.version });
    // Audit and queries still read the completed workflow.
    expect((await handle.query(caseStateQuery)).version).toBe(withdrawn.version);
    // The completion is a patched path: older histories that waited for a reopening still replay.
    expect(patchesIn(await handle.fetchHistory())).toContain('complete-when-closed');

    // Any command but ReopenCase: the domain's refusal, and nothing starts.
    const refused = await sendCaseCommand(env.client, {
      caseId,
      request: { command: cmd.assign(), actor: SUPERVISOR },
      updateId: 'closed-assign',
    }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'CaseCommandRefusedError', code: 'CASE_CLOSED' });
    expect((await handle.describe()).runId).toBe(first.runId);

    // ReopenCase: a new run carries the closed state on, and a retry with the same key is that same outcome.
    const reopen = { caseId, request: { command: cmd.reopen(), actor: SUPERVISOR }, updateId: 'reopen-1' };
    const reopened = await sendCaseCommand(env.client, reopen);
    expect(reopened).toMatchObject({ stage: expect.not.stringMatching(/^closed$/), round: 2 });
    // CaseReopened and the deadline the reopened stage opens, recorded in the same append.
    expect(reopened.version).toBe(withdrawn.version + 2);
    expect((await sendCaseCommand(env.client, reopen)).version).toBe(reopened.version);
    const second = await handle.describe();
    expect(second.runId).not.toBe(first.runId);
    expect(second.status.name).toBe('RUNNING');
    const stream = await env.eventStore.readStream(caseId);
    expect(stream.filter((e) => e.type === 'CaseReopened')).toHaveLength(1);
    expect(stream.slice(withdrawn.version).map((e) => e.type)).toEqual(['CaseReopened', 'DeadlineRecorded']);
    expect(stream.map((e) => e.version)).toEqual(stream.map((_e, i) => i + 1));
    expect((await env.eventStore.verifyStream(caseId)).ok).toBe(true);
  });

  it('registers a case with update-with-start: refusals leave nothing, a retry returns the first outcome', async () => {
    const caseId = 'case-2025-005';
    // Refused locally by the same decide(): no workflow is started at all.
    const wrongRole = await registerCase(env.client, {
      caseId,
      request: { command: cmd.register({ caseId }), actor: PPK },
      updateId: 'reg-5-a',
      config: env.config,
      taskQueue: env.taskQueue,
    }).catch((e: unknown) => e);
    expect(wrongRole).toBeInstanceOf(CaseCommandRefusedError);
    expect((wrongRole as CaseCommandRefusedError).code).toBe('ROLE_NOT_ALLOWED');
    expect((wrongRole as CaseCommandRefusedError).domainError?.messageId).toBeTruthy();
    await expect(env.client.workflow.getHandle(caseId).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );

    // The workflow's own validator decides the command that arrives with the start: rejected, no update
    // event, no case event (the gap of a command arriving before the configuration is closed).
    const raw = await env.client.workflow
      .executeUpdateWithStart(caseCommandUpdate, {
        updateId: 'reg-5-b',
        args: [{ command: cmd.register({ caseId }), actor: PPK }],
        startWorkflowOperation: new WithStartWorkflowOperation(SANCTION_CASE_WORKFLOW, {
          workflowId: caseId,
          taskQueue: env.taskQueue,
          args: [{ config: env.config }],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      })
      .catch((e: unknown) => e);
    expect(((raw as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('ROLE_NOT_ALLOWED');
    const history = await env.client.workflow.getHandle(caseId).fetchHistory();
    expect(
      (history.events ?? []).filter(
        (e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
      ),
    ).toHaveLength(0);
    await expect(env.eventStore.readStream(caseId)).rejects.toThrow(/does not exist/);

    // Now a valid registration (joins the workflow just started), then its retry with the same key.
    const first = await registerNewCase(caseId, 'reg-5-c');
    const retry = await registerNewCase(caseId, 'reg-5-c');
    expect(retry.state).toEqual(first.state);
    expect((await env.eventStore.readStream(caseId)).filter((e) => e.type === 'CaseRegistered')).toHaveLength(
      1,
    );
    // A second registration under another key is the domain's refusal, not a new case.
    const again = await registerNewCase(caseId, 'reg-5-d').catch((e: unknown) => e);
    expect(again).toBeInstanceOf(CaseCommandRefusedError);

    // The other helpers: commands with refusals as typed errors, and the state.
    const assigned = await sendCaseCommand(env.client, {
      caseId,
      request: { command: cmd.assign(), actor: SUPERVISOR },
      updateId: 'assign-5',
    });
    expect(assigned.stage).toBe('clarification');
    const officerEventsBefore = await officerEvents(caseId);
    const refused = await sendCaseCommand(env.client, {
      caseId,
      request: { command: cmd.decide(), actor: PPK },
      updateId: 'decide-5',
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CaseCommandRefusedError);
    // Nothing recorded for it (the workflow may meanwhile record the new stage's deadline itself).
    expect(await officerEvents(caseId)).toBe(officerEventsBefore);
    expect((await getCaseState(env.client, caseId)).assignedOfficer?.id).toBe(OFFICER.id);

    // A case id is never reused: once its workflow is gone (here terminated), registering it again fails.
    await env.client.workflow.getHandle(caseId).terminate('test: case id reuse');
    await expect(registerNewCase(caseId, 'reg-5-e')).rejects.toBeInstanceOf(CaseAlreadyExistsError);
  });

  it('runs concurrent updates one at a time, each on the state the previous one left', async () => {
    const caseId = 'case-2025-004';
    await startCase(caseId);
    await send(caseId, cmd.register({ caseId }));
    await send(caseId, cmd.assign(), SUPERVISOR);
    const officers = ['officer-budi', 'officer-citra', 'officer-dedi', 'officer-eka'];
    const results = await Promise.all(officers.map((id) => send(caseId, cmd.assign(id), SUPERVISOR)));
    const versions = results.map((r) => r.version);
    expect(new Set(versions).size).toBe(officers.length);
    const stream = await env.eventStore.readStream(caseId);
    const reassignments = stream.filter((e) => e.type === 'OfficerAssigned').slice(1);
    expect(reassignments.map((e) => (e.data as { officerId: string }).officerId).sort()).toEqual(officers);
    // Each reassignment names the officer the previous one left: no update saw a stale state.
    reassignments.forEach((e, i) => {
      if (i > 0) {
        expect((e.data as { previousOfficerId: string }).previousOfficerId).toBe(
          (reassignments[i - 1].data as { officerId: string }).officerId,
        );
      }
    });
  });

  it('a stale expected version fails the append loudly and writes nothing', async () => {
    const activities = createCaseActivities({
      dataSource: env.dataSource,
      eventStore: env.eventStore,
      channels: [],
    });
    const caseId = 'case-2025-001';
    const before = await env.eventStore.readStream(caseId);
    const error = await activities
      .appendCaseEvents({
        caseId,
        expectedVersion: 1,
        events: [
          { id: `${caseId}:2-stale`, type: 'CaseReopened', data: {}, occurredAt: new Date().toISOString() },
        ],
        metadata: { actorId: 'x', role: 'system', agency: 'system', workflowId: caseId, runId: 'r' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: 'CONCURRENCY_CONFLICT', nonRetryable: true });
    expect(await env.eventStore.readStream(caseId)).toHaveLength(before.length);
  });

  it('replays the produced histories against the current workflow code', async () => {
    const histories = await Promise.all(
      started.map(async (workflowId) => ({
        workflowId,
        history: await env.client.workflow.getHandle(workflowId).fetchHistory(),
      })),
    );
    const results = [];
    for await (const result of Worker.runReplayHistories(caseWorkflowBundle(), histories))
      results.push(result);
    expect(results).toHaveLength(started.length);
    for (const r of results) expect(r.error).toBeUndefined();
  });

  it('rebuilds the case read models from the events to the same rows', async () => {
    const report = await new ProjectionRunner(env.dataSource, env.eventStore).rebuild(caseReadModels, {
      swap: false,
    });
    expect(report.tables.map((t) => [t.table, t.onlyInLive, t.onlyInRebuild])).toEqual([
      ['case_summary', 0, 0],
      ['case_deadlines', 0, 0],
      ['notification_outbox', 0, 0],
    ]);
    expect(report.equal).toBe(true);
  });
});
