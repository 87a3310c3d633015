import {
  durationProblem,
  durationToMs,
  durationToNanos,
  longToNumber,
  msToDuration,
  msToTimestamp,
  parseDurationWithDays,
  parseGoDuration,
  timestampToMs,
} from './proto-time';

describe('int64 and Duration/Timestamp conversions', () => {
  it('reads int64 fields in every shape protobufjs produces', () => {
    expect(longToNumber(42)).toBe(42);
    expect(longToNumber('1700000000')).toBe(1_700_000_000);
    expect(longToNumber(5n)).toBe(5);
    expect(longToNumber({ low: 1, high: 1, unsigned: false })).toBe(2 ** 32 + 1);
    expect(longToNumber({ low: -1, high: -1, unsigned: false })).toBe(-1);
    expect(longToNumber(null)).toBe(0);
    expect(longToNumber(undefined)).toBe(0);
  });

  it('converts durations to nanoseconds and milliseconds, truncating like Go', () => {
    expect(durationToNanos({ seconds: 90, nanos: 5 })).toBe(90_000_000_005n);
    expect(durationToMs({ seconds: 1, nanos: 999_999 })).toBe(1000);
    expect(durationToMs({ seconds: -1, nanos: -999_999 })).toBe(-1000);
    expect(durationToMs(null)).toBe(0);
    // Go saturates instead of overflowing.
    expect(durationToNanos({ seconds: '9223372036854775807' })).toBe((1n << 63n) - 1n);
  });

  it('round-trips milliseconds through Duration and Timestamp', () => {
    expect(msToDuration(1500)).toEqual({ seconds: 1, nanos: 500_000_000 });
    expect(durationToMs(msToDuration(123_456))).toBe(123_456);
    expect(msToTimestamp(Date.UTC(2024, 0, 1, 0, 0, 0, 250))).toEqual({
      seconds: 1_704_067_200,
      nanos: 250_000_000,
    });
    expect(timestampToMs({ seconds: 1_704_067_200, nanos: 250_999_999 })).toBe(
      Date.UTC(2024, 0, 1, 0, 0, 0, 250),
    );
    expect(timestampToMs(msToTimestamp(-1500))).toBe(-1500);
  });

  it('explains malformed durations as protobuf does', () => {
    expect(durationProblem({ seconds: 5, nanos: 1 })).toBeUndefined();
    expect(durationProblem({ seconds: 5, nanos: -1 })).toMatch(/seconds and nanos with different signs/);
    expect(durationProblem({ seconds: 0, nanos: 1e9 })).toMatch(/out-of-range nanos/);
    expect(durationProblem({ seconds: '315576000001' })).toMatch(/exceeds \+10000 years/);
  });
});

describe("Go's ParseDuration", () => {
  it.each([
    ['0', 0n],
    ['5s', 5_000_000_000n],
    ['1h30m', 5_400_000_000_000n],
    ['1.5h', 5_400_000_000_000n],
    ['-2m', -120_000_000_000n],
    ['300ms', 300_000_000n],
    ['2us', 2_000n],
    ['2µs', 2_000n],
    ['.5s', 500_000_000n],
  ])('parses %s', (text, nanos) => {
    expect(parseGoDuration(text)).toBe(nanos);
  });

  it.each([
    ['', 'time: invalid duration ""'],
    ['5', 'time: missing unit in duration "5"'],
    ['5x', 'time: unknown unit "x" in duration "5x"'],
    ['h', 'time: invalid duration "h"'],
    ['.s', 'time: invalid duration ".s"'],
  ])("rejects %j with Go's message", (text, message) => {
    expect(() => parseGoDuration(text)).toThrow(message);
  });

  it('accepts days as exactly 24 hours, like the server', () => {
    expect(parseDurationWithDays('5d')).toBe(5n * 86_400_000_000_000n);
    expect(parseDurationWithDays('1d12h')).toBe(36n * 3_600_000_000_000n);
    expect(parseDurationWithDays('0.5d')).toBe(12n * 3_600_000_000_000n);
  });
});
