import { temporal } from '@temporalio/proto';
import {
  canonicalizeSpec,
  cleanSpec,
  compileSpec,
  InvalidScheduleSpecError,
  matchingTimes,
  msToTimestamp,
  nextMatchingTime,
  ScheduleSpecComputeLimitError,
} from './index';
import type { Range, ScheduleSpecInput } from './index';

const at = (isoText: string): number => Date.parse(isoText);
const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString();
const HOUR = 3600;
const r = (start: number, end = 0, step = 0): Range => ({ start, end, step });

/** Follows nextMatchingTime from `start` the way the scheduler does and returns the actual times. */
function sequence(spec: ScheduleSpecInput, startIso: string, count: number, jitterSeed = ''): string[] {
  const compiled = compileSpec(spec);
  const out: string[] = [];
  let cursor = at(startIso);
  for (let i = 0; i < count; i++) {
    const next = compiled.nextTime(cursor, { jitterSeed });
    if (!next) break;
    out.push(iso(next.actualMs)!);
    cursor = next.actualMs;
  }
  return out;
}

describe('canonicalizeSpec', () => {
  it('leaves an empty spec empty', () => {
    expect(canonicalizeSpec({})).toEqual({
      structuredCalendar: [],
      cronString: [],
      calendar: [],
      interval: [],
      excludeCalendar: [],
      excludeStructuredCalendar: [],
      timezoneName: '',
    });
  });

  it('turns a cron string into the structured calendar the TS SDK test expects', () => {
    const canonical = canonicalizeSpec({ cronString: ['0 12 * * MON-WED,FRI'] });
    expect(canonical.cronString).toEqual([]);
    expect(canonical.structuredCalendar).toEqual([
      {
        second: [r(0)],
        minute: [r(0)],
        hour: [r(12)],
        dayOfMonth: [r(1, 31)],
        month: [r(1, 12)],
        year: [],
        dayOfWeek: [r(1, 3), r(5)],
        comment: '',
      },
    ]);
    // DescribeSchedule shows the cleaned form; the SDK decodes either form into its CalendarSpecDescription.
    expect(cleanSpec(canonical).structuredCalendar[0]).toEqual({
      second: [r(0, 0, 1)],
      minute: [r(0, 0, 1)],
      hour: [r(12, 12, 1)],
      dayOfMonth: [r(1, 31, 1)],
      month: [r(1, 12, 1)],
      year: [],
      dayOfWeek: [r(1, 3, 1), r(5, 5, 1)],
      comment: '',
    });
  });

  it('cleans SDK-encoded ranges the way DescribeSchedule shows them', () => {
    const canonical = canonicalizeSpec({
      structuredCalendar: [
        {
          second: [{ start: 0, end: 0, step: 0 }],
          hour: [
            { start: 2, end: 7 },
            { start: 2, end: 7, step: 2 },
            { start: 4, end: 0, step: 2 },
          ],
          dayOfMonth: [{ start: 1, end: 31, step: 1 }],
        },
      ],
    });
    const cleaned = cleanSpec(canonical).structuredCalendar[0]!;
    expect(cleaned.second).toEqual([r(0, 0, 1)]);
    expect(cleaned.hour).toEqual([r(2, 7, 1), r(2, 7, 2), r(4, 4, 2)]);
    expect(cleaned.dayOfMonth).toEqual([r(1, 31, 1)]);
    expect(cleaned.minute).toEqual([]);
    // Cleaning is idempotent and does not touch the stored form.
    expect(cleanSpec(cleanSpec(canonical))).toEqual(cleanSpec(canonical));
    expect(canonical.structuredCalendar[0]!.hour[0]).toEqual(r(2, 7, 0));
  });

  it('keeps structured calendars first, then parsed calendars, then cron strings', () => {
    const canonical = canonicalizeSpec({
      structuredCalendar: [{ hour: [{ start: 2, end: 7, step: 1 }], comment: 'pagi' }],
      calendar: [{ hour: '5,7', minute: '23' }],
      cronString: ['55 11,13 * * *'],
    });
    expect(canonical.structuredCalendar.map((c) => c.hour)).toEqual([
      [r(2, 7, 1)],
      [r(5), r(7)],
      [r(11), r(13)],
    ]);
    expect(canonical.structuredCalendar[0]!.comment).toBe('pagi');
    expect(canonical.calendar).toEqual([]);
  });

  it('turns exclude calendars into structured exclusions', () => {
    const canonical = canonicalizeSpec({
      excludeCalendar: [{ dayOfWeek: 'sat,sun', hour: '*', minute: '*', second: '*' }],
    });
    expect(canonical.excludeCalendar).toEqual([]);
    expect(canonical.excludeStructuredCalendar[0]!.dayOfWeek).toEqual([r(6), r(0)]);
  });

  it('turns @every into an interval', () => {
    expect(canonicalizeSpec({ cronString: ['@every 43h'] }).interval).toEqual([
      { interval: { seconds: 43 * HOUR, nanos: 0 } },
    ]);
  });

  it('carries start, end, jitter and zone over unchanged', () => {
    const spec = {
      cronString: ['23 5,7 * * *'],
      jitter: { seconds: 300 },
      startTime: msToTimestamp(at('2022-03-23T00:00:00Z')),
      timezoneName: 'Europe/London',
    };
    const canonical = canonicalizeSpec(spec);
    expect(canonical.jitter).toEqual({ seconds: 300 });
    expect(canonical.startTime).toEqual(spec.startTime);
    expect(canonical.timezoneName).toBe('Europe/London');
  });

  it('takes the zone from CRON_TZ, and accepts a matching timezone_name', () => {
    expect(canonicalizeSpec({ cronString: ['CRON_TZ=Asia/Jakarta 0 7 * * 1-5'] }).timezoneName).toBe(
      'Asia/Jakarta',
    );
    expect(
      canonicalizeSpec({ cronString: ['CRON_TZ=Europe/London 23 5,7 * * *'], timezoneName: 'Europe/London' })
        .timezoneName,
    ).toBe('Europe/London');
  });

  it.each([
    [{ cronString: ['CRON_TZ=America/New_York 23 5,7 * * *'], timezoneName: 'Europe/London' }],
    [{ cronString: ['CRON_TZ=Europe/London 23 5,7 * * *', 'CRON_TZ=America/New_York 23 5,7 * * *'] }],
    [{ cronString: ['CRON_TZ=Europe/London 23 5,7 * * *', '23 5,7 * * *'] }],
    [{ cronString: ['23 5,7 * * *', 'CRON_TZ=Europe/London 23 5,7 * * *'] }],
    // @every counts as "no zone", so it cannot be mixed with a CRON_TZ cron string either.
    [{ cronString: ['CRON_TZ=Asia/Jakarta 0 7 * * 1-5', '@every 90m'] }],
  ])('refuses conflicting zones: %j', (spec) => {
    expect(() => canonicalizeSpec(spec)).toThrow(new InvalidScheduleSpecError('conflicting timezone names'));
  });

  it.each([
    [{ cronString: ['0 12 * *'] }, 'Invalid schedule spec: CronString does not have 5-7 fields'],
    [{ cronString: ['0 25 * * *'] }, 'Invalid schedule spec: Hour is not in range [0-23]'],
    [{ cronString: ['CRON_TZ=Mars/Base 0 7 * * *'] }, 'Invalid schedule spec: unknown time zone Mars/Base'],
    [
      { calendar: [{ dayOfWeek: 'fri-tue' }] },
      'Invalid schedule spec: DayOfWeek End is before Start or not in range [0-7]',
    ],
    [
      { structuredCalendar: [{ hour: [{ start: 24, end: 26 }] }] },
      'Invalid schedule spec: invalid calendar spec: Hour Start is not in range [0-23], Hour End is before Start or not in range [0-23]',
    ],
    [{ interval: [{ interval: { seconds: -43 * HOUR } }] }, 'Invalid schedule spec: interval is too small'],
    [{ interval: [{ interval: { nanos: 500_000_000 } }] }, 'Invalid schedule spec: interval is too small'],
    [
      { interval: [{ interval: { seconds: 3 * HOUR }, phase: { seconds: 4 * HOUR } }] },
      'Invalid schedule spec: phase cannot be greater than Interval',
    ],
    [
      { interval: [{ interval: { seconds: 3 * HOUR }, phase: { seconds: -1 } }] },
      'Invalid schedule spec: phase is negative',
    ],
    [
      { interval: [{ interval: { seconds: 5, nanos: -1 } }] },
      'Invalid schedule spec: interval is not a valid duration: proto: duration (seconds:5 nanos:-1) has seconds and nanos with different signs',
    ],
    [
      { timezoneName: 'Asia/Jakarta', timezoneData: new Uint8Array([84, 90, 105, 102]) },
      'Invalid schedule spec: timezone_data is not supported by this server; set timezone_name instead',
    ],
  ])('refuses %j', (spec, message) => {
    let thrown: unknown;
    try {
      canonicalizeSpec(spec);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidScheduleSpecError);
    expect((thrown as InvalidScheduleSpecError).message).toBe(message);
    expect((thrown as InvalidScheduleSpecError).grpcCode).toBe('INVALID_ARGUMENT');
  });

  it('is idempotent, as the server relies on when a request is retried', () => {
    const canonical = canonicalizeSpec({
      cronString: ['CRON_TZ=Asia/Jakarta 0 7 * * 1-5 # apel'],
      interval: [{ interval: { seconds: 90 * 60 }, phase: { seconds: 7 * 60 } }],
      calendar: [{ hour: '12', dayOfWeek: 'fri' }],
      excludeCalendar: [{ month: 'dec', dayOfMonth: '25', hour: '*', minute: '*', second: '*' }],
      jitter: { seconds: 60 },
    });
    expect(canonicalizeSpec(canonical)).toEqual(canonical);
  });

  it('reads a spec decoded by protobufjs from @temporalio/proto (Long seconds, default values)', () => {
    const { ScheduleSpec } = temporal.api.schedule.v1;
    const wire = ScheduleSpec.encode(
      ScheduleSpec.fromObject({
        cronString: ['CRON_TZ=Asia/Jakarta 0 7 * * 1-5'],
        interval: [{ interval: { seconds: 90 * 60 }, phase: { seconds: 7 * 60 } }],
        startTime: { seconds: at('2024-05-01T00:00:00Z') / 1000 },
        jitter: { seconds: 30 },
      }),
    ).finish();
    const decoded: temporal.api.schedule.v1.IScheduleSpec = ScheduleSpec.decode(wire);
    const compiled = compileSpec(decoded);
    expect(compiled.canonical.timezoneName).toBe('Asia/Jakarta');
    const times = compiled.matchingTimes(at('2024-04-01T00:00:00Z'), at('2024-05-01T03:00:00Z'));
    expect(times.map((t) => iso(t)!.slice(0, 16))).toEqual([
      '2024-05-01T00:00', // 07:00 WIB, Wednesday (calendar)
      '2024-05-01T00:07', // interval, phase 7 minutes
      '2024-05-01T01:37',
    ]);
    // The canonical form encodes back into a valid ScheduleSpec.
    const again = ScheduleSpec.decode(
      ScheduleSpec.encode(ScheduleSpec.fromObject(compiled.canonical)).finish(),
    );
    expect(again.structuredCalendar[0]!.dayOfWeek).toEqual([expect.objectContaining({ start: 1, end: 5 })]);
  });
});

