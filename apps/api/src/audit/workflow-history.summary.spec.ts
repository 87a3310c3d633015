import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import Long from 'long';
import { eventTypeName, summarise } from './workflow-history.summary';

const EventType = temporal.api.enums.v1.EventType;

describe('workflow history summaries', () => {
  it('names event types as Temporal’s UI does', () => {
    expect(eventTypeName(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)).toBe('WorkflowExecutionStarted');
    expect(eventTypeName(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)).toBe(
      'WorkflowExecutionUpdateAccepted',
    );
  });

  it('shows an update’s command type and actor, never the command data', () => {
    const payload = defaultPayloadConverter.toPayload({
      command: { type: 'RegisterReport', data: { reporter: { name: 'Siti Rahma' } } },
      actor: { id: 'officer-ani', role: 'officer', agency: 'kota-bekasi' },
    });
    const summary = summarise({
      eventId: Long.fromNumber(5),
      eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
      eventTime: { seconds: Long.fromNumber(1736128800), nanos: 5_000_000 },
      workflowExecutionUpdateAcceptedEventAttributes: {
        acceptedRequest: {
          meta: { updateId: 'k-1' },
          input: { name: 'caseCommand', args: { payloads: [payload] } },
        },
      },
    });
    expect(summary).toEqual({
      eventId: 5,
      type: 'WorkflowExecutionUpdateAccepted',
      time: '2025-01-06T02:00:00.005Z',
      attributes: {
        updateId: 'k-1',
        updateName: 'caseCommand',
        command: 'RegisterReport',
        actorId: 'officer-ani',
        actorRole: 'officer',
      },
    });
    expect(JSON.stringify(summary)).not.toContain('Siti');
  });

  it('summarises timers and activity failures', () => {
    expect(
      summarise({
        eventId: Long.fromNumber(9),
        eventType: EventType.EVENT_TYPE_TIMER_STARTED,
        timerStartedEventAttributes: {
          timerId: '3',
          startToFireTimeout: { seconds: Long.fromNumber(90), nanos: 500_000_000 },
        },
      }).attributes,
    ).toEqual({ timerId: '3', startToFireSeconds: 90.5 });
    expect(
      summarise({
        eventId: Long.fromNumber(10),
        eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED,
        activityTaskFailedEventAttributes: {
          scheduledEventId: Long.fromNumber(8),
          failure: { message: 'boom' },
          retryState: temporal.api.enums.v1.RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED,
        },
      }).attributes,
    ).toEqual({ scheduledEventId: 8, failure: 'boom', retryState: 'RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED' });
  });
});
