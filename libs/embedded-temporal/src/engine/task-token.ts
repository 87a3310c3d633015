/**
 * Task tokens are opaque to workers. Ours is JSON naming the execution, the task's scheduled event id and
 * attempt, so that a stale token (an older attempt, a task that timed out) is recognised and refused.
 */
import { invalidArgument } from '../grpc/errors';

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
}

export function encodeToken(token: TaskToken): Buffer {
  return Buffer.from(JSON.stringify(token), 'utf8');
}

export function decodeToken(bytes: Uint8Array | null | undefined, kind: TaskToken['k']): TaskToken {
  if (!bytes || bytes.length === 0) throw invalidArgument('Task token not set on request.');
  let token: TaskToken;
  try {
    token = JSON.parse(Buffer.from(bytes).toString('utf8')) as TaskToken;
  } catch {
    throw invalidArgument('Error deserializing task token.');
  }
  if (!token || token.k !== kind || typeof token.w !== 'string' || typeof token.r !== 'string') {
    throw invalidArgument('Invalid task token.');
  }
  return token;
}
