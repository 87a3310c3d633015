/**
 * The case page's documents: what is attached (fact proved, number, SHA-256 as recorded in the hash chain),
 * uploading a scan (multipart POST /cases/{id}/documents, with the hash computed here so the server checks
 * what arrived), and the official letters the API renders from recorded facts (issue = render + attach).
 */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiProblem, download, idempotencyKey, unwrap } from '../api/client';
import type { SchemaDocumentView, SchemaLetterOfferView } from '../api/schema';
import { currentToken, session, sessionExpired } from '../auth/session';
import { formatInstant } from '../components/format';
import { useLoad } from '../components/hooks';
import { Loading, ProblemView, Section } from '../components/ui';
import { label, useI18n } from '../i18n';
import { factsId } from '../i18n/documents';

/** Roles that may attach documents and issue letters (the API's DOCUMENT_WRITERS decides; this hides forms). */
const WRITERS = ['officer', 'supervisor', 'ppk'];
const ACCEPT = 'application/pdf,image/jpeg,image/png';

export interface LetterTemplate {
  id: string;
  name: string;
  fact: { kind: string; sequence: number };
  /** The command whose data the letter's draft is rendered from. */
  command: string;
}

let templates: Promise<LetterTemplate[]> | undefined;

/** The bundled letter templates (GET /letter-templates), loaded once. */
export function useLetterTemplates(): LetterTemplate[] | undefined {
  const [value, setValue] = useState<LetterTemplate[]>();
  useEffect(() => {
    templates ??= api
      .GET('/letter-templates')
      .then((r) => (unwrap(r as never) as { templates: LetterTemplate[] }).templates);
    templates.then(setValue, () => (templates = undefined));
  }, []);
  return value;
}

