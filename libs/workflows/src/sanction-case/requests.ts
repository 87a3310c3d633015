// Officer command requests of the sanctionCase workflow: their checks (shape, role, If-Match) and the
// failures the update answers with.
import { ApplicationFailure } from '@temporalio/workflow';
import { type CaseState, COMMANDS, isDomainError } from '@netral/domain';
import { type CaseCommandRequest, VERSION_MISMATCH } from '../messages';

/** A domain refusal as a Temporal failure the API can read: type = the DomainError code. */
export function refusal(error: unknown): Error {
  if (isDomainError(error)) {
    return ApplicationFailure.create({
      type: error.code,
      message: error.message,
      nonRetryable: true,
      details: [error.toJSON()],
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}

export function invalid(code: 'INVALID_COMMAND' | 'ROLE_NOT_ALLOWED', message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: code, message, nonRetryable: true });
}

/** The checks of an officer's command request that need no state. */
export function checkRequest(request: CaseCommandRequest, caseId: string): void {
  const command = request?.command;
  if (!command || typeof command !== 'object' || typeof command.type !== 'string') {
    throw invalid('INVALID_COMMAND', 'a command is { type, data }');
  }
  if (!request.actor || request.actor.role === 'system') {
    throw invalid('ROLE_NOT_ALLOWED', 'system commands are issued by the workflow itself');
  }
  if (COMMANDS.find((c) => c.type === command.type)?.system) {
    throw invalid('ROLE_NOT_ALLOWED', `${command.type} is issued by the workflow itself`);
  }
  const data = command.data as { caseId?: unknown } | undefined;
  if (command.type === 'RegisterReport' && data?.caseId !== caseId) {
    throw invalid('INVALID_COMMAND', `RegisterReport.caseId must be the workflow id ${caseId}`);
  }
}

/**
 * If-Match (expectedVersion / expectedVersions): a tag matches the current version, or any version from
 * the last officer event on, i.e. only the workflow's own events came after it. `lenient` says whether the
 * second reading may be used (the handler asks the patch). The failure when no tag matches, else undefined.
 */
export function versionRefusal(
  request: CaseCommandRequest,
  { state, officerVersion }: { state: CaseState; officerVersion: number },
  lenient: () => boolean,
): ApplicationFailure | undefined {
  const single = request.expectedVersion;
  const tags =
    single !== undefined && single !== null
      ? [single]
      : Array.isArray(request.expectedVersions)
        ? request.expectedVersions
        : undefined;
  if (tags === undefined || tags.includes(state.version)) return undefined;
  if (tags.some((t) => t >= officerVersion && t <= state.version) && lenient()) return undefined;
  return ApplicationFailure.create({
    type: VERSION_MISMATCH,
    message: `the case is at version ${state.version} (last changed by an officer at ${officerVersion}), not ${tags.join(' or ')}`,
    nonRetryable: true,
    details: [
      {
        ...(single !== undefined && single !== null
          ? { expectedVersion: single }
          : { expectedVersions: tags }),
        currentVersion: state.version,
        officerVersion,
      },
    ],
  });
}

/**
 * Whether every If-Match tag is ahead of this state: read from events a lost workflow task stored (the read
 * model shows an append as soon as it commits) that this run has not adopted yet (APPEND_EVENTS_LOCALLY).
 * The validator then leaves the decision to the handler, which runs after the commands that adopt them.
 */
export function aheadOfState(request: CaseCommandRequest, state: CaseState): boolean {
  const single = request.expectedVersion;
  const tags = single !== undefined && single !== null ? [single] : request.expectedVersions;
  return Array.isArray(tags) && tags.length > 0 && tags.every((t) => t > state.version);
}
