/** Workflows for the time-skipping suite: plain SDK code whose timers span days and months. */
import type { Duration } from '@temporalio/common';
import { condition, defineSignal, proxyActivities, setHandler, sleep } from '@temporalio/workflow';

export interface Slept {
  startedAt: number;
  wokeAt: number;
}

/** Sleeps `duration` (an ms-formatted string such as '30 days') and reports workflow time around it. */
export async function sleeper(duration: Duration): Promise<Slept> {
  const startedAt = Date.now();
  await sleep(duration);
  return { startedAt, wokeAt: Date.now() };
}

export interface RaceActivities {
  /** Completes when the test releases it (real time passes meanwhile). */
  gatedWork(key: string): Promise<string>;
}

const { gatedWork } = proxyActivities<RaceActivities>({ startToCloseTimeout: '1 minute' });

/** A one-day timer racing an activity: on Temporal's test server the running activity keeps time locked. */
export async function timerRacesActivity(key: string): Promise<{ winner: string; elapsedMs: number }> {
  const startedAt = Date.now();
  const winner = await Promise.race([
    sleep('1 day').then(() => 'timer'),
    gatedWork(key).then(() => 'activity'),
  ]);
  return { winner, elapsedMs: Date.now() - startedAt };
}

export const approve = defineSignal('approve');

export interface Approval {
  approved: boolean;
  waitedMs: number;
  /** Workflow time when the wait ended. */
  decidedAt: number;
}

/** Waits up to `timeout` for the approve signal; reports whether it came and how long it waited. */
export async function awaitApproval(timeout: Duration): Promise<Approval> {
  let approved = false;
  setHandler(approve, () => void (approved = true));
  const startedAt = Date.now();
  const inTime = await condition(() => approved, timeout);
  const decidedAt = Date.now();
  return { approved: inTime, waitedMs: decidedAt - startedAt, decidedAt };
}
