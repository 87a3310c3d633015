import { enums } from '../proto';
import {
  catchupWindowMs,
  decodeConflictToken,
  encodeConflictToken,
  rfc3339Seconds,
  withDefaults,
} from './model';

describe('schedule model helpers', () => {
  it('formats workflow id times as Go RFC 3339 in UTC, truncated to the second', () => {
    expect(rfc3339Seconds(Date.UTC(2030, 0, 7, 0, 1, 0, 999))).toBe('2030-01-07T00:01:00Z');
  });

  it('bounds the catch-up window: one year when unset, ten seconds at least', () => {
    expect(catchupWindowMs({})).toBe(365 * 24 * 3600_000);
    expect(catchupWindowMs({ policies: { catchupWindow: { seconds: 1 } as never } })).toBe(10_000);
    expect(catchupWindowMs({ policies: { catchupWindow: { seconds: 90 } as never } })).toBe(90_000);
  });

  it('fills the policy defaults describe shows', () => {
    const s = withDefaults({});
    expect(s.policies?.overlapPolicy).toBe(enums.ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    expect(s.policies?.catchupWindow).toEqual({ seconds: 365 * 24 * 3600, nanos: 0 });
  });

  it('encodes conflict tokens as 8 big-endian bytes', () => {
    expect([...encodeConflictToken(258)]).toEqual([0, 0, 0, 0, 0, 0, 1, 2]);
    expect(decodeConflictToken(encodeConflictToken(42))).toBe(42);
    expect(decodeConflictToken(undefined)).toBe(0);
  });
});
