import { encodeEvent, type HistoryEvent, root } from '../proto';
import { buildEvent } from './events';
import { withEncodedHistory } from './encoded-history';

const PollResponse = root.lookupType('temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse');
const CompletedResponse = root.lookupType(
  'temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedResponse',
);

const events: HistoryEvent[] = [
  buildEvent('WorkflowTaskScheduled', 5, 1_700_000_000_000, {
    taskQueue: { name: 'q' },
    startToCloseTimeout: { seconds: 10 },
    attempt: 1,
  }),
  // Past 127 bytes: its length takes two varint bytes.
  buildEvent('WorkflowTaskStarted', 6, 1_700_000_000_001, { scheduledEventId: 5, identity: 'w'.repeat(300) }),
];
const task = {
  taskToken: Buffer.from('token'),
  workflowExecution: { workflowId: 'wf', runId: 'run' },
  startedEventId: 6,
  attempt: 1,
  messages: [{ id: 'u/request', protocolInstanceId: 'u' }],
};
const plain = { ...task, history: { events } };
const encoded = () =>
  withEncodedHistory(
    task,
    events.map((e) => encodeEvent(e)),
  );
const decoded = (bytes: Uint8Array) => PollResponse.toObject(PollResponse.decode(bytes), { longs: Number });

describe('withEncodedHistory', () => {
  it('encodes to the message the decoded history gives, whatever the order of its fields', () => {
    const fast = PollResponse.encode(encoded()).finish();
    const slow = PollResponse.encode(plain).finish();
    expect(decoded(fast)).toEqual(decoded(slow));
    expect(fast.length).toBe(slow.length);
    expect(decoded(fast).history.events).toHaveLength(2);
    expect(decoded(fast).history.events[1].workflowTaskStartedEventAttributes.identity).toBe('w'.repeat(300));
  });

  it('is encoded the same inside another message (a task returned with a completion)', () => {
    const fast = CompletedResponse.encode({ workflowTask: encoded() }).finish();
    const slow = CompletedResponse.encode({ workflowTask: plain }).finish();
    const read = (bytes: Uint8Array) =>
      CompletedResponse.toObject(CompletedResponse.decode(bytes), { longs: Number });
    expect(read(fast)).toEqual(read(slow));
  });

  it('has no history of its own for the encoder to write twice, and keeps the other fields', () => {
    const response = encoded() as typeof task & { history?: unknown };
    expect(response.history).toBeUndefined();
    expect(response.messages).toEqual(task.messages);
    expect(
      decoded(PollResponse.encode(response).finish()).history.events.map(
        (e: { eventId: number }) => e.eventId,
      ),
    ).toEqual([5, 6]);
  });
});
