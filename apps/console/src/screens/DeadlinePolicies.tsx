/**
 * Kebijakan tenggat: the published deadline policy versions (GET /deadline-policies), each rule with its
 * length, legal basis and confidence; supervisors and auditors read them. An administrator also moves the
 * open cases of their scope to a version (POST /policy-migrations, idempotent: a second run migrates none)
 * and publishes a corrected version (POST /deadline-policies). Running cases keep their version until moved.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, unwrap } from '../api/client';
import type { SchemaDeadlinePolicyVersionView, SchemaPolicyMigrationReportView } from '../api/schema';
import { caseSummaryViewStageValues } from '../api/schema';
import { session } from '../auth/session';
import { ConfidenceBadge } from '../components/catalogue';
import { formatInstant } from '../components/format';
import { useDraft, useLoad } from '../components/hooks';
import { domainMessageId, Loading, ProblemView, Section } from '../components/ui';
import { label, useI18n } from '../i18n';
import type { Dictionary } from '../i18n/id';
import { PublishForm } from './DeadlinePolicyPublish';

export function DeadlinePoliciesScreen() {
  const { t } = useI18n();
  const versions = useLoad(async () => unwrap(await api.GET('/deadline-policies')), 'deadline-policies');
  const isAdmin = session.value?.role === 'admin';
  // Newest first: the one an administrator most likely moves cases to.
  const list = [...(versions.data ?? [])].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
  return (
    <>
      <h1>{t.policies.title}</h1>
      <p class="muted">{t.policies.intro}</p>
      <ProblemView error={versions.error} />
      {isAdmin && versions.data && versions.data.length > 0 && <MigrationForm versions={list} />}
      <Section title={t.policies.versions} id="policy-versions">
        {versions.loading && !versions.data ? (
          <Loading />
        ) : list.length === 0 ? (
          !versions.error && <p class="empty">{t.policies.noVersions}</p>
        ) : (
          list.map((v, i) => <VersionDetails key={v.version} version={v} open={i === 0} />)
        )}
      </Section>
      {isAdmin && versions.data && (
        <PublishForm latest={list[0]?.policy} onPublished={() => void versions.reload()} />
      )}
    </>
  );
}

/** Versions bundled with a release are published by `netral` with a fixed (English) reason: say it in the user's language. */
function isBundled(version: SchemaDeadlinePolicyVersionView): boolean {
  return version.publishedBy === 'netral';
}

function versionReason(version: SchemaDeadlinePolicyVersionView, t: Dictionary): string {
  return isBundled(version) ? t.policies.bundled : version.reason;
}

