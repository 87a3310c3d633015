// What the HTTP API calls to run a case: register it (update-with-start: the workflow and its first command
// in one request), send any later command, read the state. Client side only (imports @temporalio/client);
// the workflow bundle never imports this file.
import {
  type Client,
  WithStartWorkflowOperation,
  WorkflowUpdateFailedError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { type CaseState, type DomainErrorJson, decide, initialState, isDomainError } from '@netral/domain';
import { type CaseConfig, EVENT_STORE_REFUSED, isCaseConfig } from './activities';
import { appendRefusal } from './append-refusal';
import {
  type CaseCommandRequest,
  DEFAULT_TASK_QUEUE,
  SANCTION_CASE_WORKFLOW,
  caseCommandUpdate,
  caseStateQuery,
} from './messages';
import type { CarriedCaseState, SanctionCaseInput } from './sanction-case.workflow';
import { startInputPayload } from './start-payload';

/**
 * A command the case refused: `code` is the DomainError code (e.g. WRONG_STAGE, ROLE_NOT_ALLOWED,
 * INVALID_COMMAND) and `domainError` its JSON (with the Indonesian messageId) when the domain refused it.
 * Nothing was recorded.
 */
export class CaseCommandRefusedError extends Error {
  override readonly name = 'CaseCommandRefusedError';
  constructor(
    readonly code: string,
    message: string,
    readonly domainError?: DomainErrorJson,
  ) {
    super(message);
  }
}

/** The case id is taken by another case (its workflow exists and was not started by this request). */
export class CaseAlreadyExistsError extends Error {
  override readonly name = 'CaseAlreadyExistsError';
  constructor(readonly caseId: string) {
    super(`case ${caseId} already exists`);
  }
}

export interface RegisterCaseParams {
  /** The new case's id (= workflow id); must equal `request.command.data.caseId`. */
  caseId: string;
  /** A RegisterReport command with its actor. */
  request: CaseCommandRequest;
  /** The idempotency key: a retry with the same key returns the first outcome and registers nothing new. */
  updateId: string;
  /** The configuration in force (caseConfigSource(...)()): fixed for the case's run from its start. */
  config: CaseConfig;
  taskQueue?: string;
  /**
   * The server's time (ISO-8601) for the refusal checked here before starting: default the wall clock, which
   * is the server's except on a time-skipping test server (replay-fixture scenarios dated in 2025).
   */
  now?: string;
}

/** Turns an update failure carrying a domain refusal into CaseCommandRefusedError; rethrows anything else. */
function rethrowRefusal(error: unknown): never {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const cause = error.cause;
    const detail = cause.details?.[0] as DomainErrorJson | undefined;
    throw new CaseCommandRefusedError(
      cause.type ?? 'REFUSED',
      cause.message,
      detail && detail.name === 'DomainError' ? detail : undefined,
    );
  }
  // The command's append, refused for good by the store: nothing was recorded, the case goes on. (A local
  // append's failure is the ApplicationFailure itself, handled above; a normal activity's is wrapped.)
  const refusal = error instanceof WorkflowUpdateFailedError ? appendRefusal(error.cause) : undefined;
  if (refusal) throw new CaseCommandRefusedError(EVENT_STORE_REFUSED, refusal.message);
  throw error;
}

/**
 * Creates the case's workflow and runs its RegisterReport in one request (update-with-start). The workflow
 * gets the configuration in its start input, so the update's validator decides the command at once: a
 * refused registration is rejected without an event. The command is first checked locally with the same
 * decide(), so an obviously invalid registration does not even start a workflow.
 */
