/**
 * The officer commands as HTTP routes: one `POST /cases/{id}/<path>` per command of the domain (RegisterReport
 * is `POST /cases`). Roles come from the domain's `rolesAllowedFor`, the one source of who may do what.
 */
import { type CaseCommandType, rolesAllowedFor } from '@netral/domain';
import { isRole, type Role } from '../../platform';

/** Roles of the HTTP API that may issue a command (the domain's list without `system`). */
export function apiRolesFor(type: CaseCommandType): Role[] {
  return rolesAllowedFor(type).filter(isRole);
}

/** Commands whose own data has a `reason` field; for the others `reason` is audit metadata only. */
export const COMMANDS_WITH_DATA_REASON: ReadonlySet<CaseCommandType> = new Set([
  'RecordPpkFollowUp',
  'CloseCase',
  'WithdrawCase',
  'ReopenCase',
  'MigrateDeadlinePolicy',
]);

/** Splits a validated body into the command's data and the audit reason. */
export function commandDataOf(
  type: CaseCommandType,
  body: object,
): { data: Record<string, unknown>; reason?: string } {
  const { reason, ...rest } = body as { reason?: string | null } & Record<string, unknown>;
  const data = COMMANDS_WITH_DATA_REASON.has(type) ? { ...rest, reason } : rest;
  // Absent optional fields stay absent (class-transformer leaves undefined keys out of JSON anyway).
  const clean = JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
  return { data: clean, ...(typeof reason === 'string' ? { reason } : {}) };
}
