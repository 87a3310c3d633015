// Deadline policy versions Netral bundled before the current one (data/deadline-policy.json), frozen as they
// were published. The API's first migration seeds 2026.1 from here, so a new database holds the same rows
// as one migrated when 2026.1 was bundled (same content, same hash), and a case that started under it can
// still be read and migrated. Not exported from the package root: the workflow bundle does not need them
// (a running case carries its whole policy in its start configuration).
import policy2026v1 from '../data/deadline-policy-2026.1.json';
import { deepFreeze } from './freeze';
import { type DeadlinePolicy, parseDeadlinePolicy } from './deadlines/policy';

/** Bundled until 2026.2, which named the clarification period an internal target with no statutory basis. */
export const DEADLINE_POLICY_2026_1: DeadlinePolicy = deepFreeze(
  parseDeadlinePolicy(policy2026v1 as unknown),
);
