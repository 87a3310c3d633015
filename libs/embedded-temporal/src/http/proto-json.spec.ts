import Long from 'long';
import { root } from '../proto';
import {
  formatDuration,
  formatTimestamp,
  JsonMappingError,
  messageFromJson,
  messageToJson,
} from './proto-json';

const type = (name: string) => root.lookupType(name);
const START = 'temporal.api.workflowservice.v1.StartWorkflowExecutionRequest';

describe('proto3 JSON with the payload shorthand', () => {
  it('formats timestamps and durations as protojson does (0, 3, 6 or 9 fraction digits)', () => {
    expect(formatTimestamp(0, 0)).toBe('1970-01-01T00:00:00Z');
    expect(formatTimestamp(1_700_000_000, 5_000_000)).toBe('2023-11-14T22:13:20.005Z');
    expect(formatTimestamp(1_700_000_000, 1_000)).toBe('2023-11-14T22:13:20.000001Z');
    expect(formatDuration(60, 0)).toBe('60s');
    expect(formatDuration(1, 500_000_000)).toBe('1.500s');
  });

  it('round-trips a request: int64 as strings, enums by name, durations, payload shorthand', () => {
    const json = {
      workflowId: 'w',
      workflowType: { name: 'counter' },
      input: [{ a: 1 }, 'two', null],
      workflowRunTimeout: '1.5s',
      workflowIdReusePolicy: 'WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE',
      memo: { fields: { k: 'v' } },
    };
    const message = messageFromJson(type(START), json) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(message.workflowRunTimeout.seconds.toNumber()).toBe(1);
    expect(message.workflowRunTimeout.nanos).toBe(500_000_000);
    expect(Buffer.from(message.input.payloads[0].metadata.encoding).toString()).toBe('json/plain');
    expect(Buffer.from(message.input.payloads[2].metadata.encoding).toString()).toBe('binary/null');
    expect(messageToJson(type(START), message)).toEqual({
      ...json,
      workflowRunTimeout: '1.500s', // protojson writes 0, 3, 6 or 9 digits
      input: [{ a: 1 }, 'two', { metadata: { encoding: Buffer.from('binary/null').toString('base64') } }],
    });
  });

  it('accepts snake_case names, numbers for enums and int64, and Temporal’s PascalCase enum shorthand', () => {
    const list = type('temporal.api.workflowservice.v1.CountWorkflowExecutionsResponse');
    expect(messageToJson(list, { count: Long.fromNumber(42) })).toEqual({ count: '42' });
    const history = type('temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest');
    const m = messageFromJson(history, {
      maximum_page_size: '7',
      historyEventFilterType: 'CloseEvent',
    }) as Record<string, unknown>;
    expect(m.maximumPageSize).toBe(7);
    expect(m.historyEventFilterType).toBe(2);
  });

  it('keeps the long form of payloads that have no shorthand, and turns the shorthand off on request', () => {
    const payload = { metadata: { encoding: Buffer.from('binary/encrypted') }, data: Buffer.from([1, 2, 3]) };
    const json = messageToJson(type('temporal.api.common.v1.Payloads'), { payloads: [payload] });
    expect(json).toEqual({
      payloads: [{ metadata: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==' }, data: 'AQID' }],
    });
    const plain = { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('5') };
    expect(messageToJson(type('temporal.api.common.v1.Payloads'), { payloads: [plain] })).toEqual([5]);
    expect(
      messageToJson(
        type('temporal.api.common.v1.Payloads'),
        { payloads: [plain] },
        { payloadShorthand: false },
      ),
    ).toEqual({ payloads: [{ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'NQ==' }] });
  });

  it('refuses unknown fields and values of the wrong type, naming the field', () => {
    expect(() => messageFromJson(type(START), { workflowTypo: 1 })).toThrow(/unknown field "workflowTypo"/);
    expect(() => messageFromJson(type(START), { workflowRunTimeout: '5 minutes' })).toThrow(JsonMappingError);
    expect(() => messageFromJson(type(START), { workflowIdReusePolicy: 'SOMETIMES' })).toThrow(
      /workflowIdReusePolicy/,
    );
    expect(() =>
      messageFromJson(type('temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest'), {
        maximumPageSize: 'many',
      }),
    ).toThrow(/maximumPageSize/);
  });
});