describe('nextMatchingTime: intervals', () => {
  it('counts interval times from the epoch', () => {
    expect(
      sequence({ interval: [{ interval: { seconds: 90 * 60 } }] }, '2022-03-23T12:53:02.000Z', 4),
    ).toEqual([
      '2022-03-23T13:30:00.000Z',
      '2022-03-23T15:00:00.000Z',
      '2022-03-23T16:30:00.000Z',
      '2022-03-23T18:00:00.000Z',
    ]);
  });

  it('shifts interval times by the phase', () => {
    const spec = { interval: [{ interval: { seconds: 90 * 60 }, phase: { seconds: 5 * 60 + 44 } }] };
    expect(sequence(spec, '2022-03-23T12:53:02.000Z', 3)).toEqual([
      '2022-03-23T13:35:44.000Z',
      '2022-03-23T15:05:44.000Z',
      '2022-03-23T16:35:44.000Z',
    ]);
  });

  it('merges several intervals and calendars in time order', () => {
    const spec = {
      calendar: [{ hour: '11,13', minute: '55' }],
      interval: [{ interval: { seconds: 90 * 60 }, phase: { seconds: 7 * 60 } }],
    };
    expect(sequence(spec, '2022-03-23T10:00:00.000Z', 6)).toEqual([
      '2022-03-23T10:37:00.000Z',
      '2022-03-23T11:55:00.000Z',
      '2022-03-23T12:07:00.000Z',
      '2022-03-23T13:37:00.000Z',
      '2022-03-23T13:55:00.000Z',
      '2022-03-23T15:07:00.000Z',
    ]);
  });

  it('is strictly after the given time and reports nominal = actual without jitter', () => {
    const spec = { interval: [{ interval: { seconds: HOUR } }] };
    expect(nextMatchingTime(spec, at('2024-01-01T10:00:00Z'))).toEqual({
      nominalMs: at('2024-01-01T11:00:00Z'),
      actualMs: at('2024-01-01T11:00:00Z'),
    });
    expect(nextMatchingTime(spec, at('2024-01-01T09:59:59.999Z'))!.nominalMs).toBe(
      at('2024-01-01T10:00:00Z'),
    );
  });
});

