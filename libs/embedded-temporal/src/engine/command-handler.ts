/**
 * What a command handler gets: the run being changed, the id of the WorkflowTaskCompleted event its
 * events point back to, and the task's protocol messages. Each state machine (timers.ts, activities.ts,
 * children.ts, update-messages.ts, workflow-close.ts, properties.ts) exports the handlers of its own commands;
 * commands.ts dispatches through the table they form, as the Go server's workflowTaskCompletedHandler does.
 */
import { enums, type temporal } from '../proto';
import type { Engine, WorkflowTransaction } from './engine';
import type { ExecutionTx } from './execution-tx';

export type ICommand = temporal.api.command.v1.ICommand;
export type IMessage = temporal.api.protocol.v1.IMessage;
export const CommandType = enums.CommandType;

export interface CommandContext {
  engine: Engine;
  wtx: WorkflowTransaction;
  tx: ExecutionTx;
  /** workflow_task_completed_event_id for the command events. */
  wftc: number;
  /** The completion's protocol messages by id. */
  messages: Map<string, IMessage>;
  /** Ids of messages a ProtocolMessage command has applied (the rest are applied after all commands). */
  referenced: Set<string>;
}

export type CommandHandler = (ctx: CommandContext, command: ICommand) => void | Promise<void>;

/** A state machine's handlers, by command type. */
export type CommandHandlers = Partial<Record<number, CommandHandler>>;