function VersionDetails({ version, open }: { version: SchemaDeadlinePolicyVersionView; open: boolean }) {
  const { t, locale } = useI18n();
  const p = version.policy.parameters;
  return (
    <details class="policy-version" open={open} data-version={version.version}>
      <summary>
        <strong>
          {t.policies.version} {version.version}
        </strong>{' '}
        — {versionReason(version, t)}{' '}
        <span class="muted small">
          ({isBundled(version) ? '' : `${version.publishedBy}, `}
          {formatInstant(version.publishedAt, locale)})
        </span>
      </summary>
      <p class="small muted">
        SHA-256 <code class="hash">{version.contentHash}</code>
      </p>
      <dl class="policy-parameters">
        <dt>{t.policies.summonsNotice}</dt>
        <dd>
          {p.summonsMinimumNoticeWorkingDays} {t.common.workingDays}
        </dd>
        <dt>{t.policies.backdatingHorizon}</dt>
        <dd>
          {p.backdatingHorizonDays} {t.common.days}
        </dd>
        <dt>{t.policies.reminderTime}</dt>
        <dd>{p.reminderTimeOfDay}</dd>
      </dl>
      <div class="table-wrap">
        <table class="stacked policy-rules">
          <caption class="visually-hidden">
            {t.policies.rules} {version.version}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t.policies.rule}</th>
              <th scope="col">{t.policies.length}</th>
              <th scope="col">{t.policies.legalBasis}</th>
            </tr>
          </thead>
          <tbody>
            {version.policy.rules.map((r) => (
              <tr key={r.id}>
                <td data-label={t.policies.rule}>
                  <span>
                    <strong>{label(t.policies.ruleNames, r.id)}</strong>
                  </span>
                </td>
                <td data-label={t.policies.length}>
                  <span>
                    {r.length === null
                      ? t.policies.lengthFromDecision
                      : r.length === 0
                        ? t.policies.lengthOnTheSetDay
                        : `${r.length} ${label(t.policies.units, r.unit)}`}
                  </span>
                </td>
                <td data-label={t.policies.legalBasis}>
                  <span>
                    {r.legalBasis} <ConfidenceBadge confidence={r.confidence} />
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

interface MigrationDraft {
  toVersion: string;
  reason: string;
  stages: string[];
}

function MigrationForm({ versions }: { versions: SchemaDeadlinePolicyVersionView[] }) {
  const { t } = useI18n();
  const [draft, setDraft, clearDraft] = useDraft<MigrationDraft>('policy-migration', () => ({
    toVersion: versions[0]?.version ?? '',
    reason: '',
    stages: [],
  }));
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [report, setReport] = useState<SchemaPolicyMigrationReportView>();
  const stages = caseSummaryViewStageValues.filter((s) => s !== 'none' && s !== 'closed');
  // The submit button gives way to the confirmation: keyboard focus follows it there, and back.
  const confirmButton = useRef<HTMLButtonElement>(null);
  const submitButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
    else if (wasConfirming.current) submitButton.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const result = unwrap(
        await api.POST('/policy-migrations', {
          body: {
            toVersion: draft.toVersion,
            reason: draft.reason.trim(),
            ...(draft.stages.length > 0 ? { filter: { stages: draft.stages } } : {}),
          },
        }),
      );
      setReport(result);
      clearDraft();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <Section title={t.policies.migrateTitle} id="policy-migration">
      <p class="muted">{t.policies.migrateIntro}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setReport(undefined);
          setConfirming(true);
        }}
      >
        <div class="grid">
          <div class="field wide">
            <label for="migrate-version">{t.policies.toVersion} *</label>
            <select
              id="migrate-version"
              required
              value={draft.toVersion}
              onChange={(e) => {
                setConfirming(false);
                setDraft({ ...draft, toVersion: e.currentTarget.value });
              }}
            >
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version} — {versionReason(v, t)}
                </option>
              ))}
            </select>
          </div>
          <div class="field wide">
            <label for="migrate-reason">{t.common.reason} *</label>
            <input
              id="migrate-reason"
              required
              maxLength={500}
              value={draft.reason}
              onInput={(e) => setDraft({ ...draft, reason: e.currentTarget.value })}
            />
          </div>
          <fieldset class="wide stage-filter">
            <legend>{t.policies.stagesFilter}</legend>
            <p class="small muted">{t.policies.stagesHint}</p>
            {stages.map((s) => (
              <label key={s} class="check">
                <input
                  type="checkbox"
                  checked={draft.stages.includes(s)}
                  onChange={(e) => {
                    setConfirming(false);
                    setDraft({
                      ...draft,
                      stages: e.currentTarget.checked
                        ? [...draft.stages, s]
                        : draft.stages.filter((x) => x !== s),
                    });
                  }}
                />{' '}
                {label(t.stages, s)}
              </label>
            ))}
          </fieldset>
        </div>
        {!confirming && (
          <div class="button-row">
            <button type="submit" class="primary" ref={submitButton}>
              {t.policies.migrate}
            </button>
          </div>
        )}
      </form>
      {confirming && (
        <div class="confirm" role="alertdialog" aria-labelledby="migrate-confirm-text">
          <p id="migrate-confirm-text">
            {t.policies.confirm(
              draft.toVersion,
              draft.stages.length > 0
                ? draft.stages.map((s) => label(t.stages, s)).join(', ')
                : t.policies.allOpenStages,
            )}
          </p>
          <div class="button-row">
            <button
              type="button"
              class="primary"
              ref={confirmButton}
              disabled={busy}
              onClick={() => void run()}
            >
              {busy ? t.common.loading : t.policies.confirmYes}
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
              {t.common.cancel}
            </button>
          </div>
        </div>
      )}
      <ProblemView error={error} />
      {report && <MigrationReport report={report} />}
    </Section>
  );
}

function MigrationReport({ report }: { report: SchemaPolicyMigrationReportView }) {
  const { t, lang } = useI18n();
  return (
    <div class="ok migration-report" role="status">
      <p>
        <strong>{t.policies.reportTitle(report.toVersion)}</strong>
      </p>
      <dl class="policy-parameters">
        <dt>{t.policies.considered}</dt>
        <dd data-count="considered">{report.considered}</dd>
        <dt>{t.policies.migrated}</dt>
        <dd data-count="migrated">{report.migrated}</dd>
        <dt>{t.policies.already}</dt>
        <dd data-count="already">{report.already}</dd>
        <dt>{t.policies.refused}</dt>
        <dd data-count="refused">{report.refused}</dd>
      </dl>
      {report.considered === 0 && <p>{t.policies.noneConsidered}</p>}
      {report.refusals.length > 0 && (
        <ul class="refusals">
          {report.refusals.map((r) => (
            <li key={r.caseId}>
              <a href={`/console/kasus/${encodeURIComponent(r.caseId)}`}>{r.caseId}</a>:{' '}
              {lang === 'id' ? (domainMessageId(r.code) ?? r.detail) : r.detail} <code>{r.code}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
