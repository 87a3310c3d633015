// The case configuration in force (catalogues, deadline policy, working calendar), built the same way by
// the worker's loadCaseConfig activity and by whoever starts a case (registerCase puts it in the start
// input, so the workflow can decide the first command in its update validator). Not for workflow code:
// it reads the clock and the holiday library.
import {
  type AgencySetting,
  type Catalogues,
  DEFAULT_AGENCIES,
  DEFAULT_CATALOGUES,
  DEFAULT_DEADLINE_POLICY,
  type DeadlinePolicy,
  INDONESIAN_TIME_ZONES,
  type WorkingCalendar,
  deepFreeze,
} from '@netral/domain';
import { buildIndonesianCalendar } from '@netral/domain/calendar';
import type { CaseConfig } from './activities';

export const DEFAULT_CONTINUE_AS_NEW_AFTER = 5_000;
/**
 * The published deadline policy versions (created and seeded by the API's migration; read by the worker's
 * loadDeadlinePolicy activity): version, the policy JSON, its content hash, who published it, when and why.
 */
export const DEADLINE_POLICY_VERSION_TABLE = 'deadline_policy_version';
/** The zone of the calendar carried in the configuration (decide()'s notice checks). */
export const CONFIG_TIME_ZONE = 'Asia/Jakarta';

export interface CaseConfigOptions {
  catalogues?: Catalogues;
  policy?: DeadlinePolicy;
  agencies?: AgencySetting;
  /** The working calendar for a zone; default: the Indonesian calendar around the current year. */
  calendar?: (timeZone: string) => WorkingCalendar;
  continueAsNewAfterHistoryEvents?: number;
}

/**
 * The calendars built, by zone and year: one map for the process, so that the API and the worker of the
 * single-process service and every activity share them (frozen data), and the worker can build them when it
 * starts (warmIndonesianCalendars) instead of on the first command in each zone.
 */
const calendars = new Map<string, WorkingCalendar>();

function indonesianCalendarNow(timeZone: string): WorkingCalendar {
  const year = new Date().getUTCFullYear();
  const key = `${timeZone}/${year}`;
  let calendar = calendars.get(key);
  if (!calendar) {
    // Frozen: every case of the year shares it, and the API encodes a frozen configuration only once.
    calendar = deepFreeze(buildIndonesianCalendar({ fromYear: year - 1, toYear: year + 2, timeZone }));
    calendars.set(key, calendar);
  }
  return calendar;
}

/** The Indonesian working calendar from last year to two years on (cached per zone and year). */
export function currentIndonesianCalendar(): (timeZone: string) => WorkingCalendar {
  return indonesianCalendarNow;
}

/**
 * Builds the current year's calendar of every Indonesian zone now (the first ~80-200 ms, the others ~0.1 ms:
 * date-holidays' years are computed once), so that the first command in a zone does not build it inside its
 * append (bench/notes/s17-command-path3.md).
 */
export function warmIndonesianCalendars(zones: readonly string[] = Object.keys(INDONESIAN_TIME_ZONES)): void {
  for (const zone of zones) indonesianCalendarNow(zone);
}

/**
 * NETRAL_BACKDATING_HORIZON_DAYS overrides the policy's backdating horizon (days a fact may be dated before it
 * is recorded without a supervisor's reason), e.g. to load historic cases. Read when a case starts.
 */
export function withHorizonOverride(policy: DeadlinePolicy): DeadlinePolicy {
  const raw = process.env.NETRAL_BACKDATING_HORIZON_DAYS;
  if (raw === undefined || raw === '') return policy;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 0) {
    throw new Error(`NETRAL_BACKDATING_HORIZON_DAYS must be a whole number of days, not ${raw}`);
  }
  return { ...policy, parameters: { ...policy.parameters, backdatingHorizonDays: days } };
}

/** A function returning the configuration in force now. */
export function caseConfigSource(options: CaseConfigOptions = {}): () => CaseConfig {
  const calendarFor = options.calendar ?? currentIndonesianCalendar();
  return () => ({
    catalogues: options.catalogues ?? DEFAULT_CATALOGUES,
    policy: withHorizonOverride(options.policy ?? DEFAULT_DEADLINE_POLICY),
    calendar: calendarFor(CONFIG_TIME_ZONE),
    agencies: options.agencies ?? DEFAULT_AGENCIES,
    violationReading: null,
    continueAsNewAfterHistoryEvents: options.continueAsNewAfterHistoryEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER,
  });
}
