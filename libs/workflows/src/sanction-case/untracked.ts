// Deadlines the sanctionCase workflow could not plan or record, or whose timer's system command was refused
// (RECORD_UNTRACKED_DEADLINES): recorded as DeadlineNotTracked, so the case, the work list and /metrics show
// a deadline nobody counts, and, when the calendar did not cover its dates, planned again on a durable timer.
import { ActivityFailure, ApplicationFailure, log } from '@temporalio/workflow';
import { type OpenDeadline, type UntrackedReason, openDeadlines } from '@netral/domain';
import { type Patches, execute } from './execute';
import { type CaseRun, SYSTEM_ACTOR } from './run';

/**
 * A deadline whose calendar did not cover its dates is planned again once a day, at most this many times
 * (two months): the calendar of a new year or a corrected one reaches the planner with the worker's data, so
 * a daily try finds it soon after it is deployed, and a calendar still missing after that is an operator's
 * matter (the case shows the deadline as not tracked all along). A deterministic timer, no signal needed.
 */
export const REPLAN_INTERVAL_MS = 24 * 60 * 60 * 1000;
export const REPLAN_ATTEMPTS = 60;

/** The domain's refusal code of a calendar that does not cover a date (working-days.ts). */
const CALENDAR_NOT_COVERED = 'CALENDAR_NOT_COVERED';

/** The next planning of a deadline skipped for its calendar: its skip key, when, and which try. */
export interface PlanningRetry {
  key: string;
  at: string;
  attempt: number;
}

/** Why planning failed: the calendar did not cover the dates (worth retrying), or anything else. */
export function planningFailure(error: unknown): UntrackedReason {
  const failure = error instanceof ActivityFailure ? error.cause : error;
  return failure instanceof ApplicationFailure && failure.type === CALENDAR_NOT_COVERED
    ? 'calendar_not_covering'
    : 'not_planned';
}

/**
 * Records that `deadlineId` is not tracked and why, once per reason (the state says so already: nothing is
 * appended). Run under the command lock. If the store refuses even that, or the deadline closed meanwhile,
 * the log is all that is left: never retried, so it cannot loop.
 */
export async function recordNotTracked(
  run: CaseRun,
  patches: Patches,
  deadlineId: string,
  reason: UntrackedReason,
  timer: string | null = null,
): Promise<void> {
  const known = run.state.untrackedDeadlines?.[deadlineId];
  if (known && known.reason === reason && known.timer === timer) return;
  if (!openDeadlines(run.state, run.config.policy).some((d) => d.deadlineId === deadlineId)) return;
  try {
    await execute(run, patches, {
      command: { type: 'RecordDeadlineNotTracked', data: { deadlineId, reason, timer } },
      actor: SYSTEM_ACTOR,
      meta: {},
      key: `untracked:${deadlineId}/${reason}@${run.state.version}`,
    });
  } catch (error) {
    log.error('deadline not tracked, and that could not be recorded', {
      deadlineId,
      reason,
      error: String(error),
    });
  }
}

/**
 * After a planning failure: the next try of a deadline whose calendar did not cover its dates, counted per
 * skip key (a re-planned deadline starts again), or none (another reason, or the tries are used up).
 */
export function scheduleReplanning(
  retries: Record<string, PlanningRetry>,
  deadline: OpenDeadline,
  key: string,
  reason: UntrackedReason,
  now: number,
): void {
  const previous = retries[deadline.deadlineId];
  const attempt = (previous?.key === key ? previous.attempt : 0) + 1;
  if (reason !== 'calendar_not_covering' || attempt > REPLAN_ATTEMPTS) {
    delete retries[deadline.deadlineId];
    if (reason === 'calendar_not_covering') {
      log.error('deadline not planned: no more tries', { deadlineId: deadline.deadlineId, attempt });
    }
    return;
  }
  retries[deadline.deadlineId] = { key, at: new Date(now + REPLAN_INTERVAL_MS).toISOString(), attempt };
}
