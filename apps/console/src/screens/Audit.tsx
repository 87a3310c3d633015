/**
 * Audit view: the full history with hashes, the state at any version (a slider over the timeline), the
 * hash-chain verification, exports (JSON, CSV, printable HTML), the access log and the workflow replay
 * check. Everything is computed by the API; this screen only asks and shows.
 */
import { useLocation, useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { api, download, unwrap } from '../api/client';
import type { SchemaCaseVerificationView, SchemaReplayCheckView } from '../api/schema';
import { formatInstant } from '../components/format';
import { useLoad } from '../components/hooks';
import { Loading, ProblemView, Section, StageTag } from '../components/ui';
import { label, useI18n } from '../i18n';

export function AuditScreen() {
  const { t } = useI18n();
  const { params } = useRoute();
  const { route } = useLocation();
  const [input, setInput] = useState(params.id ?? '');
  return (
    <>
      <h1>{t.audit.title}</h1>
      <form
        class="filters card"
        onSubmit={(e) => {
          e.preventDefault();
          if (input.trim()) route(`/console/audit/${encodeURIComponent(input.trim())}`);
        }}
      >
        <div class="field wide">
          <label for="audit-case">{t.audit.pick}</label>
          <input id="audit-case" value={input} onInput={(e) => setInput(e.currentTarget.value)} />
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            {t.audit.load}
          </button>
        </div>
      </form>
      {params.id && <CaseAudit id={params.id} key={params.id} />}
    </>
  );
}

function CaseAudit({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const events = useLoad(
    async () =>
      unwrap(await api.GET('/cases/{id}/events', { params: { path: { id }, query: { limit: 500 } } })),
    id,
  );
  const [version, setVersion] = useState<number | null>(null);
  const head = events.data?.headVersion ?? 0;
  const at = version ?? head;
  const stateAt = useLoad(
    async () =>
      at
        ? unwrap(await api.GET('/cases/{id}/state', { params: { path: { id }, query: { version: at } } }))
        : undefined,
    `${id}@${at}`,
  );
  const [verification, setVerification] = useState<SchemaCaseVerificationView>();
  const [replay, setReplay] = useState<SchemaReplayCheckView>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState('');
  const accessLog = useLoad(
    async () =>
      unwrap(await api.GET('/cases/{id}/access-log', { params: { path: { id }, query: { limit: 50 } } })),
    `${id}:${verification?.headVersion ?? ''}`,
  );
  const act = async (name: string, run: () => Promise<void>) => {
    setBusy(name);
    setError(undefined);
    try {
      await run();
    } catch (e) {
      setError(e);
    } finally {
      setBusy('');
    }
  };
  if (events.error) return <ProblemView error={events.error} />;
  if (!events.data) return <Loading />;
  const state = stateAt.data?.state as
    { stage?: string; assignedOfficer?: { id: string } | null } | undefined;

  return (
    <>
      <ProblemView error={error} />
      <div class="two-columns">
        <Section title={t.audit.verify} id="verify">
          <button
            type="button"
            class="primary"
            disabled={busy !== ''}
            onClick={() =>
              act('verify', async () =>
                setVerification(
                  unwrap(await api.POST('/cases/{id}/verification', { params: { path: { id } } })),
                ),
              )
            }
          >
            {t.audit.verify}
          </button>
          {verification && (
            <p class={verification.ok ? 'ok' : 'problem'} role="status">
              <strong>{verification.ok ? `✔ ${t.audit.verified}` : `✘ ${t.audit.broken}`}</strong> —{' '}
              {verification.eventsChecked} {t.audit.eventsChecked}
              {verification.firstInvalid && (
                <span>
                  {' '}
                  (v{verification.firstInvalid.version}: {verification.firstInvalid.reason})
                </span>
              )}
            </p>
          )}
        </Section>
        <Section title={t.audit.exports} id="exports">
          <div class="button-row">
            {(['json', 'csv', 'html'] as const).map((format) => (
              <button
                key={format}
                type="button"
                disabled={busy !== ''}
                onClick={() =>
                  act(format, () =>
                    download(
                      `/cases/${encodeURIComponent(id)}/export?format=${format}`,
                      `kasus-${id}-v${head}.${format}`,
                    ),
                  )
                }
              >
                {format.toUpperCase()}
              </button>
            ))}
          </div>
        </Section>
      </div>

      <Section title={t.audit.stateAt} id="state-at">
        <label for="version-slider">
          {t.audit.stateAt}: <output for="version-slider">{at}</output> / {head}
        </label>
        <input
          id="version-slider"
          type="range"
          min={1}
          max={head}
          value={at}
          onInput={(e) => setVersion(Number(e.currentTarget.value))}
        />
        {stateAt.data && (
          <p>
            <StageTag stage={state?.stage ?? 'none'} /> · {label(t.events, stateAt.data.lastEvent.type)} ·{' '}
            {formatInstant(stateAt.data.lastEvent.recordedAt, locale)}
          </p>
        )}
        {stateAt.data && (
          <details>
            <summary>JSON</summary>
            <pre class="json">{JSON.stringify(stateAt.data.state, null, 2)}</pre>
          </details>
        )}
      </Section>

      <Section title={t.caseView.timeline} id="history">
        <div class="table-wrap">
          <table class="history stacked">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t.caseView.timeline}</th>
                <th scope="col">{t.caseView.actor}</th>
                <th scope="col">{t.caseView.occurredOn}</th>
                <th scope="col">{t.caseView.recordedAt}</th>
                <th scope="col">{t.audit.hash}</th>
              </tr>
            </thead>
            <tbody>
              {events.data.items.map((e) => (
                <tr key={e.eventId} class={e.version === at ? 'selected' : undefined}>
                  <td data-label="#">{e.version}</td>
                  <td data-label={t.caseView.timeline}>
                    {label(t.events, e.type)}
                    {e.reason && <div class="small muted">{e.reason}</div>}
                  </td>
                  <td class="small" data-label={t.caseView.actor}>
                    {e.actor.id} ({e.actor.role})
                  </td>
                  <td class="small" data-label={t.caseView.occurredOn}>
                    {formatInstant(e.occurredAt, locale)}
                  </td>
                  <td class="small" data-label={t.caseView.recordedAt}>
                    {formatInstant(e.recordedAt, locale)}
                  </td>
                  <td data-label={t.audit.hash}>
                    <code class="hash" title={`${t.audit.previousHash}: ${e.previousHash}`}>
                      {e.hash.slice(0, 16)}…
                    </code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

      <div class="two-columns">
        <Section title={t.audit.accessLog} id="access-log">
          {accessLog.error ? (
            <ProblemView error={accessLog.error} />
          ) : !accessLog.data ? (
            <Loading />
          ) : (
            <div class="table-wrap">
              <table class="stacked">
                <thead>
                  <tr>
                    <th scope="col">{t.audit.at}</th>
                    <th scope="col">{t.audit.reader}</th>
                    <th scope="col">{t.audit.route}</th>
                    <th scope="col">{t.audit.status}</th>
                  </tr>
                </thead>
                <tbody>
                  {accessLog.data.items.map((r) => (
                    <tr key={r.id}>
                      <td class="small" data-label={t.audit.at}>
                        {formatInstant(r.accessedAt, locale)}
                      </td>
                      <td class="small" data-label={t.audit.reader}>
                        {r.actor.id} ({r.actor.role})
                      </td>
                      <td class="small" data-label={t.audit.route}>
                        <code>
                          {r.method} {r.route}
                        </code>
                      </td>
                      <td data-label={t.audit.status}>{r.status}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Section>
        <Section title={t.audit.replay} id="replay">
          <button
            type="button"
            disabled={busy !== ''}
            onClick={() =>
              act('replay', async () =>
                setReplay(
                  unwrap(await api.POST('/audit/replay-check', { body: { workflowIds: [id], limit: 10 } })),
                ),
              )
            }
          >
            {t.audit.replayRun}
          </button>
          {busy === 'replay' && <Loading />}
          {replay && (
            <div role="status">
              <p class={replay.ok ? 'ok' : 'problem'}>
                <strong>{replay.ok ? '✔' : '✘'}</strong> {replay.runsChecked} run(s), {replay.failures}{' '}
                failure(s)
              </p>
              <ul class="small">
                {replay.results.map((r) => (
                  <li key={r.runId}>
                    <code>{r.runId.slice(0, 8)}</code> {r.status} — {r.ok ? 'ok' : (r.error ?? 'failed')}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </Section>
      </div>
    </>
  );
}
