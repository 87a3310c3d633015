/** Dates as users read them: civil dates (YYYY-MM-DD) as dates, instants in the case's time zone. */

export function formatDate(date: string | null | undefined, locale: string): string {
  if (!date) return '—';
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

export function formatInstant(
  instant: string | null | undefined,
  locale: string,
  timeZone = 'Asia/Jakarta',
): string {
  if (!instant) return '—';
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(instant));
}

/** Whole days from now until an instant (negative when past). */
export function daysUntil(instant: string, now = Date.now()): number {
  return Math.floor((Date.parse(instant) - now) / 86_400_000);
}

/** Today's date in a time zone, as YYYY-MM-DD. */
export function todayIn(timeZone = 'Asia/Jakarta'): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}
