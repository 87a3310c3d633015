/**
 * Building history events: each event kind ("ActivityTaskScheduled") maps to its enum value
 * (EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) and its attributes field (activityTaskScheduledEventAttributes).
 */
import { enums, type HistoryEvent, tsFromMs } from '../proto';

export type EventKind =
  | 'WorkflowExecutionStarted'
  | 'WorkflowExecutionCompleted'
  | 'WorkflowExecutionFailed'
  | 'WorkflowExecutionTimedOut'
  | 'WorkflowTaskScheduled'
  | 'WorkflowTaskStarted'
  | 'WorkflowTaskCompleted'
  | 'WorkflowTaskTimedOut'
  | 'WorkflowTaskFailed'
  | 'ActivityTaskScheduled'
  | 'ActivityTaskStarted'
  | 'ActivityTaskCompleted'
  | 'ActivityTaskFailed'
  | 'ActivityTaskTimedOut'
  | 'ActivityTaskCancelRequested'
  | 'ActivityTaskCanceled'
  | 'TimerStarted'
  | 'TimerFired'
  | 'TimerCanceled'
  | 'WorkflowExecutionCancelRequested'
  | 'WorkflowExecutionCanceled'
  | 'RequestCancelExternalWorkflowExecutionInitiated'
  | 'RequestCancelExternalWorkflowExecutionFailed'
  | 'ExternalWorkflowExecutionCancelRequested'
  | 'MarkerRecorded'
  | 'WorkflowExecutionSignaled'
  | 'WorkflowExecutionTerminated'
  | 'WorkflowExecutionContinuedAsNew'
  | 'StartChildWorkflowExecutionInitiated'
  | 'StartChildWorkflowExecutionFailed'
  | 'ChildWorkflowExecutionStarted'
  | 'ChildWorkflowExecutionCompleted'
  | 'ChildWorkflowExecutionFailed'
  | 'ChildWorkflowExecutionCanceled'
  | 'ChildWorkflowExecutionTimedOut'
  | 'ChildWorkflowExecutionTerminated'
  | 'SignalExternalWorkflowExecutionInitiated'
  | 'SignalExternalWorkflowExecutionFailed'
  | 'ExternalWorkflowExecutionSignaled'
  | 'UpsertWorkflowSearchAttributes'
  | 'WorkflowExecutionUpdateAdmitted'
  | 'WorkflowExecutionUpdateAccepted'
  | 'WorkflowExecutionUpdateCompleted'
  | 'WorkflowPropertiesModified';

const EventType = enums.EventType as unknown as Record<string, number>;

/** Names worked out once per kind or type: every event built or read asks (a regular expression each). */
const typeByKind = new Map<string, number>();
const kindByType = new Map<number, EventKind>();

export function eventTypeOf(kind: EventKind): number {
  const known = typeByKind.get(kind);
  if (known !== undefined) return known;
  const name = 'EVENT_TYPE_' + kind.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
  const value = EventType[name];
  if (value === undefined) throw new Error(`Unknown event kind ${kind}`);
  typeByKind.set(kind, value);
  return value;
}

export function attributesFieldOf(kind: EventKind): string {
  return kind[0].toLowerCase() + kind.slice(1) + 'EventAttributes';
}

export function buildEvent(
  kind: EventKind,
  eventId: number,
  timeMs: number,
  attributes: object,
): HistoryEvent {
  return {
    eventId,
    eventTime: tsFromMs(timeMs),
    eventType: eventTypeOf(kind),
    taskId: eventId,
    [attributesFieldOf(kind)]: attributes,
  } as unknown as HistoryEvent;
}

/** The kind of a decoded event, from its enum value. */
export function kindOf(event: HistoryEvent): EventKind {
  const type = event.eventType as number;
  const known = kindByType.get(type);
  if (known !== undefined) return known;
  const name = (enums.EventType as unknown as Record<number, string>)[type];
  const kind = name
    .replace('EVENT_TYPE_', '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase()) as EventKind;
  kindByType.set(type, kind);
  return kind;
}

export function attributesOf<T = Record<string, unknown>>(event: HistoryEvent): T {
  return (event as Record<string, unknown>)[attributesFieldOf(kindOf(event))] as T;
}

const CLOSE_KINDS = new Set<EventKind>([
  'WorkflowExecutionCompleted',
  'WorkflowExecutionFailed',
  'WorkflowExecutionTimedOut',
  'WorkflowExecutionCanceled',
  'WorkflowExecutionTerminated',
  'WorkflowExecutionContinuedAsNew',
]);

export function isCloseEvent(event: HistoryEvent): boolean {
  return CLOSE_KINDS.has(kindOf(event));
}