describe('nextMatchingTime: calendars', () => {
  it('fires every day at 07:00 Asia/Jakarta, which is 00:00 UTC', () => {
    const spec = {
      structuredCalendar: [
        {
          second: [r(0)],
          minute: [r(0)],
          hour: [r(7)],
          dayOfMonth: [r(1, 31)],
          month: [r(1, 12)],
          dayOfWeek: [r(0, 6)],
        },
      ],
      timezoneName: 'Asia/Jakarta',
    };
    expect(sequence(spec, '2024-05-01T12:00:00Z', 3)).toEqual([
      '2024-05-02T00:00:00.000Z',
      '2024-05-03T00:00:00.000Z',
      '2024-05-04T00:00:00.000Z',
    ]);
  });

  it('fires on weekdays only with CRON_TZ=Asia/Jakarta 0 7 * * 1-5', () => {
    // Thursday 2 May 2024 after 07:00 WIB: Friday, then Monday and Tuesday.
    expect(sequence({ cronString: ['CRON_TZ=Asia/Jakarta 0 7 * * 1-5'] }, '2024-05-02T01:00:00Z', 3)).toEqual(
      ['2024-05-03T00:00:00.000Z', '2024-05-06T00:00:00.000Z', '2024-05-07T00:00:00.000Z'],
    );
  });

  it('applies day-of-month, month and year ranges with steps', () => {
    // Days 1, 8, 15 of January and July, in 2025, 2027 and 2029 only, at 09:30 WIB.
    const spec = {
      calendar: [{ hour: '9', minute: '30', dayOfMonth: '1-15/7', month: 'jan,jul', year: '2025-2029/2' }],
      timezoneName: 'Asia/Jakarta',
    };
    const times = matchingTimes(spec, at('2024-01-01T00:00:00Z'), at('2031-01-01T00:00:00Z')).map((t) =>
      iso(t)!.slice(0, 10),
    );
    expect(times).toEqual(
      ['2025', '2027', '2029'].flatMap((year) =>
        ['01', '07'].flatMap((month) => ['01', '08', '15'].map((day) => `${year}-${month}-${day}`)),
      ),
    );
    expect(iso(nextMatchingTime(spec, at('2024-06-01T00:00:00Z'))!.actualMs)).toBe(
      '2025-01-01T02:30:00.000Z',
    );
  });

  it('keeps comments in the canonical form without changing when it fires', () => {
    const withComment = { cronString: ['0 7 * * * # apel pagi'] };
    expect(canonicalizeSpec(withComment).structuredCalendar[0]!.comment).toBe('apel pagi');
    expect(sequence(withComment, '2024-05-01T00:00:00Z', 2)).toEqual(
      sequence({ cronString: ['0 7 * * *'] }, '2024-05-01T00:00:00Z', 2),
    );
  });

  it('understands @daily, @hourly and seven-field cron strings with seconds', () => {
    expect(sequence({ cronString: ['@daily'] }, '2024-05-01T10:00:00Z', 2)).toEqual([
      '2024-05-02T00:00:00.000Z',
      '2024-05-03T00:00:00.000Z',
    ]);
    expect(sequence({ cronString: ['@hourly'] }, '2024-05-01T10:00:00Z', 2)).toEqual([
      '2024-05-01T11:00:00.000Z',
      '2024-05-01T12:00:00.000Z',
    ]);
    expect(sequence({ cronString: ['*/20 0 0 * * * *'] }, '2024-05-01T10:00:00Z', 4)).toEqual([
      '2024-05-02T00:00:00.000Z',
      '2024-05-02T00:00:20.000Z',
      '2024-05-02T00:00:40.000Z',
      '2024-05-03T00:00:00.000Z',
    ]);
  });
});

