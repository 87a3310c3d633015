// The versioned holiday data file: per year the decree, corrections to the holiday library (the government
// fixes Islamic holidays by decree; the library computes them astronomically and is sometimes a day off) and
// the cuti bersama days. An administrator amends the file and bumps its version.
import { asArray, asDate, asObject, asString, fail } from '../catalogue/validate';

export interface HolidayCorrectionAdd {
  date: string;
  name: string;
  source: string;
}

export interface HolidayCorrectionRemove {
  date: string;
  reason: string;
}

export interface HolidayYear {
  decree: string;
  corrections: { add: HolidayCorrectionAdd[]; remove: HolidayCorrectionRemove[] };
  cutiBersama: { date: string; name: string; source: string | null }[];
}

export interface HolidayData {
  calendar: string;
  version: string;
  years: Record<string, HolidayYear>;
}

export function parseHolidayData(json: unknown): HolidayData {
  const root = asObject(json, 'holiday data');
  const yearsInput = asObject(root.years, 'years');
  const years: Record<string, HolidayYear> = {};
  for (const [year, raw] of Object.entries(yearsInput)) {
    if (!/^\d{4}$/.test(year)) fail(`years.${year}`, 'keys are four-digit years');
    const entry = asObject(raw, `years.${year}`);
    const corrections =
      entry.corrections === undefined ? {} : asObject(entry.corrections, `years.${year}.corrections`);
    const inYear = (date: string, where: string) => {
      if (!date.startsWith(`${year}-`)) fail(where, `${date} is not in ${year}`);
      return date;
    };
    years[year] = {
      decree: asString(entry.decree, `years.${year}.decree`),
      corrections: {
        add: asArray(corrections.add ?? [], `years.${year}.corrections.add`).map((a, i) => {
          const where = `years.${year}.corrections.add[${i}]`;
          const item = asObject(a, where);
          return {
            date: inYear(asDate(item.date, `${where}.date`), where),
            name: asString(item.name, `${where}.name`),
            source: asString(item.source, `${where}.source`),
          };
        }),
        remove: asArray(corrections.remove ?? [], `years.${year}.corrections.remove`).map((r, i) => {
          const where = `years.${year}.corrections.remove[${i}]`;
          const item = asObject(r, where);
          return {
            date: inYear(asDate(item.date, `${where}.date`), where),
            reason: asString(item.reason, `${where}.reason`),
          };
        }),
      },
      cutiBersama: asArray(entry.cutiBersama, `years.${year}.cutiBersama`).map((c, i) => {
        const where = `years.${year}.cutiBersama[${i}]`;
        const item = asObject(c, where);
        return {
          date: inYear(asDate(item.date, `${where}.date`), where),
          name: asString(item.name, `${where}.name`),
          source:
            item.source === undefined || item.source === null
              ? null
              : asString(item.source, `${where}.source`),
        };
      }),
    };
  }
  return { calendar: asString(root.calendar, 'calendar'), version: asString(root.version, 'version'), years };
}
