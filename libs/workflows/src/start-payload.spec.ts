import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { DEFAULT_DEADLINE_POLICY } from '@netral/domain';
import type { CaseConfig } from './activities';
import { caseConfigSource } from './config';
import { startInputPayload } from './start-payload';

const inForce = caseConfigSource();
const bytesOf = (p: Payload) => Buffer.from(p.data ?? new Uint8Array()).toString('utf8');
/** What the SDK's JSON payload converter writes for the same input. */
const expected = (config: CaseConfig) => defaultPayloadConverter.toPayload({ config });

describe('startInputPayload', () => {
  it('is the bytes and metadata the JSON payload converter writes for { config }', () => {
    const variants: CaseConfig[] = [
      inForce(),
      { ...inForce(), violationReading: 'SKB_2022_STRICT' },
      // An overridden policy is a new, unfrozen object (withHorizonOverride).
      {
        ...inForce(),
        policy: { ...DEFAULT_DEADLINE_POLICY, parameters: { ...DEFAULT_DEADLINE_POLICY.parameters } },
      },
      { ...inForce(), agencies: undefined },
    ];
    for (const config of variants) {
      const payload = startInputPayload(config).payload;
      expect(bytesOf(payload)).toBe(bytesOf(expected(config)));
      expect(payload.metadata).toEqual(expected(config).metadata);
      expect(defaultPayloadConverter.fromPayload(payload)).toEqual(JSON.parse(JSON.stringify({ config })));
    }
  });

  it('encodes a configuration of frozen parts once, and another reading apart', () => {
    const first = startInputPayload(inForce());
    expect(startInputPayload(inForce())).toBe(first);
    const withReading = {
      ...inForce(),
      violationReading: 'SKB_2022_STRICT',
    };
    const other = startInputPayload(withReading);
    expect(other).not.toBe(first);
    expect(bytesOf(other.payload)).toContain('SKB_2022_STRICT');
    expect(startInputPayload({ ...withReading })).toBe(other);
  });

  it('never reuses the text of a part that can still change', () => {
    const policy = { ...DEFAULT_DEADLINE_POLICY, parameters: { ...DEFAULT_DEADLINE_POLICY.parameters } };
    const config = { ...inForce(), policy };
    const before = bytesOf(startInputPayload(config).payload);
    policy.parameters.backdatingHorizonDays = 12345;
    const after = bytesOf(startInputPayload(config).payload);
    expect(after).not.toBe(before);
    expect(after).toBe(bytesOf(expected(config)));
  });
});
