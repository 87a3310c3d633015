/**
 * Lost-task adoption of a MigrateDeadlinePolicy through another command (sanction-case/adoption.ts,
 * policyBehind / catchUpPolicy): a lost workflow task of this run stored the migration's event, and the
 * command that folds it is an officer's next command (its If-Match tag read from that event), not the
 * migration's own handler, which does not run again in this run. The workflow must then run the case with the
 * migrated policy, loaded as MigrateDeadlinePolicy's handler loads it, and re-plan with it; before the catch-up
 * it went on planning with the old policy. The lost task is played by writing its event as the local append
 * writes it (this run's ids, the migration's command key): the engine redelivers a lost task's updates in
 * order, so the migration's own handler would otherwise fold it first (worker-crash.test.ts covers that order).
 */
import { DEFAULT_DEADLINE_POLICY } from '@netral/domain';
import { ADMIN, OFFICER, SUPERVISOR, cmd } from '@netral/domain/testing/fixtures';
import { temporal } from '@temporalio/proto';
import { caseStateQuery, caseTimersQuery, registerCase, sendCaseCommand } from '@netral/workflows';
import { startCaseEnv, type CaseTestEnv, waitFor } from './support';

const { EVENT_TYPE_ACTIVITY_TASK_SCHEDULED } = temporal.api.enums.v1.EventType;

let env: CaseTestEnv;
beforeAll(async () => {
  env = await startCaseEnv('adopted_migration');
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

it('a migration adopted through another command runs the case with the migrated policy', async () => {
  const caseId = 'adopted-migration-1';
  const handle = env.client.workflow.getHandle(caseId);
  /** Idle (no task, no activity) with the stream holding the state's events. */
  const settled = () =>
    waitFor(async () => {
      const [s, d] = await Promise.all([handle.query(caseStateQuery), handle.describe()]);
      const idle = !d.raw.pendingWorkflowTask && (d.raw.pendingActivities ?? []).length === 0;
      return idle && (await env.eventStore.readStream(caseId)).length === s.version ? s : undefined;
    });
  // The case runs an older version of the policy: every window 3 units longer than the bundled one's.
  const oldPolicy = {
    ...env.config.policy,
    version: `${DEFAULT_DEADLINE_POLICY.version}-lama`,
    rules: env.config.policy.rules.map((r) => (r.length === null ? r : { ...r, length: r.length + 3 })),
  };
  await registerCase(env.client, {
    caseId,
    request: { command: cmd.register({ caseId }), actor: OFFICER },
    updateId: `register-${caseId}`,
    config: { ...env.config, policy: oldPolicy },
    taskQueue: env.taskQueue,
  });
  const registered = await settled();
  const { runId } = await handle.describe();

  // What a lost task of this run stored for the administrator's migration (update id `migrate`).
  const at = new Date().toISOString();
  const migrated = {
    fromVersion: oldPolicy.version,
    toVersion: DEFAULT_DEADLINE_POLICY.version,
    reason: 'koreksi',
    at,
  };
  await env.eventStore.append(caseId, registered.version, [
    {
      id: `${caseId}:${registered.version + 1}`,
      type: 'DeadlinePolicyMigrated',
      data: migrated,
      occurredAt: at,
      metadata: {
        actorId: ADMIN.id,
        role: ADMIN.role,
        agency: ADMIN.agency,
        causationId: `${caseId}/${runId}`,
        workflowId: caseId,
        runId,
        commandKey: 'update:migrate',
      },
    },
  ]);

  // A supervisor read the migration from the read model and assigns with its tag: the assignment's handler
  // adopts the stored migration, then decides on the state it leaves.
  const answered = await sendCaseCommand(env.client, {
    caseId,
    request: { command: cmd.assign(), actor: SUPERVISOR, expectedVersion: registered.version + 1 },
    updateId: `${caseId}/assign`,
  });
  expect(answered.stage).toBe('clarification');
  expect(answered.policyVersion).toBe(DEFAULT_DEADLINE_POLICY.version);
  const state = await settled();

  const stream = (await env.eventStore.readStream(caseId)).slice(registered.version);
  // The stored migration adopted as it was, once; the assignment decided after it.
  expect(stream.filter((e) => e.type === 'DeadlinePolicyMigrated').map((e) => e.data)).toEqual([migrated]);
  expect(stream.filter((e) => e.type === 'OfficerAssigned')).toHaveLength(1);
  // The clarification deadline the assignment opened runs under the migrated policy: its last record (the
  // assignment's own was planned with the policy the workflow held then) has the bundled version and length.
  const records = stream.filter((e) => e.type === 'DeadlineRecorded');
  const last = records.at(-1)!.data as {
    ruleId: string;
    policyVersion: string;
    length: number;
    dueAt: string;
  };
  const rule = DEFAULT_DEADLINE_POLICY.rules.find((r) => r.id === last.ruleId)!;
  expect(last).toMatchObject({ policyVersion: DEFAULT_DEADLINE_POLICY.version, length: rule.length });
  const timers = await handle.query(caseTimersQuery);
  expect(timers.find((t) => t.kind === 'escalation' && t.n === 1)?.at).toBe(last.dueAt);
  expect(state.version).toBe(registered.version + stream.length);

  // The policy was loaded once, by the catch-up (the migration's handler never ran in this run).
  const history = await handle.fetchHistory();
  const loads = (history.events ?? []).filter(
    (e) =>
      e.eventType === EVENT_TYPE_ACTIVITY_TASK_SCHEDULED &&
      e.activityTaskScheduledEventAttributes?.activityType?.name === 'loadDeadlinePolicy',
  );
  expect(loads).toHaveLength(1);
}, 120_000);
