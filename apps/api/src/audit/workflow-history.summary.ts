/**
 * Temporal history events in a form an auditor can read: the event id, type and time and the few
 * attributes that say what happened. Update payloads are decoded only for the command type and actor —
 * never the command data, which may hold the reporter's identity.
 */
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type History = temporal.api.history.v1.IHistory;

export interface WorkflowEventSummary {
  eventId: number;
  /** e.g. `WorkflowExecutionUpdateAccepted`. */
  type: string;
  time: string | null;
  /** The attributes that say what happened (update id and command type, activity type, timer...). */
  attributes: Record<string, string | number | boolean | null>;
}

export function rawHistory(history: History): unknown {
  const message = temporal.api.history.v1.History.fromObject(history);
  return temporal.api.history.v1.History.toObject(message, {
    longs: String,
    enums: String,
    bytes: String,
    defaults: false,
  });
}

/** `EVENT_TYPE_WORKFLOW_EXECUTION_STARTED` → `WorkflowExecutionStarted`. */
export function eventTypeName(type: number | null | undefined): string {
  const name = temporal.api.enums.v1.EventType[type ?? 0] ?? `EVENT_TYPE_${type}`;
  return name
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_m, _sep: string, c: string) => c.toUpperCase());
}

type LongLike = number | { toString(): string } | null | undefined;

function toNumber(value: LongLike): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : Number(value.toString());
}

function timestamp(ts: { seconds?: LongLike; nanos?: number | null } | null | undefined): string | null {
  if (!ts) return null;
  return new Date(toNumber(ts.seconds) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6)).toISOString();
}

function seconds(d: { seconds?: LongLike; nanos?: number | null } | null | undefined): number | null {
  return d ? toNumber(d.seconds) + (d.nanos ?? 0) / 1e9 : null;
}

/** The command type and actor of a caseCommand update (never its data: it may hold the reporter). */
function commandOf(payloads: temporal.api.common.v1.IPayload[] | null | undefined) {
  try {
    const request = payloads?.[0]
      ? defaultPayloadConverter.fromPayload<Record<string, unknown>>(payloads[0])
      : null;
    const command = request?.command as { type?: unknown } | undefined;
    const actor = request?.actor as { id?: unknown; role?: unknown } | undefined;
    return {
      command: typeof command?.type === 'string' ? command.type : null,
      actorId: typeof actor?.id === 'string' ? actor.id : null,
      actorRole: typeof actor?.role === 'string' ? actor.role : null,
    };
  } catch {
    return { command: null, actorId: null, actorRole: null };
  }
}

export function summarise(event: HistoryEvent): WorkflowEventSummary {
  const attributes: WorkflowEventSummary['attributes'] = {};
  const e = event;
  if (e.workflowExecutionStartedEventAttributes) {
    const a = e.workflowExecutionStartedEventAttributes;
    Object.assign(attributes, {
      workflowType: a.workflowType?.name ?? null,
      taskQueue: a.taskQueue?.name ?? null,
      attempt: a.attempt ?? null,
      continuedExecutionRunId: a.continuedExecutionRunId || null,
    });
  } else if (e.workflowExecutionUpdateAcceptedEventAttributes) {
    const a = e.workflowExecutionUpdateAcceptedEventAttributes;
    Object.assign(attributes, {
      updateId: a.acceptedRequest?.meta?.updateId ?? null,
      updateName: a.acceptedRequest?.input?.name ?? null,
      ...commandOf(a.acceptedRequest?.input?.args?.payloads),
    });
  } else if (e.workflowExecutionUpdateCompletedEventAttributes) {
    const a = e.workflowExecutionUpdateCompletedEventAttributes;
    Object.assign(attributes, {
      updateId: a.meta?.updateId ?? null,
      outcome: a.outcome?.failure ? 'failure' : 'success',
      failure: a.outcome?.failure?.message ?? null,
    });
  } else if (e.activityTaskScheduledEventAttributes) {
    const a = e.activityTaskScheduledEventAttributes;
    Object.assign(attributes, {
      activityType: a.activityType?.name ?? null,
      activityId: a.activityId ?? null,
    });
  } else if (e.activityTaskStartedEventAttributes) {
    const a = e.activityTaskStartedEventAttributes;
    Object.assign(attributes, { scheduledEventId: toNumber(a.scheduledEventId), attempt: a.attempt ?? null });
  } else if (e.activityTaskCompletedEventAttributes) {
    attributes.scheduledEventId = toNumber(e.activityTaskCompletedEventAttributes.scheduledEventId);
  } else if (e.activityTaskFailedEventAttributes) {
    const a = e.activityTaskFailedEventAttributes;
    Object.assign(attributes, {
      scheduledEventId: toNumber(a.scheduledEventId),
      failure: a.failure?.message ?? null,
      retryState: a.retryState ? (temporal.api.enums.v1.RetryState[a.retryState] ?? null) : null,
    });
  } else if (e.activityTaskTimedOutEventAttributes) {
    attributes.scheduledEventId = toNumber(e.activityTaskTimedOutEventAttributes.scheduledEventId);
  } else if (e.timerStartedEventAttributes) {
    const a = e.timerStartedEventAttributes;
    Object.assign(attributes, {
      timerId: a.timerId ?? null,
      startToFireSeconds: seconds(a.startToFireTimeout),
    });
  } else if (e.timerFiredEventAttributes) {
    attributes.timerId = e.timerFiredEventAttributes.timerId ?? null;
  } else if (e.timerCanceledEventAttributes) {
    attributes.timerId = e.timerCanceledEventAttributes.timerId ?? null;
  } else if (e.workflowTaskFailedEventAttributes) {
    const a = e.workflowTaskFailedEventAttributes;
    Object.assign(attributes, {
      cause: a.cause ? (temporal.api.enums.v1.WorkflowTaskFailedCause[a.cause] ?? null) : null,
      failure: a.failure?.message ?? null,
    });
  } else if (e.workflowExecutionSignaledEventAttributes) {
    attributes.signalName = e.workflowExecutionSignaledEventAttributes.signalName ?? null;
  } else if (e.workflowExecutionContinuedAsNewEventAttributes) {
    attributes.newExecutionRunId = e.workflowExecutionContinuedAsNewEventAttributes.newExecutionRunId ?? null;
  } else if (e.workflowExecutionTerminatedEventAttributes) {
    attributes.reason = e.workflowExecutionTerminatedEventAttributes.reason ?? null;
  } else if (e.workflowExecutionFailedEventAttributes) {
    attributes.failure = e.workflowExecutionFailedEventAttributes.failure?.message ?? null;
  } else if (e.markerRecordedEventAttributes) {
    attributes.markerName = e.markerRecordedEventAttributes.markerName ?? null;
  }
  return {
    eventId: toNumber(event.eventId),
    type: eventTypeName(event.eventType),
    time: timestamp(event.eventTime),
    attributes,
  };
}
