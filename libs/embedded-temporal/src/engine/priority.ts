/**
 * Task priority (temporal.api.common.v1.Priority) as the Go server handles it (common/priorities): a run
 * keeps the priority it was started with, an activity or child may override its fields, and what a task
 * carries is the field-by-field merge (the override's non-zero fields win).
 */
import { invalidArgument } from '../grpc/errors';
import type { temporal } from '../proto';

export type IPriority = temporal.api.common.v1.IPriority;

/** The plain form kept in a run's JSON state. */
export interface PriorityInfo {
  priorityKey?: number;
  fairnessKey?: string;
  fairnessWeight?: number;
}

const FAIRNESS_KEY_MAX_LENGTH = 64;

/** priorities.Validate: the same checks and messages as the Go server. */
export function validatePriority(p: IPriority | null | undefined): void {
  if (!p) return;
  if ((p.priorityKey ?? 0) < 0) throw invalidArgument("priority key can't be negative");
  if ((p.fairnessKey ?? '').length > FAIRNESS_KEY_MAX_LENGTH) {
    throw invalidArgument('fairness key length exceeds limit');
  }
  if ((p.fairnessWeight ?? 0) < 0) throw invalidArgument('must be greater than zero');
}

/** The stored form, or undefined when no field is set (an empty priority is no priority). */
export function priorityInfo(p: IPriority | null | undefined): PriorityInfo | undefined {
  if (!p) return undefined;
  const out: PriorityInfo = {};
  if (p.priorityKey) out.priorityKey = p.priorityKey;
  if (p.fairnessKey) out.fairnessKey = p.fairnessKey;
  if (p.fairnessWeight) out.fairnessWeight = p.fairnessWeight;
  return Object.keys(out).length ? out : undefined;
}

/** priorities.Merge: the override's set fields over the base's. */
export function mergePriority(
  base: PriorityInfo | undefined,
  override: IPriority | PriorityInfo | null | undefined,
): PriorityInfo | undefined {
  const o = priorityInfo(override);
  if (!base) return o;
  if (!o) return base;
  return { ...base, ...o };
}

/**
 * Priority levels of a task queue (GS dynamic config `matching.priorityLevels`, default 5) and the key of a
 * task that sets none: the middle level, (levels + 1) / 2 = 3 (GS taskQueueConfig.DefaultPriorityKey).
 */
export const PRIORITY_LEVELS = 5;
export const DEFAULT_PRIORITY_KEY = Math.floor((PRIORITY_LEVELS + 1) / 2);

/**
 * The level a task waits at in its queue (GS taskQueueConfig.clipPriority): unset (0) is the default key,
 * and a key past the last level waits at the last level. Lower keys are dispatched first.
 */
export function queuePriorityKey(key: number | undefined): number {
  if (!key) return DEFAULT_PRIORITY_KEY;
  return Math.min(Math.max(Math.floor(key), 1), PRIORITY_LEVELS);
}
