import fc from 'fast-check';
import { CompiledCalendar } from './calendar';
import { parseCalendar } from './calendar-parse';
import { GoLocation } from './go-time';
import { compileSpec, jitterMs, nextMatchingTime } from './spec';

const FROM = Date.parse('2020-01-01T00:00:00Z') / 1000;
const TO = Date.parse('2031-01-01T00:00:00Z') / 1000;
const anInstant = fc.integer({ min: FROM, max: TO });
const aSubset = (min: number, max: number) =>
  fc.uniqueArray(fc.integer({ min, max }), { minLength: 1, maxLength: 4 }).map((values) => values.join(','));

/** Calendars with seconds fixed at 0, so that checking every minute sees every matching instant. */
const aMinuteCalendar = fc.record({
  minute: aSubset(0, 59),
  hour: aSubset(0, 23),
  dayOfWeek: fc.oneof(fc.constant('*'), aSubset(0, 6)),
});

/** The first whole minute in (after, before) that the calendar matches, if any. */
function firstMatchingMinute(calendar: CompiledCalendar, after: number, before: number): number | undefined {
  for (let minute = Math.floor(after / 60) * 60 + 60; minute < before; minute += 60) {
    if (calendar.matches(minute)) return minute;
  }
  return undefined;
}

describe('calendar properties', () => {
  it('returns a matching time and skips none in between (zones without DST)', () => {
    fc.assert(
      fc.property(
        aMinuteCalendar,
        fc.constantFrom('UTC', 'Asia/Jakarta', 'Asia/Tokyo'),
        anInstant,
        (calendarText, zone, after) => {
          const calendar = new CompiledCalendar(parseCalendar(calendarText), GoLocation.load(zone));
          const next = calendar.next(after)!;
          expect(next).toBeGreaterThan(after);
          expect(calendar.matches(next)).toBe(true);
          expect(firstMatchingMinute(calendar, after, next)).toBeUndefined();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('returns a matching time and skips none in between (America/New_York, across DST changes)', () => {
    const aroundTransitions = fc.constantFrom(
      '2024-03-10T04:00:00Z',
      '2024-11-03T02:00:00Z',
      '2025-03-09T04:00:00Z',
      '2025-11-02T02:00:00Z',
    );
    fc.assert(
      fc.property(
        aMinuteCalendar,
        aroundTransitions,
        fc.integer({ min: 0, max: 5 * 3600 }),
        (calendarText, base, offset) => {
          const calendar = new CompiledCalendar(
            parseCalendar(calendarText),
            GoLocation.load('America/New_York'),
          );
          const after = Date.parse(base) / 1000 + offset;
          const next = calendar.next(after)!;
          expect(next).toBeGreaterThan(after);
          expect(calendar.matches(next)).toBe(true);
          expect(firstMatchingMinute(calendar, after, next)).toBeUndefined();
        },
      ),
      { numRuns: 60 },
    );
  });

  it("gives the same next time from any instant before it (the server's fuzz property), in DST zones too", () => {
    const zones = fc.constantFrom(
      'America/New_York',
      'Europe/Berlin',
      'Australia/Lord_Howe',
      'America/Santiago',
      'Asia/Beirut',
    );
    fc.assert(
      fc.property(
        aMinuteCalendar,
        zones,
        anInstant,
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
          minLength: 5,
          maxLength: 5,
        }),
        (calendarText, zone, after, fractions) => {
          const calendar = new CompiledCalendar(parseCalendar(calendarText), GoLocation.load(zone));
          const next = calendar.next(after)!;
          expect(next).toBeGreaterThan(after);
          expect(calendar.matches(next)).toBe(true);
          for (const fraction of fractions) {
            const between = after + Math.floor(fraction * (next - after));
            expect(calendar.next(between)).toBe(next);
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('interval properties', () => {
  it('lands on phase + k × interval, strictly after the cursor and at most one interval later', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 * 86400 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        anInstant,
        (every, phaseFraction, after) => {
          const phase = Math.floor(phaseFraction * every);
          const spec = { interval: [{ interval: { seconds: every }, phase: { seconds: phase } }] };
          const next = nextMatchingTime(spec, after * 1000)!;
          const nextSeconds = next.nominalMs / 1000;
          expect((nextSeconds - phase) % every).toBe(0);
          expect(nextSeconds).toBeGreaterThan(after);
          expect(nextSeconds - after).toBeLessThanOrEqual(every);
          expect(nextMatchingTime(spec, next.nominalMs)!.nominalMs - next.nominalMs).toBe(every * 1000);
        },
      ),
    );
  });
});

describe('jitter properties', () => {
  it('stays within [0, min(jitter, gap to the following nominal time)) and is deterministic', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 60, max: 86400 }),
        fc.integer({ min: 0, max: 2 * 86400 }),
        fc.string(),
        anInstant,
        (every, jitter, seed, after) => {
          const compiled = compileSpec({
            interval: [{ interval: { seconds: every } }],
            jitter: { seconds: jitter },
          });
          const next = compiled.nextTime(after * 1000, { jitterSeed: seed })!;
          const delay = next.actualMs - next.nominalMs;
          expect(delay).toBeGreaterThanOrEqual(0);
          if (jitter === 0) expect(delay).toBe(0);
          else expect(delay).toBeLessThan(Math.min(jitter, every) * 1000);
          expect(compiled.nextTime(after * 1000, { jitterSeed: seed })).toEqual(next);
          expect(delay).toBe(
            jitterMs(seed, next.nominalMs, BigInt(Math.min(jitter, every)) * 1_000_000_000n),
          );
        },
      ),
    );
  });
});

describe('matchingTimes properties', () => {
  it('lists strictly increasing times, each the next one after its predecessor', () => {
    fc.assert(
      fc.property(
        aMinuteCalendar,
        anInstant,
        fc.integer({ min: 0, max: 3600 }),
        (calendarText, after, jitter) => {
          const compiled = compileSpec({
            calendar: [calendarText],
            timezoneName: 'America/New_York',
            jitter: { seconds: jitter },
          });
          const times = compiled.matchingTimes(after * 1000, (after + 14 * 86400) * 1000, 50);
          let cursor = after * 1000;
          for (const time of times) {
            expect(time).toBeGreaterThan(cursor);
            expect(compiled.nextTime(cursor)!.actualMs).toBe(time);
            cursor = time;
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
