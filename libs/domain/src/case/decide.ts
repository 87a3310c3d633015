// decide(command, state, context) → events, or a DomainError. Pure: time, actor and the catalogue, policy and
// calendar in force come from the context. Who may act and in which stage comes from the stage table; the
// handlers, one file per stage under stages/, read and validate the payload, enforce the legal rules and
// return the events that record what happened.
import { DomainError } from '../errors';
import { isInstant } from '../time';
import {
  type CaseCommand,
  type CaseCommandType,
  type DecisionContext,
  ROLES,
  commandDescriptor,
} from './commands';
import { decideAttachDocument } from './documents';
import { accessRefusal, stageRefusal } from './stage-table';
import { type CaseEvent } from './events';
import { Input } from './input';
import { type CaseState } from './state';
import { type Handler } from '../stages/shared';
import { intakeHandlers } from '../stages/intake';
import { clarificationHandlers } from '../stages/clarification';
import { followUpHandlers } from '../stages/follow-up';
import { examinationHandlers } from '../stages/examination';
import { ethicsHandlers } from '../stages/ethics';
import { decisionHandlers } from '../stages/decision';
import { objectionHandlers } from '../stages/objection';
import { closingHandlers } from '../stages/closing';
import { systemHandlers } from '../stages/system';
import { routeHandlers } from '../stages/routes';

/** Decides a command against the current state. Throws DomainError when the command is refused. */
export function decide(command: CaseCommand, state: CaseState, context: DecisionContext): CaseEvent[] {
  if (!command || typeof command !== 'object' || typeof (command as { type?: unknown }).type !== 'string') {
    throw new DomainError('INVALID_COMMAND', 'a command is { type, data }');
  }
  const descriptor = commandDescriptor(command.type);
  if (!descriptor) throw new DomainError('UNKNOWN_COMMAND', command.type, { type: command.type });
  checkContext(context);
  // Who may act, then what the stage table allows now: the same rows allowedCommands() reads.
  const refusal =
    accessRefusal(descriptor.type, state, context.actor) ?? stageRefusal(descriptor.type, state);
  if (refusal) throw refusal;
  const reason = (command.data as { lateRecordingReason?: unknown } | undefined)?.lateRecordingReason;
  const lateRecording =
    typeof reason === 'string' && reason.trim()
      ? { reason, approvedBy: context.actor.id, used: false }
      : null;
  const events = HANDLERS[descriptor.type](Input.of(command.data ?? {}), state, {
    ...context,
    lateRecording,
  });
  // A fact recorded beyond the backdating horizon carries the supervisor's reason on its events.
  if (!lateRecording?.used) return events;
  const note = { reason: lateRecording.reason, approvedBy: lateRecording.approvedBy };
  return events.map((e) => ({ ...e, data: { ...e.data, lateRecording: note } }) as unknown as CaseEvent);
}

// ---------------------------------------------------------------------------------------------------------
// Access and lifecycle guards

function checkContext(context: DecisionContext): void {
  if (!context || !isInstant(context.now)) {
    throw new DomainError('INVALID_DATE', 'context.now must be an ISO-8601 instant');
  }
  const actor = context.actor;
  if (!actor || typeof actor.id !== 'string' || !actor.id || !ROLES.includes(actor.role)) {
    throw new DomainError('INVALID_COMMAND', 'context.actor needs an id and a known role');
  }
  if (!context.catalogues || !context.policy) {
    throw new DomainError('INVALID_DATA', 'context needs the catalogues and the deadline policy in force');
  }
}

const HANDLERS: Record<CaseCommandType, Handler> = {
  ...intakeHandlers,
  ...clarificationHandlers,
  ...followUpHandlers,
  ...examinationHandlers,
  ...ethicsHandlers,
  ...decisionHandlers,
  ...objectionHandlers,
  ...closingHandlers,
  ...systemHandlers,
  ...routeHandlers,
  AttachDocument: decideAttachDocument,
};
