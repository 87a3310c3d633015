/**
 * Task tokens are opaque to workers. Ours is JSON naming the execution, the task's scheduled event id and
 * attempt, so that a stale token (an older attempt, a task that timed out) is recognised and refused.
 */
import { invalidArgument, notFound } from '../grpc/errors';

export interface TaskToken {
  /** w: workflow task, a: activity task, q: legacy query task. */
  k: 'w' | 'a' | 'q';
  n: string;
  w: string;
  r: string;
  /** Scheduled event id (workflow and activity tasks). */
  s: number;
  /** Attempt (workflow and activity tasks). */
  a: number;
  /** Query id (query tasks). */
  q?: string;
  /**
   * Started time (workflow tasks; GS token.StartedTime): a speculative task lost and scheduled again has
   * the same ids and attempt, so only this tells the old task's completion from the new one's.
   */
  t?: number;
}

const TASK_NOT_FOUND: Record<TaskToken['k'], string> = {
  w: 'Workflow task not found.',
  a: 'invalid activityID or activity already timed out or invoking workflow is completed',
  q: 'query not found: it may have timed out',
};

export function encodeToken(token: TaskToken): Buffer {
  return Buffer.from(JSON.stringify(token), 'utf8');
}

export function decodeToken(bytes: Uint8Array | null | undefined, kind: TaskToken['k']): TaskToken {
  if (!bytes || bytes.length === 0) throw invalidArgument('Task token not set on request.');
  // A token this server did not issue names no task it knows: NOT_FOUND, as the Go server answers for a
  // token whose execution or task is gone (the SDK turns it into ActivityNotFoundError on heartbeats).
  let token: TaskToken | undefined;
  try {
    token = JSON.parse(Buffer.from(bytes).toString('utf8')) as TaskToken;
  } catch {
    token = undefined;
  }
  if (!token || token.k !== kind || typeof token.w !== 'string' || typeof token.r !== 'string') {
    throw notFound(TASK_NOT_FOUND[kind]);
  }
  return token;
}