describe('nextMatchingTime: DST in America/New_York', () => {
  it('skips a daily 02:30 on the spring-forward day', () => {
    expect(
      sequence({ cronString: ['CRON_TZ=America/New_York 30 2 * * *'] }, '2024-03-09T00:00:00Z', 3),
    ).toEqual([
      '2024-03-09T07:30:00.000Z', // 02:30 EST
      '2024-03-11T06:30:00.000Z', // 02:30 EDT; 10 March had no 02:30
      '2024-03-12T06:30:00.000Z',
    ]);
  });

  it('fires a daily 01:30 twice on the fall-back day', () => {
    expect(
      sequence({ cronString: ['CRON_TZ=America/New_York 30 1 * * *'] }, '2024-11-02T00:00:00Z', 4),
    ).toEqual([
      '2024-11-02T05:30:00.000Z', // 01:30 EDT
      '2024-11-03T05:30:00.000Z', // 01:30 EDT
      '2024-11-03T06:30:00.000Z', // 01:30 EST, the repeated hour
      '2024-11-04T06:30:00.000Z',
    ]);
  });

  it('keeps hourly times one real hour apart across both transitions', () => {
    const hourly = { cronString: ['CRON_TZ=America/New_York 0 * * * *'] };
    expect(sequence(hourly, '2024-03-10T05:30:00Z', 3)).toEqual([
      '2024-03-10T06:00:00.000Z', // 01:00 EST
      '2024-03-10T07:00:00.000Z', // 03:00 EDT
      '2024-03-10T08:00:00.000Z',
    ]);
    expect(sequence(hourly, '2024-11-03T03:30:00Z', 4)).toEqual([
      '2024-11-03T04:00:00.000Z', // 00:00 EDT
      '2024-11-03T05:00:00.000Z', // 01:00 EDT
      '2024-11-03T06:00:00.000Z', // 01:00 EST
      '2024-11-03T07:00:00.000Z', // 02:00 EST
    ]);
  });
});

