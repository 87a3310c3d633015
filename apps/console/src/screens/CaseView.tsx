/**
 * The case page: header, deadline countdowns (working days from the API, with their legal basis), the action
 * panel (only the commands the API says the caller may issue now) and the timeline of events. It polls the
 * case with If-None-Match, so it refreshes when someone else changes the case, without a full reload.
 */
import { useRoute } from 'preact-iso';
import { useEffect, useRef } from 'preact/hooks';
import { api, ApiProblem, unwrap } from '../api/client';
import type { SchemaAuditEventView, SchemaCaseDeadlineView, SchemaCaseStateView } from '../api/schema';
import { ConfidenceBadge, termName, useCatalogues } from '../components/catalogue';
import { formatDate, formatInstant } from '../components/format';
import { useLoad } from '../components/hooks';
import { Loading, ProblemView, Section, StageTag } from '../components/ui';
import { label, useI18n } from '../i18n';
import { ActionPanel } from './ActionPanel';
import { DocumentsSection } from './Documents';

export const CASE_REFRESH_MS = 10_000;
export const INTERACTIVE_MARK = 'netral:case-interactive';

/** The case and its version (ETag); `undefined` while unchanged (304). */
function useCase(id: string) {
  const etag = useRef<string | null>(null);
  return useLoad<SchemaCaseStateView>(
    async () => {
      const result = await api.GET('/cases/{id}', {
        params: { path: { id }, header: etag.current ? { 'If-None-Match': etag.current } : {} },
      } as never);
      if (result.response.status === 304) return undefined;
      const state = unwrap(result) as SchemaCaseStateView;
      etag.current = result.response.headers.get('ETag');
      return state;
    },
    id,
    CASE_REFRESH_MS,
  );
}

/**
 * When the deadlines and the timeline load again: at every new version of the case except the first one
 * seen, so that on opening the page they load alongside the case instead of after it (one round trip
 * fewer before the page is usable).
 */
function useListsKey(id: string, version: number): string {
  const first = useRef<{ id: string; version: number } | null>(null);
  if (version && first.current?.id !== id) first.current = { id, version };
  return !version || first.current?.version === version ? `${id}@first` : `${id}@${version}`;
}

export function CaseScreen() {
  const { params } = useRoute();
  const id = params.id ?? '';
  const { t } = useI18n();
  const kase = useCase(id);
  const state = kase.data;
  const version = state?.version ?? 0;
  const listsKey = useListsKey(id, state?.caseId === id ? version : 0);
  const deadlines = useLoad(
    async () => unwrap(await api.GET('/cases/{id}/deadlines', { params: { path: { id } } })),
    listsKey,
  );
  const events = useLoad(
    async () =>
      unwrap(await api.GET('/cases/{id}/events', { params: { path: { id }, query: { limit: 500 } } })),
    listsKey,
  );
  const ready = state !== undefined && deadlines.data !== undefined && events.data !== undefined;
  useEffect(() => {
    // For the time-to-interactive benchmark (bench/console.bench.ts): header, deadlines, timeline and the
    // action panel are on screen and usable.
    if (ready && performance.getEntriesByName(INTERACTIVE_MARK).length === 0)
      performance.mark(INTERACTIVE_MARK);
  }, [ready]);
  if (kase.error) return <ProblemView error={kase.error} />;
  if (!state) return <Loading />;
  return (
    <div class="case-page">
      <CaseHeader state={state} />
      <div class="case-columns">
        <div>
          <Section title={t.caseView.deadlines} id="deadlines">
            <NotTrackedWarning items={state.deadlinesNotTracked ?? []} timeZone={state.timeZone} />
            <ProblemView error={deadlines.error} />
            {deadlines.data ? <DeadlineCountdowns items={deadlines.data.items} /> : <Loading />}
          </Section>
          <Section title={t.caseView.timeline} id="timeline">
            <ProblemView error={events.error} />
            {events.data ? <Timeline items={events.data.items} timeZone={state.timeZone} /> : <Loading />}
          </Section>
        </div>
        <div>
          <ActionPanel state={state} onChanged={() => kase.reload()} />
          <DocumentsSection
            caseId={state.caseId}
            version={state.version}
            onChanged={() => void kase.reload()}
          />
        </div>
      </div>
    </div>
  );
}

