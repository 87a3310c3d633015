// The sanctionCase workflow's deadline timers: what is still to fire for the recorded deadlines (reminders,
// escalations, due-time system commands), and the durable timer the main loop keeps for the next due time.
import { CancellationScope, sleep } from '@temporalio/workflow';
import {
  type CaseCommand,
  type CaseState,
  type DeadlinePlan,
  type DeadlinePolicy,
  openDeadlines,
} from '@netral/domain';
import { type PlannedTimer } from '../messages';
import { type PlanningRetry } from './untracked';

/** A timer and what it does: a system command, or (`replan`) nothing but ending the skip of its deadline. */
export type Timer =
  | (PlannedTimer & { kind: Exclude<PlannedTimer['kind'], 'replan'>; command: CaseCommand })
  | (PlannedTimer & { kind: 'replan'; command: null });

export function timerKey(t: PlannedTimer): string {
  return `${t.deadlineId}/${t.kind}/${t.n}`;
}

/** Reminders, escalations and due-time system commands still to fire for the open deadlines. */
export function pendingTimers(
  state: CaseState,
  policy: DeadlinePolicy,
  plans: Record<string, DeadlinePlan>,
  skipped: ReadonlySet<string>,
  retries: Readonly<Record<string, PlanningRetry>> = {},
): Timer[] {
  const timers: Timer[] = [];
  for (const deadline of openDeadlines(state, policy)) {
    const retry = retries[deadline.deadlineId];
    if (retry && skipped.has(retry.key)) {
      timers.push({
        deadlineId: deadline.deadlineId,
        kind: 'replan',
        at: retry.at,
        n: retry.attempt,
        command: null,
      });
    }
    const plan = plans[deadline.deadlineId];
    if (!deadline.recorded || !plan) continue;
    const id = deadline.deadlineId;
    for (const r of plan.reminders) {
      if (state.reminders.some((x) => x.deadlineId === id && x.offset === r.offset)) continue;
      timers.push({
        deadlineId: id,
        kind: 'reminder',
        at: r.at,
        n: r.offset,
        command: { type: 'RecordReminder', data: { deadlineId: id, offset: r.offset } },
      });
    }
    if (deadline.onDue === 'escalate') {
      plan.escalations.forEach((e, i) => {
        if (state.escalations.some((x) => x.deadlineId === id && x.step === e.step)) return;
        const at = e.at < deadline.recorded!.dueAt ? deadline.recorded!.dueAt : e.at;
        timers.push({
          deadlineId: id,
          kind: 'escalation',
          at,
          n: e.step,
          command: {
            type: 'RecordEscalation',
            data: {
              deadlineId: id,
              step: e.step,
              recipientRole: e.recipientRole,
              nextDueAt: plan.escalations[i + 1]?.at ?? null,
            },
          },
        });
      });
    } else {
      timers.push({
        deadlineId: id,
        kind: deadline.onDue,
        at: deadline.recorded.dueAt,
        n: 0,
        command: { type: deadline.onDue, data: {} },
      } as Timer);
    }
  }
  return timers.filter((t) => !skipped.has(timerKey(t))).sort((a, b) => (a.at < b.at ? -1 : 1));
}

/** A durable timer kept across the main loop's turns (see KEEP_DEADLINE_TIMER). */
export interface KeptTimer {
  at: string;
  fired: boolean;
  scope: CancellationScope;
}

export function keepTimer(at: string, wait: number): KeptTimer {
  const scope = new CancellationScope();
  const timer: KeptTimer = { at, fired: false, scope };
  // A cancelled timer rejects with a CancelledFailure: nothing waits on it any more.
  scope
    .run(() => sleep(wait))
    .then(
      () => {
        timer.fired = true;
      },
      () => undefined,
    );
  return timer;
}