describe('nextMatchingTime: DST east of UTC (Europe/Berlin)', () => {
  // Go's time.Date reads a repeated wall time east of UTC as its later occurrence, and the server's
  // repeated-hour logic was written for zones west of UTC; the combination fires a repeated wall time once.
  // Mirrored as is, so that schedules fire here exactly when they would on the real server.
  it('fires a daily 02:30 once on the fall-back day, at its second occurrence', () => {
    expect(sequence({ cronString: ['CRON_TZ=Europe/Berlin 30 2 * * *'] }, '2024-10-26T12:00:00Z', 2)).toEqual(
      [
        '2024-10-27T01:30:00.000Z', // 02:30 CET
        '2024-10-28T01:30:00.000Z',
      ],
    );
  });

  it('fires hourly at 02:00 CEST but not again at 02:00 CET', () => {
    expect(sequence({ cronString: ['CRON_TZ=Europe/Berlin 0 * * * *'] }, '2024-10-26T23:30:00Z', 2)).toEqual([
      '2024-10-27T00:00:00.000Z',
      '2024-10-27T02:00:00.000Z',
    ]);
  });
});

describe('nextMatchingTime: bounds and exclusions', () => {
  const every90Minutes = { interval: [{ interval: { seconds: 90 * 60 } }] };

  it('starts no earlier than start_time, and start_time itself can match', () => {
    const spec = { ...every90Minutes, startTime: msToTimestamp(at('2022-03-23T12:00:00Z')) };
    expect(sequence(spec, '2022-03-23T08:00:00Z', 2)).toEqual([
      '2022-03-23T12:00:00.000Z',
      '2022-03-23T13:30:00.000Z',
    ]);
  });

  it('does not move a later cursor back to start_time', () => {
    const spec = {
      interval: [{ interval: { seconds: HOUR } }],
      startTime: msToTimestamp(at('2022-03-23T12:00:00.456Z')),
    };
    expect(sequence(spec, '2022-03-23T12:00:00.123Z', 1)).toEqual(['2022-03-23T13:00:00.000Z']);
  });

  it('stops after end_time (inclusive)', () => {
    const spec = { ...every90Minutes, endTime: msToTimestamp(at('2022-03-23T13:30:00Z')) };
    expect(sequence(spec, '2022-03-23T11:00:00Z', 5)).toEqual([
      '2022-03-23T12:00:00.000Z',
      '2022-03-23T13:30:00.000Z',
    ]);
    expect(nextMatchingTime(spec, at('2022-03-23T13:30:00Z'))).toBeUndefined();
  });

  it('skips excluded times', () => {
    const spec = { ...every90Minutes, excludeCalendar: [{ hour: '12-14', minute: '*', second: '*' }] };
    expect(sequence(spec, '2022-03-23T08:00:00Z', 4)).toEqual([
      '2022-03-23T09:00:00.000Z',
      '2022-03-23T10:30:00.000Z',
      '2022-03-23T15:00:00.000Z',
      '2022-03-23T16:30:00.000Z',
    ]);
  });

  it("excludes weekends in the spec's zone", () => {
    const spec = {
      cronString: ['CRON_TZ=Asia/Jakarta 0 7 * * *'],
      excludeStructuredCalendar: [
        {
          second: [r(0, 59)],
          minute: [r(0, 59)],
          hour: [r(0, 23)],
          dayOfWeek: [r(0), r(6)],
          dayOfMonth: [r(1, 31)],
          month: [r(1, 12)],
        },
      ],
    };
    expect(sequence(spec, '2024-05-03T01:00:00Z', 2)).toEqual([
      '2024-05-06T00:00:00.000Z',
      '2024-05-07T00:00:00.000Z',
    ]);
  });

  it('returns nothing when everything is excluded (searching until 2100)', () => {
    const spec = {
      interval: [{ interval: { seconds: 7 * 24 * HOUR } }],
      excludeCalendar: [{ second: '*', minute: '*', hour: '*' }],
    };
    expect(nextMatchingTime(spec, at('2022-03-23T12:53:02Z'))).toBeUndefined();
  });

  it('gives up with a typed error when exclusions reject too many candidates', () => {
    const spec = {
      calendar: [{ second: '*', minute: '*', hour: '*' }],
      excludeCalendar: [{ second: '*', minute: '*', hour: '*' }],
    };
    expect(() => nextMatchingTime(spec, at('2022-03-23T12:00:00Z'), { maxIterations: 10_000 })).toThrow(
      ScheduleSpecComputeLimitError,
    );
    expect(() => nextMatchingTime(spec, at('2022-03-23T12:00:00Z'), { maxIterations: 10_000 })).toThrow(
      'the schedule calendar specification has too many exclusions. Please modify the specification.',
    );
  });

  it('returns nothing after year 2100', () => {
    expect(
      nextMatchingTime({ interval: [{ interval: { seconds: HOUR } }] }, at('2100-12-31T23:00:00Z')),
    ).toBeUndefined();
  });
});

