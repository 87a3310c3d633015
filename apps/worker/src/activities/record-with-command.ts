// The deadlines an officer's command opens, recorded in that command's own append (the workflow's
// RECORD_DEADLINES_WITH_COMMAND): planned here with the calendar in force, as planCaseDeadline plans them, and
// appended as DeadlineRecorded events after the command's events in the same transaction. Before it, each such
// deadline cost the workflow a second append activity and a workflow task of its own.
import { type DeadlinePlan, type OpenDeadline, deadlineRecorded } from '@netral/domain';
import { type EventStore, type NewEvent, IdempotencyViolationError } from '@netral/event-store';
import {
  type AppendCaseEventsInput,
  type AppendCaseEventsResult,
  type PlanCaseDeadlineInput,
  type RecordedWithCommand,
} from '@netral/workflows';

type Planner = (input: PlanCaseDeadlineInput) => DeadlinePlan | Promise<DeadlinePlan>;

/**
 * Appends the command's events and the DeadlineRecorded events of the deadlines it opens. A deadline whose
 * plan fails is left out (the workflow plans it again on its own and skips it as before if that fails too).
 * A retry whose first attempt was stored returns what was stored, never a plan computed anew.
 */
export async function appendWithDeadlines(
  eventStore: EventStore,
  planner: Planner,
  input: AppendCaseEventsInput & { recordDeadlines: NonNullable<AppendCaseEventsInput['recordDeadlines']> },
): Promise<AppendCaseEventsResult> {
  const { caseId, expectedVersion, recordDeadlines: toRecord } = input;
  const plans = await planAll(planner, input);
  const recorded: RecordedWithCommand[] = plans.map(({ deadline, plan }) => ({
    event: deadlineRecorded(deadline, plan, toRecord.at),
    plan,
  }));
  const events: NewEvent[] = [
    ...input.events.map((e) => ({ ...e, metadata: { ...input.metadata } })),
    ...recorded.map((r, i) => ({
      id: `${caseId}:${expectedVersion + input.events.length + i + 1}`,
      type: r.event.type,
      data: r.event.data,
      occurredAt: r.event.data.at,
      metadata: { ...toRecord.metadata },
    })),
  ];
  try {
    const result = await eventStore.append(caseId, expectedVersion, events);
    if (!result.alreadyAppended) {
      return { nextExpectedVersion: result.nextExpectedVersion, alreadyAppended: false, recorded };
    }
  } catch (error) {
    // A retry that planned a different set of deadlines than the stored attempt: the stored one counts.
    if (!(error instanceof IdempotencyViolationError)) throw error;
    const stored = await storedAttempt(eventStore, planner, input, plans);
    if (!stored) throw error;
    return stored;
  }
  const stored = await storedAttempt(eventStore, planner, input, plans);
  if (!stored) throw new Error(`${caseId}: the append was stored, but not as this command's events`);
  return stored;
}

async function planAll(
  planner: Planner,
  { caseId, recordDeadlines: r }: AppendCaseEventsInput,
): Promise<{ deadline: OpenDeadline; plan: DeadlinePlan }[]> {
  const planned: { deadline: OpenDeadline; plan: DeadlinePlan }[] = [];
  for (const deadline of r?.deadlines ?? []) {
    try {
      const plan = await planner({ caseId, deadline, timeZone: r!.timeZone, policy: r!.policy });
      planned.push({ deadline, plan });
    } catch {
      // E.g. the calendar does not cover the dates: the workflow's own planning logs and skips it.
    }
  }
  return planned;
}

/**
 * What the first attempt of this append stored (the workflow is the stream's only writer and waits for this
 * activity, so everything after `expectedVersion` is that attempt): the command's events, then its
 * DeadlineRecorded events, returned as stored. Null when the stream holds other events there.
 */
async function storedAttempt(
  eventStore: EventStore,
  planner: Planner,
  input: AppendCaseEventsInput,
  planned: { deadline: OpenDeadline; plan: DeadlinePlan }[],
): Promise<AppendCaseEventsResult | null> {
  const stream = await eventStore.readStream(input.caseId, { fromVersion: input.expectedVersion + 1 });
  const ours = input.events.every((e, i) => stream[i]?.id === e.id && stream[i].type === e.type);
  if (!ours || stream.length < input.events.length) return null;
  const recorded: RecordedWithCommand[] = [];
  for (const e of stream.slice(input.events.length)) {
    if (e.type !== 'DeadlineRecorded') return null;
    const data = e.data as RecordedWithCommand['event']['data'];
    const deadline = input.recordDeadlines?.deadlines.find((d) => d.deadlineId === data.deadlineId);
    if (!deadline) return null;
    // The timers' plan of the stored due date. Only a calendar published between the attempts could make a
    // plan computed now differ from the stored record; the stored due date is what the case shows.
    const plan =
      planned.find((p) => p.deadline.deadlineId === data.deadlineId)?.plan ??
      (await planner({
        caseId: input.caseId,
        deadline,
        timeZone: input.recordDeadlines!.timeZone,
        policy: input.recordDeadlines!.policy,
      }));
    recorded.push({ event: { type: 'DeadlineRecorded', data }, plan });
  }
  return {
    nextExpectedVersion: input.expectedVersion + stream.length,
    alreadyAppended: true,
    recorded,
  };
}
