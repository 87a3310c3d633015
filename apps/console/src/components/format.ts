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

/** About how many characters of a chart's axis label fit on one line beside its bar. */
export const LINE_CHARS = 30;

/**
 * A long label (a violation's or a sanction's full Indonesian name) in at most two lines of about
 * LINE_CHARS, broken between words, the rest elided: Chart.js would otherwise cut it at the canvas edge.
 * The tooltip and the table keep the whole name.
 */
export function wrapLabel(label: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/)) {
    if (line && `${line} ${word}`.length > LINE_CHARS) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  if (lines.length <= 2) return lines;
  const second = `${lines[1]} ${lines.slice(2).join(' ')}`;
  return [lines[0], `${second.slice(0, LINE_CHARS - 1).trimEnd()}…`];
}
