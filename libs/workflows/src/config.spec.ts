// The working calendars in force: built once per zone and year for the whole process, and ahead of the first
// command when the worker warms them.
import { buildIndonesianCalendar } from '@netral/domain/calendar';
import { INDONESIAN_TIME_ZONES } from '@netral/domain';
import { caseConfigSource, currentIndonesianCalendar, warmIndonesianCalendars } from './config';

jest.mock('@netral/domain/calendar', () => {
  const actual = jest.requireActual<typeof import('@netral/domain/calendar')>('@netral/domain/calendar');
  return { ...actual, buildIndonesianCalendar: jest.fn(actual.buildIndonesianCalendar) };
});

const build = jest.mocked(buildIndonesianCalendar);
const zones = Object.keys(INDONESIAN_TIME_ZONES);

describe('the Indonesian calendars in force', () => {
  it('are built by the warm-up, one per zone, and then served to every caller without building again', () => {
    warmIndonesianCalendars();
    expect(build.mock.calls.map(([options]) => options.timeZone).sort()).toEqual([...zones].sort());
    const year = new Date().getUTCFullYear();
    expect(build.mock.calls[0]![0]).toMatchObject({ fromYear: year - 1, toYear: year + 2 });

    // What the activities and the API each create: a calendar source of their own, the same calendars.
    const calendarFor = currentIndonesianCalendar();
    for (const zone of zones) {
      expect(calendarFor(zone).timeZone).toBe(zone);
      expect(calendarFor(zone)).toBe(currentIndonesianCalendar()(zone));
    }
    expect(caseConfigSource()().calendar?.timeZone).toBe('Asia/Jakarta');
    warmIndonesianCalendars();
    expect(build).toHaveBeenCalledTimes(zones.length);
  });
});
