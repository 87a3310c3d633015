/**
 * A date input (dd/mm/yyyy whatever the browser's locale) with the working-day calendar of its month beneath it: weekends, national holidays and cuti
 * bersama marked, from the API's calendar (GET /calendar), so an officer sees whether a date counts.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, unwrap } from '../api/client';
import type { SchemaCalendarView } from '../api/schema';
import { useI18n } from '../i18n';
import { CivilDateInput } from './CivilDateInput';

const cache = new Map<string, Promise<SchemaCalendarView>>();

function calendarFor(year: number, timeZone: string): Promise<SchemaCalendarView> {
  const key = `${year}/${timeZone}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = api
      .GET('/calendar', { params: { query: { from: `${year}-01-01`, to: `${year}-12-31`, timeZone } } })
      .then(unwrap);
    hit.catch(() => cache.delete(key));
    cache.set(key, hit);
  }
  return hit;
}

export function DateField(props: {
  id: string;
  value: string;
  required?: boolean;
  timeZone: string;
  onChange(value: string): void;
  describedBy?: string;
}) {
  const { t, locale } = useI18n();
  const [calendar, setCalendar] = useState<SchemaCalendarView>();
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(props.value);
  const year = valid ? Number(props.value.slice(0, 4)) : new Date().getFullYear();
  useEffect(() => {
    calendarFor(year, props.timeZone).then(setCalendar, () => setCalendar(undefined));
  }, [year, props.timeZone]);

  const month = valid ? props.value.slice(0, 7) : undefined;
  const off = new Map(calendar?.nonWorkingDays.map((d) => [d.date, d]) ?? []);
  const chosen = valid ? off.get(props.value) : undefined;
  const weekday = valid ? ((new Date(`${props.value}T00:00:00Z`).getUTCDay() + 6) % 7) + 1 : 0;
  const weekend = valid && calendar !== undefined && !calendar.workingWeekdays.includes(weekday);
  const noteId = `${props.id}-note`;
  return (
    <div class="date-field">
      <CivilDateInput
        id={props.id}
        required={props.required}
        value={props.value}
        describedBy={[noteId, props.describedBy].filter(Boolean).join(' ')}
        onChange={props.onChange}
      />
      <small id={noteId} class={chosen || weekend ? 'problem-text' : 'muted'} aria-live="polite">
        {chosen
          ? `${chosen.kind === 'cuti_bersama' ? t.caseView.cutiBersama : t.caseView.holiday}: ${chosen.name}`
          : weekend
            ? t.caseView.weekend
            : ''}
      </small>
      {month && calendar && (
        <MonthGrid
          month={month}
          value={props.value}
          off={off}
          workingWeekdays={calendar.workingWeekdays}
          locale={locale}
        />
      )}
    </div>
  );
}

function MonthGrid(props: {
  month: string;
  value: string;
  off: Map<string, { kind: string; name: string }>;
  workingWeekdays: number[];
  locale: string;
}) {
  const [y, m] = props.month.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1, 1));
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const names = Array.from({ length: 7 }, (_, i) =>
    new Intl.DateTimeFormat(props.locale, { weekday: 'narrow', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2024, 0, 1 + i)),
    ),
  );
  const cells = [];
  for (let i = 0; i < lead; i++) cells.push(<span key={`lead-${i}`} />);
  for (let d = 1; d <= days; d++) {
    const date = `${props.month}-${String(d).padStart(2, '0')}`;
    const holiday = props.off.get(date);
    const weekday = ((lead + d - 1) % 7) + 1;
    const cls = [
      holiday
        ? holiday.kind === 'cuti_bersama'
          ? 'cuti'
          : 'holiday'
        : props.workingWeekdays.includes(weekday)
          ? ''
          : 'off',
      date === props.value ? 'chosen' : '',
    ].join(' ');
    cells.push(
      <span key={date} class={cls} title={holiday?.name}>
        {d}
      </span>,
    );
  }
  return (
    <div class="calendar" aria-hidden="true">
      {names.map((n, i) => (
        <span key={`h-${i}`} class="muted">
          {n}
        </span>
      ))}
      {cells}
    </div>
  );
}
