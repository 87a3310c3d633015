// The Indonesian working calendar on real 2025 and 2026 dates (SKB 3 Menteri on national holidays and cuti
// bersama), built from the date-holidays library and the versioned data file.
import fc from 'fast-check';
import {
  addDays,
  addWorkingDays,
  computeDueDate,
  getRule,
  isWorkingDay,
  holidayOn,
  workingDaysBetween,
  DEFAULT_DEADLINE_POLICY,
} from '..';
import {
  DEFAULT_HOLIDAY_DATA,
  HOLIDAY_LIBRARY_NAME,
  ISRA_MIKRAJ,
  buildIndonesianCalendar,
  dateHolidaysLibrary,
  parseHolidayData,
  type HolidayData,
} from '.';

const calendar = buildIndonesianCalendar({ fromYear: 2024, toYear: 2027 });
const rule = (id: Parameters<typeof getRule>[1]) => {
  const r = getRule(DEFAULT_DEADLINE_POLICY, id);
  return { length: r.length ?? 0, unit: r.unit };
};

describe('Indonesian working calendar', () => {
  it('names the data and library versions it was built from', () => {
    expect(calendar.version).toBe(`ID@${DEFAULT_HOLIDAY_DATA.version}+${HOLIDAY_LIBRARY_NAME}`);
    expect(calendar.timeZone).toBe('Asia/Jakarta');
    expect(calendar.coveredFrom).toBe('2024-01-01');
    expect(calendar.coveredTo).toBe('2027-12-31');
    // No decree recorded yet for 2027: library holidays only, flagged provisional.
    expect(calendar.provisionalYears).toEqual([2027]);
  });

  it('2026 has 17 national holidays and 8 cuti bersama days', () => {
    const in2026 = calendar.nonWorkingDays.filter((d) => d.date.startsWith('2026-'));
    expect(in2026.filter((d) => d.kind === 'national_holiday')).toHaveLength(17);
    expect(in2026.filter((d) => d.kind === 'cuti_bersama').map((d) => d.date)).toEqual([
      '2026-02-16',
      '2026-03-18',
      '2026-03-20',
      '2026-03-23',
      '2026-03-24',
      '2026-05-15',
      '2026-05-28',
      '2026-12-24',
    ]);
    // 261 weekdays in 2026, 21 of them holidays or cuti bersama.
    expect(workingDaysBetween(calendar, '2025-12-31', '2026-12-31')).toBe(240);
  });

  it('corrects the library where the decree differs (Idul Fitri 1446 H, Tahun Baru Islam 1447 H)', () => {
    const library2025 = dateHolidaysLibrary(2025).map((h) => h.date);
    expect(library2025).toContain('2025-06-26');
    expect(library2025).not.toContain('2025-04-01');
    expect(isWorkingDay(calendar, '2025-06-26')).toBe(true);
    expect(isWorkingDay(calendar, '2025-06-27')).toBe(false);
    expect(holidayOn(calendar, '2025-04-01')).toMatchObject({
      kind: 'national_holiday',
      source: 'SKB 3 Menteri 2025',
    });
  });

  describe('2025 around Idul Fitri (31 Mar–1 Apr; cuti bersama 28 Mar, 2–4 and 7 Apr)', () => {
    it.each([
      ['2025-03-28', false, 'cuti bersama Nyepi'],
      ['2025-03-31', false, 'Idul Fitri'],
      ['2025-04-01', false, 'Idul Fitri'],
      ['2025-04-02', false, 'cuti bersama'],
      ['2025-04-04', false, 'cuti bersama'],
      ['2025-04-07', false, 'cuti bersama'],
      ['2025-04-08', true, 'first working day after Lebaran'],
      ['2025-03-27', true, 'last working day before'],
      ['2025-08-18', false, 'added mid-year (HUT RI ke-80)'],
    ])('%s is a working day: %s (%s)', (date, working) => {
      expect(isWorkingDay(calendar, date)).toBe(working);
    });

    it('the next working day after 27 Mar 2025 is 8 Apr 2025', () => {
      expect(addWorkingDays(calendar, '2025-03-27', 1)).toBe('2025-04-08');
      expect(workingDaysBetween(calendar, '2025-03-27', '2025-04-08')).toBe(1);
    });

    it('delivery within 14 working days of a decree dated 20 Mar 2025 is due 21 Apr 2025', () => {
      const due = computeDueDate('2025-03-20', rule('delivery'), calendar);
      expect(due).toEqual({
        dueDate: '2025-04-21',
        dueAt: '2025-04-21T16:59:59.999Z',
        calendarVersion: calendar.version,
      });
    });

    it('a summons delivered 24 Mar 2025 allows a hearing from 11 Apr 2025 (7 working days)', () => {
      expect(addWorkingDays(calendar, '2025-03-24', 7)).toBe('2025-04-11');
    });

    it('a banding window from 9 May 2025 (Waisak, Kenaikan and their cuti bersama) ends 4 Jun 2025', () => {
      expect(computeDueDate('2025-05-09', rule('banding_window'), calendar).dueDate).toBe('2025-06-04');
    });

    it('a keberatan window counts 14 working days from the day after receipt: 5 Feb 2025 → 25 Feb 2025', () => {
      expect(computeDueDate('2025-02-05', rule('keberatan_window'), calendar).dueDate).toBe('2025-02-25');
    });

    it('across Isra Mikraj (27 Jan), cuti bersama Imlek (28 Jan) and Imlek (29 Jan): 20 Jan 2025 → 12 Feb 2025', () => {
      expect(computeDueDate('2025-01-20', rule('keberatan_window'), calendar).dueDate).toBe('2025-02-12');
    });

    it('a keberatan decision (21 working days) filed 15 Dec 2025 is due 19 Jan 2026, across Natal and New Year', () => {
      expect(computeDueDate('2025-12-15', rule('keberatan_decision'), calendar).dueDate).toBe('2026-01-19');
    });
  });

  describe('2026 around Nyepi and Idul Fitri (18–24 Mar 2026)', () => {
    it('the next working day after 17 Mar 2026 is 25 Mar 2026', () => {
      expect(addWorkingDays(calendar, '2026-03-17', 1)).toBe('2026-03-25');
      expect(workingDaysBetween(calendar, '2026-03-13', '2026-03-27')).toBe(5);
    });

    it('delivery within 14 working days of 16 Mar 2026 is due 13 Apr 2026 (Good Friday 3 Apr)', () => {
      expect(computeDueDate('2026-03-16', rule('delivery'), calendar).dueDate).toBe('2026-04-13');
    });

    it('an anchor instant late in the evening UTC is already the next day in WIB', () => {
      // 2026-03-16T18:00Z is 17 Mar 01:00 WIB.
      expect(computeDueDate('2026-03-16T18:00:00Z', rule('delivery'), calendar).dueDate).toBe('2026-04-14');
    });
  });

  describe('amendable data', () => {
    it('an administrator adds a cuti bersama: new version, later due date; a stored due date keeps its version', () => {
      const before = computeDueDate('2026-04-20', rule('delivery'), calendar);
      const amended: HolidayData = parseHolidayData({
        ...DEFAULT_HOLIDAY_DATA,
        version: '2026.2',
        years: {
          ...DEFAULT_HOLIDAY_DATA.years,
          '2026': {
            ...DEFAULT_HOLIDAY_DATA.years['2026'],
            cutiBersama: [
              ...DEFAULT_HOLIDAY_DATA.years['2026'].cutiBersama,
              { date: '2026-04-24', name: 'Cuti bersama (amendment)', source: 'SKB perubahan 2026' },
            ],
          },
        },
      });
      const newCalendar = buildIndonesianCalendar({ fromYear: 2026, toYear: 2026, data: amended });
      const after = computeDueDate('2026-04-20', rule('delivery'), newCalendar);
      expect(newCalendar.version).toBe(`ID@2026.2+${HOLIDAY_LIBRARY_NAME}`);
      expect(before).toMatchObject({ dueDate: '2026-05-11', calendarVersion: calendar.version });
      // 1 May (Labour Day) was already a holiday; the added 24 Apr pushes the due date a working day later.
      expect(after).toMatchObject({ dueDate: '2026-05-12', calendarVersion: newCalendar.version });
    });

    it('refuses malformed holiday data with INVALID_DATA', () => {
      expect(() =>
        parseHolidayData({
          calendar: 'ID',
          version: '1',
          years: { '2026': { decree: 'x', cutiBersama: [{ date: '2025-01-01', name: 'x' }] } },
        }),
      ).toThrow(expect.objectContaining({ code: 'INVALID_DATA' }));
      expect(() =>
        parseHolidayData({ calendar: 'ID', version: '1', years: { '26': { decree: 'x', cutiBersama: [] } } }),
      ).toThrow(expect.objectContaining({ code: 'INVALID_DATA' }));
      expect(() => buildIndonesianCalendar({ fromYear: 2027, toYear: 2026 })).toThrow(
        expect.objectContaining({ code: 'INVALID_DATA' }),
      );
    });

    it('accepts an injected holiday library (e.g. for another source) and a WITA agency', () => {
      const custom = buildIndonesianCalendar({
        fromYear: 2030,
        toYear: 2030,
        timeZone: 'Asia/Makassar',
        holidayLibrary: () => [{ date: '2030-01-01', name: 'Tahun Baru' }],
      });
      expect(custom.version).toBe(`ID@${DEFAULT_HOLIDAY_DATA.version}+injected-library`);
      expect(custom.timeZone).toBe('Asia/Makassar');
      expect(isWorkingDay(custom, '2030-01-01')).toBe(false);
      expect(isWorkingDay(custom, '2030-01-02')).toBe(true);
    });
  });
});

