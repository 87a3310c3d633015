/**
 * Applying a completed workflow task's commands, in order, each writing its events right after
 * WorkflowTaskCompleted (carrying workflow_task_completed_event_id). Every command type belongs to one
 * state machine, which handles it; this file only dispatches (GS workflowTaskCompletedHandler.handleCommand).
 * Protocol messages (updates) are applied where a ProtocolMessage command names them; unreferenced ones
 * (rejections) after all commands.
 */
import { invalidArgument } from '../grpc/errors';
import type { temporal } from '../proto';
import { activityCommands } from './activities';
import { childCommands } from './children';
import {
  type CommandContext,
  type CommandHandlers,
  CommandType as C,
  type ICommand,
  type IMessage,
} from './command-handler';
import type { Engine, WorkflowTransaction } from './engine';
import type { ExecutionTx } from './execution-tx';
import { propertyCommands } from './properties';
import { timerCommands } from './timers';
import { applyUpdateMessage, updateCommands } from './update-messages';
import { workflowCloseCommands } from './workflow-close';

const HANDLERS: CommandHandlers = {
  ...activityCommands,
  ...timerCommands,
  ...childCommands,
  ...updateCommands,
  ...propertyCommands,
  ...workflowCloseCommands,
};

export function isCompletionCommand(c: ICommand): boolean {
  return c.commandType !== null && c.commandType !== undefined && c.commandType in workflowCloseCommands;
}

export async function applyCommands(
  engine: Engine,
  wtx: WorkflowTransaction,
  tx: ExecutionTx,
  req: temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest,
  wftc: number,
): Promise<void> {
  const ctx: CommandContext = {
    engine,
    wtx,
    tx,
    wftc,
    messages: new Map<string, IMessage>((req.messages ?? []).map((m) => [m.id ?? '', m])),
    referenced: new Set<string>(),
  };
  for (const command of req.commands ?? []) {
    if (tx.state.status !== 'Running') break;
    const handler = HANDLERS[command.commandType ?? C.COMMAND_TYPE_UNSPECIFIED];
    if (!handler) throw invalidArgument(`Unsupported command type ${String(command.commandType)}`);
    const first = tx.newEvents.length;
    await handler(ctx, command);
    // The command's own event carries its static summary / details (GS handleCommand sets UserMetadata).
    const event = tx.newEvents[first];
    if (command.userMetadata && event) event.userMetadata = command.userMetadata;
  }
  for (const [id, message] of ctx.messages) {
    if (!ctx.referenced.has(id)) applyUpdateMessage(engine, tx, message);
  }
}