export async function registerCase(client: Client, params: RegisterCaseParams): Promise<CaseState> {
  const { caseId, request, updateId, config } = params;
  const command = request?.command;
  if (command?.type !== 'RegisterReport') {
    throw new CaseCommandRefusedError(
      'INVALID_COMMAND',
      'a case is registered with a RegisterReport command',
    );
  }
  if ((command.data as { caseId?: unknown })?.caseId !== caseId) {
    throw new CaseCommandRefusedError('INVALID_COMMAND', `RegisterReport.caseId must be ${caseId}`);
  }
  if (!updateId)
    throw new CaseCommandRefusedError('INVALID_COMMAND', 'an idempotency key (updateId) is required');
  if (!isCaseConfig(config)) throw new TypeError('registerCase needs a CaseConfig (caseConfigSource(...)())');
  try {
    decide(command, initialState, {
      now: params.now ?? new Date().toISOString(),
      actor: request.actor,
      catalogues: config.catalogues,
      policy: config.policy,
      calendar: config.calendar,
      agencies: config.agencies ?? null,
      violationReading: config.violationReading ?? null,
    });
  } catch (error) {
    if (isDomainError(error)) throw new CaseCommandRefusedError(error.code, error.message, error.toJSON());
    throw error;
  }
  const startWorkflowOperation = new WithStartWorkflowOperation(SANCTION_CASE_WORKFLOW, {
    workflowId: caseId,
    taskQueue: params.taskQueue ?? DEFAULT_TASK_QUEUE,
    // The SanctionCaseInput { config }, encoded once per configuration in force (start-payload.ts).
    args: [startInputPayload(config)],
    // A retry (same updateId) joins the running workflow; a case id is never reused for a new workflow.
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
  });
  try {
    return await client.workflow.executeUpdateWithStart(caseCommandUpdate, {
      updateId,
      args: [request],
      startWorkflowOperation,
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) throw new CaseAlreadyExistsError(caseId);
    rethrowRefusal(error);
  }
}

export interface CaseCommandParams {
  caseId: string;
  request: CaseCommandRequest;
  /** The idempotency key (e.g. the HTTP Idempotency-Key): a repeat returns the first outcome. */
  updateId: string;
}

/**
 * Runs an officer command on a registered case; returns the state after its events were stored. A closed
 * case's workflow has completed: see commandOnClosedCase.
 */
export async function sendCaseCommand(client: Client, params: CaseCommandParams): Promise<CaseState> {
  try {
    return await client.workflow
      .getHandle(params.caseId)
      .executeUpdate(caseCommandUpdate, { updateId: params.updateId, args: [params.request] });
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return commandOnClosedCase(client, params, error);
    rethrowRefusal(error);
  }
}

/**
 * The workflow of a closed case completed with what a new run needs (its CarriedCaseState). ReopenCase
 * starts that new run under the same id (update-with-start, so the reopening is its first command); any
 * other command gets the domain's refusal (CASE_CLOSED) from the same decide(), and nothing starts. A case
 * whose last run did not complete (terminated, failed) stays not found.
 */
async function commandOnClosedCase(
  client: Client,
  params: CaseCommandParams,
  notFound: WorkflowNotFoundError,
): Promise<CaseState> {
  const handle = client.workflow.getHandle(params.caseId);
  let closed: CarriedCaseState | undefined;
  let taskQueue: string;
  try {
    const description = await handle.describe();
    if (description.status.name !== 'COMPLETED') throw notFound;
    taskQueue = description.taskQueue;
    closed = (await handle.result()) as CarriedCaseState | undefined;
  } catch {
    throw notFound;
  }
  if (!closed?.state || !isCaseConfig(closed.config)) throw notFound;
  const { request } = params;
  try {
    decide(request.command, closed.state, {
      now: new Date().toISOString(),
      actor: request.actor,
      catalogues: closed.config.catalogues,
      policy: closed.config.policy,
      calendar: closed.config.calendar,
    });
  } catch (error) {
    if (isDomainError(error)) throw new CaseCommandRefusedError(error.code, error.message, error.toJSON());
    throw error;
  }
  const input: SanctionCaseInput = { carried: closed };
  const startWorkflowOperation = new WithStartWorkflowOperation(SANCTION_CASE_WORKFLOW, {
    workflowId: params.caseId,
    taskQueue,
    args: [input],
    // A concurrent reopening joins the run the first one started (and is refused there: CASE_NOT_CLOSED).
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
  });
  try {
    return await client.workflow.executeUpdateWithStart(caseCommandUpdate, {
      updateId: params.updateId,
      args: [request],
      startWorkflowOperation,
    });
  } catch (error) {
    rethrowRefusal(error);
  }
}

/** The case state as the workflow holds it, **including confidential fields**: redact before answering. */
export function getCaseState(client: Client, caseId: string): Promise<CaseState> {
  return client.workflow.getHandle(caseId).query(caseStateQuery);
}