describe('jitter', () => {
  const daily = { interval: [{ interval: { seconds: 24 * HOUR } }], jitter: { seconds: HOUR } };

  it('is derived from the nominal time and the seed exactly as the real server derives it', () => {
    // Expected values are the real server's for the same inputs.
    expect(sequence(daily, '2022-03-23T11:00:00Z', 1, '')).toEqual(['2022-03-24T00:35:24.276Z']);
    expect(sequence(daily, '2022-03-23T11:00:00Z', 1, 'seed-1')).toEqual(['2022-03-24T00:06:12.519Z']);
    expect(sequence(daily, '2022-03-23T11:00:00Z', 1, 'seed-2')).toEqual(['2022-03-24T00:39:16.922Z']);
    const once = {
      calendar: [{ hour: '13', minute: '55', dayOfMonth: '7', month: '4', year: '2022' }],
      jitter: { seconds: HOUR },
    };
    expect(sequence(once, '2022-03-23T11:00:00Z', 2)).toEqual(['2022-04-07T13:57:26.927Z']);
  });

  it('is capped by the gap to the following nominal time', () => {
    const spec = { interval: [{ interval: { seconds: 90 * 60 } }], jitter: { seconds: 24 * HOUR } };
    expect(sequence(spec, '2022-03-23T11:00:00Z', 3)).toEqual([
      '2022-03-23T12:14:36.524Z',
      '2022-03-23T14:22:54.562Z',
      '2022-03-23T15:08:03.724Z',
    ]);
  });

  it('applies to exclusion-filtered times and keeps nominal separate', () => {
    const spec = {
      interval: [{ interval: { seconds: 90 * 60 } }],
      excludeCalendar: [{ hour: '12-14', minute: '*', second: '*' }],
      jitter: { seconds: 1 },
    };
    expect(sequence(spec, '2022-03-23T08:00:00Z', 4)).toEqual([
      '2022-03-23T09:00:00.235Z',
      '2022-03-23T10:30:00.139Z',
      '2022-03-23T15:00:00.089Z',
      '2022-03-23T16:30:00.687Z',
    ]);
    expect(nextMatchingTime(spec, at('2022-03-23T08:00:00Z'))).toEqual({
      nominalMs: at('2022-03-23T09:00:00Z'),
      actualMs: at('2022-03-23T09:00:00.235Z'),
    });
  });

  it('is the same on every call', () => {
    const first = nextMatchingTime(daily, at('2024-01-01T00:00:00Z'), { jitterSeed: 'ns-jadwal' });
    const second = nextMatchingTime(daily, at('2024-01-01T00:00:00Z'), { jitterSeed: 'ns-jadwal' });
    expect(second).toEqual(first);
  });
});