async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** POSTs a multipart form with the session's token (openapi-fetch sends JSON bodies only). */
async function postForm(path: string, form: FormData, key: string): Promise<unknown> {
  const token = currentToken();
  const response = await fetch(path, {
    method: 'POST',
    body: form,
    headers: { 'Idempotency-Key': key, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
  if (response.status === 401) sessionExpired.value = true;
  const body = (await response.json().catch(() => ({}))) as ApiProblem['problem'];
  if (!response.ok) throw new ApiProblem(response.status, body);
  return body;
}

/** `onChanged`: an upload or issued letter is an event of the case, so the page reloads the case (version). */
export function DocumentsSection(props: { caseId: string; version: number; onChanged(): void }) {
  const { caseId, version } = props;
  const { t, locale } = useI18n();
  const docs = useLoad(
    async () => unwrap(await api.GET('/cases/{id}/documents', { params: { path: { id: caseId } } })).items,
    `${caseId}@${version}`,
  );
  const [error, setError] = useState<unknown>();
  const writer = WRITERS.includes(session.value?.role ?? '');
  const items = docs.data;
  return (
    <Section title={t.documents.title} id="documents">
      <ProblemView error={docs.error ?? error} />
      {!items ? (
        <Loading />
      ) : items.length === 0 ? (
        <p class="muted">{t.documents.none}</p>
      ) : (
        <div class="table-wrap">
          <table class="documents stacked">
            <thead>
              <tr>
                <th scope="col">{t.documents.document}</th>
                <th scope="col">{t.documents.fact}</th>
                <th scope="col">{t.documents.hash}</th>
                <th scope="col">{t.documents.attachedAt}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <DocumentRow key={d.documentId} doc={d} locale={locale} onError={setError} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {writer && items && (
        <>
          <UploadForm caseId={caseId} onDone={props.onChanged} />
          <Letters caseId={caseId} version={version} onDone={props.onChanged} />
        </>
      )}
    </Section>
  );
}

function DocumentRow(props: { doc: SchemaDocumentView; locale: string; onError(e: unknown): void }) {
  const { t } = useI18n();
  const d = props.doc;
  const name = d.title ?? d.fileName ?? d.documentId;
  return (
    <tr>
      <td data-label={t.documents.document}>
        {d.withheld ? <span class="muted">{t.documents.withheld}</span> : name}
        <div class="small muted">
          {d.origin === 'generated' ? t.documents.generated : t.documents.uploaded}
          {d.contentUrl && !d.withheld && (
            <>
              {' · '}
              <button
                type="button"
                class="link"
                onClick={() =>
                  download(d.contentUrl!, d.fileName ?? `${d.documentId}.pdf`).catch(props.onError)
                }
              >
                {t.documents.download}
              </button>
            </>
          )}
        </div>
      </td>
      <td data-label={t.documents.fact}>
        {d.fact.name}
        <div class="small muted">
          {t.documents.reference} {d.factReference}
        </div>
      </td>
      <td data-label={t.documents.hash}>
        <code class="hash" title={d.sha256}>
          {d.sha256}
        </code>
      </td>
      <td class="small" data-label={t.documents.attachedAt}>
        {formatInstant(d.attachedAt, props.locale)} · #{d.version}
      </td>
    </tr>
  );
}

/** The facts in the order a case produces them (the order of their names' one home). */
const FACTS = Object.keys(factsId) as (keyof typeof factsId & SchemaDocumentView['fact']['kind'])[];

function UploadForm({ caseId, onDone }: { caseId: string; onDone(): void }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // One key per chosen file and fields: a retry after a network failure cannot attach twice.
  const [key, setKey] = useState(idempotencyKey);
  const submit = async (e: Event) => {
    e.preventDefault();
    const formElement = e.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const file = form.get('file');
    if (!(file instanceof File)) return;
    setBusy(true);
    setError(undefined);
    try {
      form.set('sha256', await sha256Hex(file));
      form.set('identifiesReporter', form.get('identifiesReporter') ? 'true' : 'false');
      for (const field of ['sequence', 'title', 'reason']) if (form.get(field) === '') form.delete(field);
      await postForm(`/cases/${encodeURIComponent(caseId)}/documents`, form, key);
      formElement.reset();
      setKey(idempotencyKey());
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details class="action-form">
      <summary>{t.documents.upload}</summary>
      <form class="stack" onSubmit={submit} onChange={() => setKey(idempotencyKey())}>
        <div class="field">
          <label for="doc-file">{t.documents.file} *</label>
          <input id="doc-file" name="file" type="file" accept={ACCEPT} required />
        </div>
        <div class="field">
          <label for="doc-fact">{t.documents.fact} *</label>
          <select id="doc-fact" name="fact" required>
            {FACTS.map((f) => (
              <option key={f} value={f}>
                {label(t.facts, f)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="doc-sequence">{t.documents.sequence}</label>
          <input id="doc-sequence" name="sequence" type="number" min={1} max={9} />
        </div>
        <div class="field">
          <label for="doc-title">{t.documents.docTitle}</label>
          <input id="doc-title" name="title" maxLength={200} />
        </div>
        <div class="field">
          <label>
            <input name="identifiesReporter" type="checkbox" value="true" /> {t.documents.identifiesReporter}
          </label>
        </div>
        <div class="field">
          <label for="doc-reason">{t.common.reason}</label>
          <input id="doc-reason" name="reason" maxLength={5000} />
        </div>
        <ProblemView error={error} />
        <button type="submit" class="primary" disabled={busy}>
          {t.documents.send}
        </button>
      </form>
    </details>
  );
}

/**
 * The case's letters as the API offers them (GET /cases/{id}/letters): a letter whose facts the case has
 * can be issued; the others are shown disabled with the facts they still need (issuing them would be
 * refused with UNKNOWN_FACT).
 */
function Letters(props: { caseId: string; version: number; onDone(): void }) {
  const { t, lang } = useI18n();
  const offers = useLoad(
    async () =>
      unwrap(await api.GET('/cases/{id}/letters', { params: { path: { id: props.caseId } } })).items,
    `letters:${props.caseId}@${props.version}`,
  );
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<string>();
  if (!offers.data) return <ProblemView error={offers.error} />;
  const issue = async (offer: SchemaLetterOfferView) => {
    setBusy(offer.id);
    setError(undefined);
    try {
      unwrap(
        await api.POST('/cases/{id}/letters/{templateId}', {
          params: {
            path: { id: props.caseId, templateId: offer.id as 'lhp' },
            header: { 'Idempotency-Key': idempotencyKey() },
          },
          body: {},
        }),
      );
      props.onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <div class="letters">
      <h3>{t.documents.letters}</h3>
      <ul class="plain">
        {offers.data.map((offer) => {
          const whyId = `letter-${offer.id}-why`;
          return (
            <li key={offer.id}>
              {offer.name}{' '}
              {offer.issuedDocumentId ? (
                <span class="muted small">({t.documents.issued})</span>
              ) : (
                <>
                  <button
                    type="button"
                    disabled={busy !== undefined || !offer.available}
                    aria-describedby={offer.available ? undefined : whyId}
                    onClick={() => void issue(offer)}
                  >
                    {t.documents.issue}
                    <span class="visually-hidden"> {offer.name}</span>
                  </button>
                  {!offer.available && (
                    <div id={whyId} class="small muted">
                      {t.documents.missingFacts}:{' '}
                      {offer.missingFacts
                        .map((f) => (lang === 'id' ? f.name : factLabel(t.facts, f)))
                        .join(', ')}
                    </div>
                  )}
                </>
              )}
            </li>
          );
        })}
      </ul>
      <ProblemView error={error} />
    </div>
  );
}

/** A fact in English (the API names it in Indonesian, with its sequence: Surat panggilan II). */
function factLabel(facts: Record<string, string>, fact: { kind: string; sequence: number }) {
  return fact.sequence > 1 ? `${label(facts, fact.kind)} ${fact.sequence}` : label(facts, fact.kind);
}
