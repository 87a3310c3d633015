/**
 * Agenda tenggat: deadlines of the caller's cases due in the next seven days and those already missed,
 * with how far the escalation has gone (reminders sent, escalation steps taken, from the API).
 */
import { useLocation } from 'preact-iso';
import { api, unwrap } from '../api/client';
import type { SchemaDeadlineView } from '../api/schema';
import { daysUntil } from '../components/format';
import { useLoad } from '../components/hooks';
import { Due, Loading, ProblemView, Section, StageTag } from '../components/ui';
import { useI18n } from '../i18n';

const REFRESH_MS = 30_000;

const HORIZONS = ['P7D', 'P14D', 'P30D'] as const;

export function AgendaScreen() {
  const { t } = useI18n();
  const location = useLocation();
  const within = HORIZONS.find((h) => h === location.query.within) ?? 'P7D';
  const upcoming = useLoad(
    async () =>
      unwrap(
        await api.GET('/deadlines', {
          params: { query: { status: 'upcoming', within, limit: '100' } },
        }),
      ),
    `upcoming-${within}`,
    REFRESH_MS,
  );
  const overdue = useLoad(
    async () =>
      unwrap(await api.GET('/deadlines', { params: { query: { status: 'overdue', limit: '100' } } })),
    'overdue',
    REFRESH_MS,
  );
  return (
    <>
      <h1>{t.agenda.title}</h1>
      <p class="muted">
        {t.agenda.escalation}: {t.agenda.escalationChain}
      </p>
      <div class="field inline">
        <label for="agenda-within">{t.agenda.horizon}</label>
        <select
          id="agenda-within"
          value={within}
          onChange={(e) => location.route(`/console/agenda?within=${e.currentTarget.value}`)}
        >
          {HORIZONS.map((h) => (
            <option key={h} value={h}>
              {h.slice(1, -1)} {t.common.days}
            </option>
          ))}
        </select>
      </div>
      <div class="two-columns">
        <Section title={t.agenda.overdue} id="agenda-overdue" class="overdue-card">
          <ProblemView error={overdue.error} />
          {overdue.data ? <DeadlineList items={overdue.data.items} /> : <Loading />}
        </Section>
        <Section
          title={
            within === 'P7D' ? t.agenda.thisWeek : `${t.agenda.ahead} ${within.slice(1, -1)} ${t.common.days}`
          }
          id="agenda-week"
        >
          <ProblemView error={upcoming.error} />
          {upcoming.data ? <DeadlineList items={upcoming.data.items} /> : <Loading />}
        </Section>
      </div>
    </>
  );
}

function DeadlineList({ items }: { items: SchemaDeadlineView[] }) {
  const { t } = useI18n();
  if (items.length === 0) return <p class="empty">{t.agenda.empty}</p>;
  return (
    <ul class="deadlines">
      {items.map((d) => {
        const days = daysUntil(d.dueAt);
        return (
          <li key={`${d.caseId}-${d.deadlineId}`} class={d.status === 'overdue' ? 'overdue' : undefined}>
            <div class="deadline-head">
              <strong>{d.ruleName}</strong> <StageTag stage={d.stage} />
            </div>
            <div>
              <a href={`/console/kasus/${encodeURIComponent(d.caseId)}`}>{d.reportedAsnName ?? d.caseId}</a>{' '}
              <span class="muted small">
                {d.caseId} · {d.officerId ?? '—'}
              </span>
            </div>
            <div class="small">
              {t.agenda.due}: <Due at={d.dueAt} /> (
              {days >= 0 ? `${days} ${t.common.days}` : `${-days} ${t.common.days} ${t.caseView.late}`})
            </div>
            <div class="small escalation" aria-label={t.agenda.escalation}>
              <span class={d.reminders > 0 ? 'step done' : 'step'}>
                {t.agenda.reminders}: {d.reminders}
              </span>
              <span aria-hidden="true"> → </span>
              <span class={d.escalations > 0 ? 'step done' : 'step'}>
                {t.agenda.escalations}: {d.escalations}
              </span>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