describe('bad instants', () => {
  const hourly = { interval: [{ interval: { seconds: HOUR } }] };

  it('refuses NaN and infinite cursors with a RangeError instead of looping', () => {
    expect(() => nextMatchingTime(hourly, Number.NaN)).toThrow(RangeError);
    expect(() => nextMatchingTime(hourly, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => matchingTimes(hourly, Number.NaN, 0)).toThrow(RangeError);
    expect(() => matchingTimes(hourly, 0, Number.NaN)).toThrow(RangeError);
  });

  it('answers "never" for cursors after 2100, even past the JavaScript date range of a calendar', () => {
    expect(nextMatchingTime({ cronString: ['@daily'] }, Date.UTC(2500, 0, 1))).toBeUndefined();
    expect(nextMatchingTime({ cronString: ['@daily'] }, 8e15)).toBeUndefined();
  });
});

describe('matchingTimes', () => {
  const hourly = { interval: [{ interval: { seconds: HOUR } }] };

  it('lists times in (from, to], to inclusive', () => {
    expect(matchingTimes(hourly, at('2024-01-01T00:00:00Z'), at('2024-01-01T03:00:00Z')).map(iso)).toEqual([
      '2024-01-01T01:00:00.000Z',
      '2024-01-01T02:00:00.000Z',
      '2024-01-01T03:00:00.000Z',
    ]);
  });

  it('stops at the limit, 1000 by default like the server', () => {
    expect(matchingTimes(hourly, at('2024-01-01T00:00:00Z'), at('2030-01-01T00:00:00Z'), 5)).toHaveLength(5);
    expect(matchingTimes(hourly, at('2024-01-01T00:00:00Z'), at('2030-01-01T00:00:00Z'))).toHaveLength(1000);
  });

  it("serves describe's future action times with an open end", () => {
    const times = compileSpec({ cronString: ['CRON_TZ=Asia/Jakarta 0 7 * * 1-5'] }).matchingTimes(
      at('2024-05-03T01:00:00Z'),
      Infinity,
      3,
    );
    expect(times.map(iso)).toEqual([
      '2024-05-06T00:00:00.000Z',
      '2024-05-07T00:00:00.000Z',
      '2024-05-08T00:00:00.000Z',
    ]);
  });

  it('returns nothing for a spec with no calendars or intervals', () => {
    expect(matchingTimes({}, at('2024-01-01T00:00:00Z'), at('2025-01-01T00:00:00Z'))).toEqual([]);
  });
});
