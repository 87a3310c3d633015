/** Shared pieces of the screens: problem messages, badges, paging, the stage and deadline cells. */
import type { ComponentChildren } from 'preact';
import { DOMAIN_ERROR_MESSAGES } from '../../../../libs/domain/src/errors';
import { ApiProblem } from '../api/client';
import { label, useI18n } from '../i18n';
import { daysUntil, formatInstant } from './format';

/**
 * A problem's field pointer (`members.0.grade`, `/reportedAsn/nip`, `fact.sequence`) as the form labels
 * that field: the whole path first, else its last name (indices dropped), else the name split into words.
 */
export function fieldLabelOf(pointer: string, formFields: Record<string, string>): string {
  const names = pointer.split(/[./]/).filter((s) => s !== '' && !/^\d+$/.test(s));
  const last = names.at(-1) ?? pointer;
  return formFields[names.join('.')] ?? formFields[last] ?? last.replace(/([a-z])([A-Z])/g, '$1 $2');
}

/**
 * The Indonesian message of a domain refusal code (libs/domain's own table), for answers that carry only
 * the English `detail` (a bulk report's refusals, an older API without `detailId`).
 */
export function domainMessageId(code: string | undefined): string | undefined {
  if (!code || !Object.hasOwn(DOMAIN_ERROR_MESSAGES, code)) return undefined;
  return DOMAIN_ERROR_MESSAGES[code as keyof typeof DOMAIN_ERROR_MESSAGES].id;
}

/** The fields a problem points at: validation errors' `field`, or the domain refusal's `domainDetails.field`. */
function problemFields(problem: ApiProblem['problem']): string[] {
  const details = problem.domainDetails as { field?: unknown } | undefined;
  const fields = (problem.errors ?? []).map((e) => e.field).filter((f): f is string => !!f && f !== 'body');
  if (typeof details?.field === 'string') fields.push(details.field);
  return [...new Set(fields)];
}

/** An API refusal in the user's language, naming the form's fields it is about, with its code and request id. */
export function ProblemView({ error }: { error: unknown }) {
  const { t, lang } = useI18n();
  if (!error) return null;
  if (error instanceof ApiProblem) {
    const p = error.problem;
    const labelOf = (field: string) => fieldLabelOf(field, t.formFields);
    const fields = problemFields(p);
    // The Indonesian validation text lists dotted paths; name the fields as the form labels them instead.
    const message =
      lang === 'id' && p.code === 'VALIDATION_FAILED' && fields.length > 0
        ? `${t.common.invalidFields}: ${fields.map(labelOf).join(', ')}.`
        : ((lang === 'id' ? (p.detailId ?? domainMessageId(p.code)) : p.detail) ?? p.detail ?? error.message);
    const domainField = p.errors?.length ? undefined : fields[0];
    return (
      <div class="problem" role="alert">
        <strong>{error.status === 404 ? t.common.notFound : message}</strong>
        {domainField && (
          <p class="problem-field">
            {t.common.field}: <strong>{labelOf(domainField)}</strong>
          </p>
        )}
        {p.errors && p.errors.length > 0 && (
          <ul>
            {p.errors.map((e) => (
              <li key={`${e.field}-${e.constraint}`}>
                <strong>{e.field ? labelOf(e.field) : '—'}</strong> (<code>{e.field}</code>): {e.message}
              </li>
            ))}
          </ul>
        )}
        <small>
          {p.code} · {t.common.requestId}: <code>{p.requestId ?? '—'}</code>
        </small>
      </div>
    );
  }
  return (
    <div class="problem" role="alert">
      <strong>{t.common.error}</strong>: {error instanceof Error ? error.message : String(error)}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p class="muted" role="status">
      {t.common.loading}
    </p>
  );
}

/** Overdue / due-soon (within 3 days) badges from the API's `overdue` flag and the next due instant. */
export function DueBadge({ overdue, dueAt }: { overdue: boolean; dueAt: string | null | undefined }) {
  const { t } = useI18n();
  if (overdue) return <span class="badge badge-overdue">{t.badge.overdue}</span>;
  if (dueAt && daysUntil(dueAt) <= 3) return <span class="badge badge-soon">{t.badge.dueSoon}</span>;
  return null;
}

/** A case with open deadlines nobody counts (the list item's `untrackedDeadlines`), how many when more than one. */
export function UntrackedBadge({ count }: { count: number | undefined }) {
  const { t } = useI18n();
  if (!count) return null;
  return (
    <span class="badge badge-untracked" title={t.badge.untrackedHint}>
      {t.badge.untracked}
      {count > 1 ? ` (${count})` : ''}
    </span>
  );
}

export function StageTag({ stage }: { stage: string }) {
  const { t } = useI18n();
  return <span class={`stage stage-${stage}`}>{label(t.stages, stage)}</span>;
}

export function Due({ at, timeZone }: { at: string | null | undefined; timeZone?: string }) {
  const { locale } = useI18n();
  return <>{at ? formatInstant(at, locale, timeZone) : '—'}</>;
}

/** Cursor paging: the API hands out `nextCursor`; going back uses the cursors seen so far. */
export function Pager(props: {
  hasPrevious: boolean;
  nextCursor: string | null | undefined;
  onPrevious(): void;
  onNext(cursor: string): void;
}) {
  const { t } = useI18n();
  return (
    <nav class="pager" aria-label={t.common.pagination}>
      <button type="button" disabled={!props.hasPrevious} onClick={props.onPrevious}>
        ← {t.common.previous}
      </button>
      <button
        type="button"
        disabled={!props.nextCursor}
        onClick={() => props.nextCursor && props.onNext(props.nextCursor)}
      >
        {t.common.next} →
      </button>
    </nav>
  );
}

export function Section(props: { title: string; id?: string; children: ComponentChildren; class?: string }) {
  const headingId = `${props.id ?? props.title.replace(/\W+/g, '-').toLowerCase()}-heading`;
  return (
    <section class={`card ${props.class ?? ''}`} aria-labelledby={headingId} id={props.id}>
      <h2 id={headingId}>{props.title}</h2>
      {props.children}
    </section>
  );
}
