/**
 * Workflow updates between the server and the worker: delivery of admitted updates' requests as protocol
 * messages in a workflow task, and the worker's Acceptance / Rejection / Response messages. A rejection writes
 * no event; acceptance and completion write UpdateAccepted / UpdateCompleted (the ProtocolMessage command, or
 * after all commands for messages no command names). Admission and waiting are in updates.ts.
 */
import { invalidArgument } from '../grpc/errors';
import { decodeMessage, fromB64, T, type temporal, toB64 } from '../proto';
import { type CommandHandlers, CommandType as C, type IMessage } from './command-handler';
import type { Engine } from './engine';
import type { ExecutionTx } from './execution-tx';
import type { ExecutionState, UpdateInfo } from './state';

type IUpdateRequest = temporal.api.update.v1.IRequest;

/**
 * Rejected updates kept in the state, newest first, so that callers already waiting get the outcome (a new
 * request with the id is a new update anyway); older ones are dropped so that the state does not grow with
 * rejections.
 */
const REJECTED_UPDATES_KEPT = 10;

export function hasUndeliveredUpdates(s: ExecutionState): boolean {
  const delivered = new Set(s.wft?.deliveredUpdates ?? []);
  // An update without a request came in an UpdateAdmitted event (reapplied by a reset): history delivers it.
  return Object.values(s.updates).some(
    (u) => u.stage === 'admitted' && !!u.request && !delivered.has(u.updateId),
  );
}

/**
 * Protocol messages carrying the admitted updates' requests to the task that starts now: all of them, but
 * those already in its `deliveredUpdates` (sent by the heartbeat task it follows, workflow-task-completion.ts).
 */
export function deliverUpdates(tx: ExecutionTx, startedEventId: number): IMessage[] {
  const wft = tx.state.wft!;
  const messages: IMessage[] = [];
  const alreadySent = new Set(wft.deliveredUpdates);
  for (const u of Object.values(tx.state.updates)) {
    if (u.stage !== 'admitted' || !u.request || alreadySent.has(u.updateId)) continue;
    wft.deliveredUpdates.push(u.updateId);
    messages.push(<IMessage>(<unknown>{
      id: `${u.updateId}/request`,
      protocolInstanceId: u.updateId,
      eventId: startedEventId - 1,
      // The request as admitted, its bytes as they are (GS sends the stored request; no decode and encode).
      body: { type_url: `type.googleapis.com/${T.UpdateRequest}`, value: Buffer.from(u.request, 'base64') },
    }));
  }
  return messages;
}

/** The task failed or timed out: its updates are delivered again with the next task. */
export function revertDeliveredUpdates(tx: ExecutionTx): void {
  if (tx.state.wft) tx.state.wft.deliveredUpdates = [];
}

