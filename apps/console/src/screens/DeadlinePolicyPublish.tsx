/** Publishing a deadline policy version from the console (administrators; POST /deadline-policies). */
import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client';
import type { SchemaDeadlinePolicyDocument } from '../api/schema';
import { useDraft } from '../components/hooks';
import { ProblemView, Section } from '../components/ui';
import { useI18n } from '../i18n';

/**
 * Publishing a corrected version: the whole policy document as JSON (every rule with its length, unit,
 * legal basis and confidence), started from the newest version so only what changes needs typing.
 */
export function PublishForm(props: {
  latest: SchemaDeadlinePolicyDocument | undefined;
  onPublished(): void;
}) {
  const { t } = useI18n();
  const initial = () => ({
    document: props.latest ? JSON.stringify({ ...props.latest, version: '' }, null, 2) : '',
    reason: '',
  });
  const [draft, setDraft, clearDraft] = useDraft('policy-publish', initial);
  const [error, setError] = useState<unknown>();
  const [jsonError, setJsonError] = useState<string>();
  const [published, setPublished] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setJsonError(undefined);
    setPublished(undefined);
    let policy: SchemaDeadlinePolicyDocument;
    try {
      policy = JSON.parse(draft.document) as SchemaDeadlinePolicyDocument;
    } catch (err) {
      setJsonError(`${t.policies.badJson}: ${(err as Error).message}`);
      return;
    }
    setBusy(true);
    try {
      const view = unwrap(
        await api.POST('/deadline-policies', { body: { reason: draft.reason.trim(), policy } }),
      );
      setPublished(view.version);
      clearDraft();
      props.onPublished();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t.policies.publishTitle} id="policy-publish">
      <p class="muted">{t.policies.publishIntro}</p>
      <form onSubmit={(e) => void submit(e)} class="stack">
        <div class="field">
          <label for="publish-reason">{t.common.reason} *</label>
          <input
            id="publish-reason"
            required
            maxLength={500}
            value={draft.reason}
            onInput={(e) => setDraft({ ...draft, reason: e.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for="publish-document">{t.policies.document} *</label>
          <textarea
            id="publish-document"
            required
            rows={14}
            spellcheck={false}
            class="code"
            aria-describedby="publish-document-hint"
            value={draft.document}
            onInput={(e) => setDraft({ ...draft, document: e.currentTarget.value })}
          />
          <small id="publish-document-hint" class="muted">
            {t.policies.documentHint}
          </small>
        </div>
        {jsonError && (
          <div class="problem" role="alert">
            {jsonError}
          </div>
        )}
        <ProblemView error={error} />
        {published && (
          <p class="ok" role="status">
            {t.policies.published(published)}
          </p>
        )}
        <div class="button-row">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? t.common.loading : t.policies.publish}
          </button>
          <button type="button" onClick={clearDraft} disabled={busy}>
            {t.policies.resetDocument}
          </button>
        </div>
      </form>
    </Section>
  );
}