function CaseHeader({ state }: { state: SchemaCaseStateView }) {
  const { t, lang, locale } = useI18n();
  const catalogues = useCatalogues();
  const violation = catalogues?.violations.violations.find((v) => v.code === state.violationType);
  const asn = state.reportedAsn;
  const clarification = state.clarification as { likelyLevel?: string | null } | null;
  const versions = (state.catalogueVersionsAtRegistration ?? {}) as Record<string, string>;
  // The version the case runs now: its last audited migration, else the one its deadlines were planned with.
  const policyVersions = state.policyVersion
    ? [state.policyVersion]
    : [
        ...new Set(
          Object.values(state.deadlines as Record<string, { policyVersion?: string }>).map(
            (d) => d.policyVersion,
          ),
        ),
      ].filter(Boolean);
  const reporter = state.confidential.reporter;
  return (
    <header class="card case-header">
      <p class="muted small">
        {t.caseView.header} <code>{state.caseId}</code> · {state.agency} · {t.fields.version} {state.version}
      </p>
      <h1>
        {asn?.name ?? state.caseId} <StageTag stage={state.stage} />
      </h1>
      <dl class="facts">
        <div>
          <dt>{t.fields.nip}</dt>
          <dd>{asn?.nip ?? '—'}</dd>
        </div>
        <div>
          <dt>{t.intake.position}</dt>
          <dd>
            {asn?.position} · {asn?.unit} · {asn?.agency} ({asn?.employeeType})
          </dd>
        </div>
        <div>
          <dt>{t.fields.violation}</dt>
          <dd>
            {violation ? (lang === 'id' ? violation.name : violation.gloss) : state.violationType}
            {violation && (
              <div class="small muted">
                {violation.legalBasis}{' '}
                <ConfidenceBadge confidence={violation.confidence} note={violation.confidenceNote} />
              </div>
            )}
          </dd>
        </div>
        <div>
          <dt>{t.fields.level}</dt>
          <dd>{clarification?.likelyLevel ?? '—'}</dd>
        </div>
        <div>
          <dt>{t.fields.officer}</dt>
          <dd>
            {state.assignedOfficer
              ? `${state.assignedOfficer.name ?? state.assignedOfficer.id} (${state.assignedOfficer.id})`
              : '—'}
          </dd>
        </div>
        <div>
          <dt>{t.intake.sourceSection}</dt>
          <dd>
            {termName(catalogues?.reportSources, state.source?.kind, lang)} {state.source?.reference ?? ''} ·{' '}
            {formatDate(state.source?.receivedOn, locale)}
          </dd>
        </div>
        <div>
          <dt>{t.caseView.policy}</dt>
          <dd class="small">
            {Object.entries(versions).map(([k, v]) => (
              <span key={k} class="version">
                {label(t.caseView.catalogueNames, k)}: <code>{v}</code>
              </span>
            ))}
            {policyVersions.map((v) => (
              <span key={v} class="version" data-policy-version={v}>
                {t.caseView.deadlinePolicy}: <code>{v}</code>
              </span>
            ))}
          </dd>
        </div>
        <div>
          <dt>{t.caseView.reporter}</dt>
          <dd>
            {reporter
              ? `${reporter.name}, ${reporter.address}${reporter.contact ? `, ${reporter.contact}` : ''}`
              : t.caseView.reporterHidden}
          </dd>
        </div>
      </dl>
      <p class="small muted" aria-live="polite">
        {t.common.updatedLive} · {formatInstant(new Date().toISOString(), locale, state.timeZone)}
      </p>
    </header>
  );
}