function unpack<T>(message: IMessage): { type: string; value: T } | undefined {
  const body = message.body as unknown as { type_url?: string; value?: Uint8Array } | null | undefined;
  if (!body?.type_url) return undefined;
  const type = body.type_url.replace(/^.*\//, '');
  return { type, value: decodeMessage<T>(type, body.value ?? new Uint8Array()) };
}

export const updateCommands: CommandHandlers = {
  /** A ProtocolMessage command applies the message it names at this point in command order. */
  [C.COMMAND_TYPE_PROTOCOL_MESSAGE]: ({ engine, tx, messages, referenced }, command) => {
    const id = command.protocolMessageCommandAttributes?.messageId ?? '';
    referenced.add(id);
    const message = messages.get(id);
    if (!message) throw invalidArgument(`ProtocolMessageCommand referenced absent message ID ${id}`);
    applyUpdateMessage(engine, tx, message);
  },
};

export function applyUpdateMessage(engine: Engine, tx: ExecutionTx, message: IMessage): void {
  const s = tx.state;
  const updateId = message.protocolInstanceId ?? '';
  const update = s.updates[updateId];
  const body = unpack<Record<string, unknown>>(message);
  if (!body) throw invalidArgument(`protocol message ${message.id ?? ''} has no body`);
  if (!update) {
    // A message repeated for an update already completed changes nothing.
    if (engine.completedUpdates.peek(s.runId, updateId) === undefined)
      engine.logger.warn('protocol message for an unknown update ignored', { id: message.id });
    return;
  }
  switch (body.type) {
    case 'temporal.api.update.v1.Acceptance': {
      if (update.stage !== 'admitted') return;
      const a = body.value as temporal.api.update.v1.IAcceptance;
      const request =
        a.acceptedRequest ??
        (update.request ? fromB64<IUpdateRequest>(T.UpdateRequest, update.request) : undefined);
      const event = tx.addEvent('WorkflowExecutionUpdateAccepted', {
        protocolInstanceId: update.updateId,
        acceptedRequestMessageId: a.acceptedRequestMessageId,
        acceptedRequestSequencingEventId: a.acceptedRequestSequencingEventId,
        acceptedRequest: request,
      });
      update.stage = 'accepted';
      update.acceptedEventId = Number(event.eventId);
      update.request = undefined;
      return;
    }
    case 'temporal.api.update.v1.Rejection': {
      if (update.stage !== 'admitted') return;
      rejectUpdate(tx, update, (body.value as temporal.api.update.v1.IRejection).failure);
      return;
    }
    case 'temporal.api.update.v1.Response': {
      if (update.stage === 'completed') return;
      const r = body.value as temporal.api.update.v1.IResponse;
      const event = tx.addEvent('WorkflowExecutionUpdateCompleted', {
        meta: r.meta ?? { updateId: update.updateId },
        acceptedEventId: update.acceptedEventId ?? 0,
        outcome: r.outcome,
      });
      delete s.updates[update.updateId];
      tx.completedUpdates.push({ updateId: update.updateId, eventId: Number(event.eventId) });
      s.completedUpdateCount = (s.completedUpdateCount ?? 0) + 1;
      return;
    }
    default:
      throw invalidArgument(`unsupported protocol message body ${body.type}`);
  }
}

function rejectUpdate(
  tx: ExecutionTx,
  update: UpdateInfo,
  failure: temporal.api.failure.v1.IFailure | null | undefined,
) {
  update.stage = 'completed';
  update.rejected = true;
  update.request = undefined;
  update.outcome = toB64(T.UpdateOutcome, { failure });
  dropOldRejections(tx.state, update);
  // Nothing to write for a rejection itself; a normal task's completion writes the state anyway.
  tx.notifyOnly = true;
}

/** GS update/errors_failures.go unprocessedUpdateFailure. */
const UNPROCESSED_UPDATE_FAILURE = {
  message:
    "Workflow Update is rejected because it wasn't processed by worker. Probably, Workflow Update is not supported by the worker.",
  source: 'Server',
  applicationFailureInfo: { type: 'UnprocessedUpdate', nonRetryable: true },
};

/**
 * GS rejectUnprocessedUpdates (respondworkflowtaskcompleted): a completion (not a heartbeat, the run still
 * running) must answer every update its task delivered; the server rejects those it left unanswered, which
 * would otherwise be delivered again and again. `sent`: the task's deliveredUpdates.
 */
export function rejectUnprocessedUpdates(tx: ExecutionTx, sent: readonly string[]): void {
  for (const id of sent) {
    const update = tx.state.updates[id];
    if (update?.stage === 'admitted') rejectUpdate(tx, update, UNPROCESSED_UPDATE_FAILURE);
  }
}

/** Keeps the newest REJECTED_UPDATES_KEPT rejected updates (`latest` among them), in admission order. */
function dropOldRejections(s: ExecutionState, latest: UpdateInfo): void {
  const others = Object.values(s.updates).filter((u) => u.rejected && u !== latest);
  for (const u of others.slice(0, Math.max(0, others.length - (REJECTED_UPDATES_KEPT - 1))))
    delete s.updates[u.updateId];
}
