/** The case list both the work list and the search show: one row per case, one click (the ASN's name) to it. */
import { label, useI18n } from '../i18n';
import { termName, useCatalogues } from './catalogue';
import type { SchemaCaseSummaryView, SchemaWorkListItemView } from '../api/schema';
import { DueBadge, Due, StageTag, UntrackedBadge } from './ui';

type Row = SchemaCaseSummaryView & Partial<Pick<SchemaWorkListItemView, 'nextDeadline'>>;

export function CaseTable({ items, caption }: { items: Row[]; caption: string }) {
  const { t, lang } = useI18n();
  const catalogues = useCatalogues();
  return (
    <div class="table-wrap">
      <table class="cases">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.fields.asn}</th>
            <th scope="col">{t.fields.violation}</th>
            <th scope="col">{t.fields.stage}</th>
            <th scope="col">{t.fields.nextDeadline}</th>
            <th scope="col">{t.fields.officer}</th>
            <th scope="col">{t.fields.caseId}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr
              key={c.caseId}
              class={c.overdue ? 'row-overdue' : c.untrackedDeadlines ? 'row-untracked' : undefined}
            >
              <td data-label={t.fields.asn}>
                <a href={`/console/kasus/${encodeURIComponent(c.caseId)}`}>
                  {c.reportedAsn?.name ?? c.caseId}
                </a>
                {c.reportedAsn?.nip && <div class="muted small">NIP {c.reportedAsn.nip}</div>}
              </td>
              <td data-label={t.fields.violation}>
                {termName(catalogues?.violations.violations, c.violationType, lang)}
              </td>
              <td data-label={t.fields.stage}>
                <StageTag stage={c.stage} />
              </td>
              <td data-label={t.fields.nextDeadline}>
                {c.nextDeadline?.ruleName && <div>{c.nextDeadline.ruleName}</div>}
                <Due at={c.nextDueAt} /> <DueBadge overdue={c.overdue} dueAt={c.nextDueAt} />
                <UntrackedBadge count={c.untrackedDeadlines} />
              </td>
              <td data-label={t.fields.officer}>{c.officerId ?? label({}, null)}</td>
              <td data-label={t.fields.caseId}>
                <code class="small">{c.caseId}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
