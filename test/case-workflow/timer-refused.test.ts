/**
 * A deadline timer whose system command the event store refuses for good (EVENT_STORE_REFUSED) leaves the
 * deadline not tracked (DeadlineNotTracked, reason timer_refused, the timer's kind) instead of a line in the
 * worker's log only, and the case goes on. The refusal is real: a constraint PostgreSQL enforces on the
 * events table, as a future column or rule the worker does not know might.
 */
import type { CaseState } from '@netral/domain';
import { OFFICER, SUPERVISOR, cmd } from '@netral/domain/testing/fixtures';
import { caseCommandUpdate, caseStateQuery } from '@netral/workflows';
import { type CaseTestEnv, startCaseEnv, waitFor } from './support';

let env: CaseTestEnv;

beforeAll(async () => {
  env = await startCaseEnv('timer_refused');
  // Refuses the escalations of "late-refused-" cases only; every other append goes through.
  await env.dataSource.query(
    `ALTER TABLE events ADD CONSTRAINT refuse_escalation_test
       CHECK (type <> 'DeadlineEscalated' OR stream_id NOT LIKE 'late-refused-%') NOT VALID`,
  );
}, 60_000);

afterAll(async () => {
  await env?.stop();
});

async function types(caseId: string): Promise<string[]> {
  return (await env.eventStore.readStream(caseId)).map((e) => e.type);
}

it('records an escalation the store refused as a deadline not tracked, and the case goes on', async () => {
  // "late-" cases are due 5 s after their deadline is planned, and escalate then (compressingPlanner).
  const caseId = 'late-refused-1';
  await env.client.workflow.start('sanctionCase', {
    workflowId: caseId,
    taskQueue: env.taskQueue,
    args: [{ config: env.config }],
  });
  const handle = env.client.workflow.getHandle(caseId);
  await handle.executeUpdate(caseCommandUpdate, {
    args: [{ command: cmd.register({ caseId }), actor: OFFICER }],
  });

  const notTracked = await waitFor(async () =>
    (await env.eventStore.readStream(caseId)).find((e) => e.type === 'DeadlineNotTracked'),
  );
  expect(notTracked.data).toMatchObject({
    deadlineId: 'assignment@1',
    reason: 'timer_refused',
    timer: 'escalation',
  });
  expect(await types(caseId)).not.toContain('DeadlineEscalated');
  const state: CaseState = await handle.query(caseStateQuery);
  expect(state.untrackedDeadlines?.['assignment@1']).toMatchObject({ reason: 'timer_refused' });
  const [summary] = (await env.dataSource.query(
    `SELECT untracked_deadlines FROM case_summary WHERE case_id = $1`,
    [caseId],
  )) as { untracked_deadlines: number }[];
  expect(summary.untracked_deadlines).toBe(1);

  // The case goes on: the stage's command runs, the deadline it closes is no longer counted as untracked,
  // and the next stage's deadline is recorded.
  const assigned: CaseState = await handle.executeUpdate(caseCommandUpdate, {
    args: [{ command: cmd.assign(), actor: SUPERVISOR }],
  });
  expect(assigned.stage).toBe('clarification');
  await waitFor(async () => (await types(caseId)).filter((t) => t === 'DeadlineRecorded').length === 2);
  const after = (await env.dataSource.query(
    `SELECT untracked_deadlines FROM case_summary WHERE case_id = $1`,
    [caseId],
  )) as { untracked_deadlines: number }[];
  expect(after[0].untracked_deadlines).toBe(0);
  expect((await types(caseId)).filter((t) => t === 'DeadlineNotTracked')).toHaveLength(1);
}, 60_000);
