/**
 * The overlap policies: given the buffered starts and whether a started workflow is still running, what
 * to start now, what stays buffered, what is dropped, and whether the running workflow must be cancelled
 * or terminated first. Pure; the behaviour follows the real server's scheduler (buffer.go):
 *
 * - ALLOW_ALL starts always run, concurrently with anything.
 * - With nothing running, the first other start runs (whatever its policy).
 * - While something runs: SKIP drops the start; BUFFER_ONE keeps one start waiting (the first) and drops
 *   the rest; BUFFER_ALL keeps every start waiting; CANCEL_OTHER / TERMINATE_OTHER keep the start waiting
 *   and ask for the running workflow to be cancelled / terminated. A start that meets another start
 *   chosen in this same pass (nothing running yet) under CANCEL_OTHER / TERMINATE_OTHER replaces it.
 */
import { enums } from '../proto';

const P = enums.ScheduleOverlapPolicy;

export interface OverlapCandidate {
  overlapPolicy: number;
}

export interface OverlapDecision<T> {
  /** ALLOW_ALL starts: run them all now. */
  overlapping: T[];
  /** The one non-overlapping start to run now, if any. */
  nonOverlapping?: T;
  /** What stays buffered. */
  buffer: T[];
  needCancel: boolean;
  needTerminate: boolean;
  /** Starts dropped by SKIP or BUFFER_ONE. */
  skipped: number;
}

export function decideOverlap<T extends OverlapCandidate>(
  buffered: T[],
  isRunning: boolean,
  resolve: (policy: number) => number,
): OverlapDecision<T> {
  const decision: OverlapDecision<T> = {
    overlapping: [],
    buffer: [],
    needCancel: false,
    needTerminate: false,
    skipped: 0,
  };
  for (const start of buffered) {
    const policy = resolve(start.overlapPolicy);
    if (policy === P.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL) {
      decision.overlapping.push(start);
      continue;
    }
    if (!isRunning && decision.nonOverlapping === undefined) {
      decision.nonOverlapping = start;
      continue;
    }
    switch (policy) {
      case P.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE:
        if (decision.buffer.length === 0) decision.buffer.push(start);
        else decision.skipped++;
        break;
      case P.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL:
        decision.buffer.push(start);
        break;
      case P.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER:
      case P.SCHEDULE_OVERLAP_POLICY_TERMINATE_OTHER:
        if (isRunning) {
          if (policy === P.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER) decision.needCancel = true;
          else decision.needTerminate = true;
          decision.buffer.push(start);
        } else {
          // Only the start chosen a moment ago "runs": this newer one replaces it.
          decision.nonOverlapping = start;
        }
        break;
      default: // SKIP
        decision.skipped++;
    }
  }
  // The running workflows are about to be cancelled or terminated: starting ALLOW_ALL runs now would only
  // have them cancelled or terminated right after.
  if (decision.needCancel || decision.needTerminate) decision.overlapping = [];
  return decision;
}