type NotTracked = NonNullable<SchemaCaseStateView['deadlinesNotTracked']>[number];

/** Open deadlines the system could not compute or record: nobody counts them, so the officer must. */
function NotTrackedWarning({ items, timeZone }: { items: NotTracked[]; timeZone: string }) {
  const { t, locale } = useI18n();
  if (items.length === 0) return null;
  return (
    <div class="problem not-tracked" role="alert">
      <strong>{t.caseView.notTrackedTitle}</strong>
      <p>{t.caseView.notTrackedIntro}</p>
      <ul>
        {items.map((d) => (
          <li key={d.deadlineId}>
            <strong>{label(t.policies.ruleNames, d.ruleId)}</strong> (<code>{d.deadlineId}</code>):{' '}
            {label(t.caseView.notTrackedReasons, d.reason)} · {t.caseView.notTrackedSince}{' '}
            {formatInstant(d.at, locale, timeZone)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function DeadlineCountdowns({ items }: { items: SchemaCaseDeadlineView[] }) {
  const { t, lang, locale } = useI18n();
  if (items.length === 0) return <p class="empty">{t.caseView.noDeadlines}</p>;
  return (
    <ul class="countdowns">
      {items.map((d) => {
        const left = d.workingDaysLeft;
        return (
          <li
            key={d.deadlineId}
            class={d.overdue ? 'overdue' : left !== null && left <= 3 ? 'soon' : undefined}
          >
            <div class="countdown-number" aria-hidden="true">
              {left === null ? '…' : Math.abs(left)}
            </div>
            <div>
              <strong>{lang === 'id' ? d.name : d.gloss}</strong>{' '}
              {d.overdue && <span class="badge badge-overdue">{t.badge.overdue}</span>}
              <div>
                {left === null
                  ? formatDate(d.dueDate, locale)
                  : `${Math.abs(left)} ${t.common.workingDays} ${left < 0 ? t.caseView.late : t.caseView.remaining}`}{' '}
                · {formatDate(d.dueDate, locale)} ({d.length}{' '}
                {d.unit === 'working_days' ? t.common.workingDays : t.common.days})
              </div>
              <div class="small muted">
                {t.caseView.basis}: {lang === 'id' ? (d.legalBasisId ?? d.legalBasis) : d.legalBasis}
              </div>
              {d.escalation.length > 0 && (
                <div class="small escalation">
                  {t.agenda.escalation}:{' '}
                  {d.escalation.map((e, i) => (
                    <span key={e.step} class={e.takenAt ? 'step done' : 'step'}>
                      {i > 0 && ' → '}
                      {label(t.caseView.recipients, e.recipientRole)}
                      {e.after > 0
                        ? ` (+${e.after} ${d.unit === 'working_days' ? t.common.workingDays : t.common.days})`
                        : ''}
                    </span>
                  ))}
                </div>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

function Timeline({ items, timeZone }: { items: SchemaAuditEventView[]; timeZone: string }) {
  const { t, locale } = useI18n();
  return (
    <ol class="timeline" reversed>
      {[...items].reverse().map((e) => {
        const sameTime = Math.abs(Date.parse(e.occurredAt) - Date.parse(e.recordedAt)) < 60_000;
        return (
          <li key={e.eventId}>
            <div>
              <strong>{label(t.events, e.type)}</strong> <span class="muted small">#{e.version}</span>
            </div>
            <div class="small">
              {t.caseView.actor}: {e.actor.id} · {label(t.roles, e.actor.role)}
            </div>
            {e.reason && <div class="small">“{e.reason}”</div>}
            <div class="small muted">
              {t.caseView.occurredOn}: {formatInstant(e.occurredAt, locale, timeZone)}
              {!sameTime && (
                <>
                  {' '}
                  · {t.caseView.recordedAt}: {formatInstant(e.recordedAt, locale, timeZone)}
                </>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

export { ApiProblem };