describe('working-day properties on the real Indonesian calendar 2024–2027', () => {
  // Start dates leave room for ±65 working days inside the calendar's coverage.
  const date = fc.integer({ min: 0, max: 365 * 3 - 250 }).map((n) => addDays('2024-05-01', n));

  it('addWorkingDays never lands on a weekend, holiday or cuti bersama, and workingDaysBetween inverts it', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -65, max: 65 }), (start, n) => {
        const end = addWorkingDays(calendar, start, n);
        if (n !== 0) expect(isWorkingDay(calendar, end)).toBe(true);
        expect(workingDaysBetween(calendar, start, end)).toBe(n);
      }),
      { numRuns: 1000 },
    );
  });

  it('names 27 Rajab Isra Mikraj, not Maulid Nabi (16 Jan 2026)', () => {
    const days = dateHolidaysLibrary(2026);
    expect(days.find((d) => d.date === '2026-01-16')?.name).toBe(ISRA_MIKRAJ);
    expect(days.find((d) => d.date === '2026-08-25')?.name).toMatch(/Maulid/);
  });

  it("computes a year once and hands each caller its own list (the zones' calendars share the year)", () => {
    const first = dateHolidaysLibrary(2027);
    first.pop();
    const again = dateHolidaysLibrary(2027);
    expect(again).toHaveLength(first.length + 1);
    expect(again[0]).toBe(dateHolidaysLibrary(2027)[0]);
  });
});
