/**
 * Statistik for supervisors and auditors: figures computed by the API over the cases in scope, narrowed by
 * the search's filters and its "only with deadlines not tracked" (kept in the URL), drawn as charts, with a CSV of the same figures and filters.
 */
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { api, saveBlob, unwrap } from '../api/client';
import type { SchemaStatisticsView } from '../api/schema';
import { session } from '../auth/session';
import { BarChart } from '../components/BarChart';
import {
  CASE_FILTERS,
  CaseFilterFields,
  UNTRACKED_FILTER,
  UntrackedOnlyField,
  filtersOf,
} from '../components/CaseFilters';
import { termName, useCatalogues } from '../components/catalogue';
import { formatInstant } from '../components/format';
import { useLoad } from '../components/hooks';
import { Loading, ProblemView, Section } from '../components/ui';
import { label, useI18n } from '../i18n';

/** The search's case filters and its "only with deadlines not tracked" (the API's /statistics takes both). */
const FILTERS = [...CASE_FILTERS, UNTRACKED_FILTER] as const;

export function StatisticsScreen() {
  const { t, lang, locale } = useI18n();
  const location = useLocation();
  const filters = filtersOf(location.query, FILTERS);
  const key = new URLSearchParams(filters).toString();
  const [form, setForm] = useState<Record<string, string>>(() =>
    Object.fromEntries(FILTERS.map((f) => [f, filters[f] ?? ''])),
  );
  const catalogues = useCatalogues();
  const stats = useLoad(
    async () => unwrap(await api.GET('/statistics', { params: { query: filters } })),
    key,
    60_000,
  );
  const s = stats.data;
  const field = (name: string) => ({
    id: `f-${name}`,
    name,
    value: form[name] ?? '',
    onInput: (e: Event) => setForm({ ...form, [name]: (e.currentTarget as HTMLInputElement).value }),
    onChange: (e: Event) => setForm({ ...form, [name]: (e.currentTarget as HTMLInputElement).value }),
  });
  return (
    <>
      <h1>{t.stats.title}</h1>
      <form
        class="filters card"
        aria-label={t.search.submit}
        onSubmit={(e) => {
          e.preventDefault();
          const query = new URLSearchParams(filtersOf(form, FILTERS)).toString();
          location.route(`/console/statistik${query ? `?${query}` : ''}`);
        }}
      >
        <CaseFilterFields field={field} national={session.value?.agency === '*'} />
        <UntrackedOnlyField form={form} setForm={setForm} />
        <div class="actions">
          <button type="submit" class="primary">
            {t.search.submit}
          </button>
          <button
            type="button"
            onClick={() => {
              setForm({});
              location.route('/console/statistik');
            }}
          >
            {t.search.reset}
          </button>
        </div>
      </form>
      <ProblemView error={stats.error} />
      {!s ? (
        <Loading />
      ) : (
        <>
          <p class="muted">
            {t.stats.asOf} {formatInstant(s.asOf, locale)} · {t.stats.scope}:{' '}
            {s.agency ?? session.value?.agency}{' '}
            <button
              type="button"
              onClick={() =>
                saveBlob(new Blob([statisticsCsv(s, filters)], { type: 'text/csv' }), csvName(s))
              }
            >
              {t.common.downloadCsv}
            </button>
          </p>
          <div class="kpis">
            <Kpi title={t.stats.total} value={s.totalCases} />
            <Kpi title={t.stats.open} value={s.openCases} />
            <Kpi title={t.stats.overdue} value={s.overdueCases} warn={s.overdueCases > 0} />
            <Kpi
              title={t.stats.followUpRate}
              value={
                s.recommendationFollowUp.rate === null
                  ? '—'
                  : `${Math.round(s.recommendationFollowUp.rate * 100)}%`
              }
              detail={`${s.recommendationFollowUp.followedUp} / ${s.recommendationFollowUp.received}`}
            />
          </div>
          <div class="two-columns charts">
            <Section title={t.stats.byStage} id="st-stage">
              <BarChart
                title={t.stats.byStage}
                valueLabel={t.stats.count}
                bars={s.byStage.map((c) => ({ label: label(t.stages, c.key), value: c.count }))}
              />
            </Section>
            <Section title={t.stats.byViolation} id="st-violation">
              <BarChart
                title={t.stats.byViolation}
                valueLabel={t.stats.count}
                bars={s.byViolationType.map((c) => ({
                  label: termName(catalogues?.violations.violations, c.key, lang),
                  value: c.count,
                }))}
              />
            </Section>
            <Section title={t.stats.medianDays} id="st-median">
              <BarChart
                title={t.stats.medianDays}
                valueLabel={t.common.days}
                bars={s.medianDaysPerStage.map((m) => ({
                  label: label(t.stages, m.stage),
                  value: m.medianDays,
                }))}
              />
            </Section>
            <Section title={t.stats.bySanction} id="st-sanction">
              <BarChart
                title={t.stats.bySanction}
                valueLabel={t.stats.count}
                bars={s.bySanction.map((c) => ({
                  label: termName(catalogues?.sanctions.sanctions, c.key, lang),
                  value: c.count,
                }))}
              />
            </Section>
          </div>
        </>
      )}
    </>
  );
}

function Kpi({
  title,
  value,
  detail,
  warn,
}: {
  title: string;
  value: number | string;
  detail?: string;
  warn?: boolean;
}) {
  return (
    <div class={`kpi card ${warn ? 'warn' : ''}`}>
      <div class="kpi-title">{title}</div>
      <div class="kpi-value">{value}</div>
      {detail && <div class="small muted">{detail}</div>}
    </div>
  );
}

function csvName(s: SchemaStatisticsView): string {
  return `statistik-${s.agency ?? 'semua'}-${s.asOf.slice(0, 10)}.csv`;
}

/** One row per figure: section, key, value (RFC 4180 quoting); the filters applied come first. */
export function statisticsCsv(s: SchemaStatisticsView, filters: Record<string, string> = {}): string {
  const rows: (string | number | null)[][] = [['section', 'key', 'value']];
  for (const [name, value] of Object.entries(filters)) rows.push(['filter', name, value]);
  rows.push(
    ['total', 'totalCases', s.totalCases],
    ['total', 'openCases', s.openCases],
    ['total', 'overdueCases', s.overdueCases],
  );
  for (const c of s.byStage) rows.push(['byStage', c.key, c.count]);
  for (const c of s.byViolationType) rows.push(['byViolationType', c.key, c.count]);
  for (const c of s.bySanction) rows.push(['bySanction', c.key, c.count]);
  for (const c of s.byAgency) rows.push(['byAgency', c.key, c.count]);
  const f = s.recommendationFollowUp;
  rows.push(
    ['recommendationFollowUp', 'received', f.received],
    ['recommendationFollowUp', 'followedUp', f.followedUp],
  );
  rows.push(['recommendationFollowUp', 'rate', f.rate]);
  for (const m of s.medianDaysPerStage) rows.push(['medianDaysPerStage', m.stage, m.medianDays]);
  const cell = (v: string | number | null) => {
    const text = v === null ? '' : String(v);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
