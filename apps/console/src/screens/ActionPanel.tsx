/**
 * The action panel: exactly the commands the API says the caller may issue now (`allowedCommands` of
 * GET /cases/{id}), each a form built from that command's schema. A submission carries an Idempotency-Key
 * (one per submission, kept across a retry) and If-Match with the version the form was filled against; if
 * the case changed meanwhile (412), the conflict screen shows what changed and reloads, keeping the input.
 */
import { useState } from 'preact/hooks';
import { api, ApiProblem, idempotencyKey, saveBlob, unwrap } from '../api/client';
import commandForms from '../api/commands.json';
import type { SchemaAuditEventView, SchemaCaseStateView } from '../api/schema';
import { useDraft } from '../components/hooks';
import {
  bodyOf,
  type FormValue,
  initialValue,
  type JsonSchema,
  SchemaFields,
} from '../components/SchemaForm';
import { ProblemView, Section } from '../components/ui';
import { label, useI18n } from '../i18n';
import { summaryOf } from '../i18n/summaries';
import { type LetterTemplate, useLetterTemplates } from './Documents';

interface CommandForm {
  type: string;
  path: string;
  summary: string;
  description: string;
  schema: JsonSchema;
}

const FORMS = new Map((commandForms as unknown as CommandForm[]).map((f) => [f.type, f]));

type Allowed = { type: string; description: string; preconditions?: { id: string; description: string }[] };

export function ActionPanel({ state, onChanged }: { state: SchemaCaseStateView; onChanged: () => void }) {
  const { t } = useI18n();
  // Commands with a form here; AttachDocument has its own panel (Dokumen), so a PPK allowed only that
  // still reads that nothing is to be done here instead of an empty panel.
  const allowed = (state as { allowedCommands?: Allowed[] }).allowedCommands?.filter((c) =>
    FORMS.has(c.type),
  );
  return (
    <Section title={t.caseView.actions} id="actions">
      {allowed === undefined ? (
        <p class="muted">{t.caseView.actionsPending}</p>
      ) : allowed.length === 0 ? (
        <p class="muted">{t.caseView.noActions}</p>
      ) : (
        allowed.map((command) => (
          <CommandPanel
            key={command.type}
            command={command}
            form={FORMS.get(command.type)!}
            state={state}
            onChanged={onChanged}
          />
        ))
      )}
    </Section>
  );
}

interface Draft {
  values: Record<string, FormValue>;
  /** The case version the input was typed against: set on the first keystroke (null while untouched). */
  baseVersion: number | null;
  key: string;
}

function CommandPanel(props: {
  command: Allowed;
  form: CommandForm;
  state: SchemaCaseStateView;
  onChanged: () => void;
}) {
  const { t, lang } = useI18n();
  const { form, state } = props;
  const [draft, setDraft, clearDraft] = useDraft<Draft>(`${state.caseId}.${form.type}`, () => ({
    values: initialValue(form.schema) as Record<string, FormValue>,
    baseVersion: null,
    key: idempotencyKey(),
  }));
  const baseVersion = draft.baseVersion ?? state.version;
  const edit = (values: Record<string, FormValue>) => setDraft({ ...draft, values, baseVersion });
  const [error, setError] = useState<unknown>();
  const [conflict, setConflict] = useState<SchemaAuditEventView[] | null>(null);
  const [busy, setBusy] = useState(false);
  const idPrefix = `cmd-${form.type}`;
  const hasReason = 'reason' in (form.schema.properties ?? {});
  const letter = letterOf(useLetterTemplates(), form.type, draft.values);

  /** The letter this command will record, rendered by the API as a draft (KONSEP) from the form's input. */
  const preview = async () => {
    if (!letter) return;
    setError(undefined);
    try {
      const result = await api.POST('/cases/{id}/letters/{templateId}/draft', {
        params: { path: { id: state.caseId, templateId: letter.id as 'lhp' } },
        body: { command: bodyOf(form.schema, draft.values) as never },
        parseAs: 'blob',
      });
      saveBlob(
        unwrap(result as { data?: Blob; error?: unknown; response: Response }),
        `KONSEP-${letter.id}.pdf`,
      );
    } catch (err) {
      setError(err);
    }
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setConflict(null);
    try {
      const path = form.path.replace('{id}', encodeURIComponent(state.caseId));
      const result = await api.POST(
        path as '/cases/{id}/close',
        {
          params: {
            path: { id: state.caseId },
            header: { 'Idempotency-Key': draft.key, 'If-Match': `"${baseVersion}"` },
          },
          body: bodyOf(form.schema, draft.values) as never,
        } as never,
      );
      unwrap(result as { data?: unknown; error?: unknown; response: Response });
      clearDraft();
      props.onChanged();
    } catch (err) {
      if (err instanceof ApiProblem && err.status === 412) {
        // Someone else changed the case: show what, reload, and let the user resubmit against the new version.
        const changes = unwrap(
          await api.GET('/cases/{id}/events', {
            params: { path: { id: state.caseId }, query: { fromVersion: baseVersion + 1, limit: 100 } },
          }),
        );
        setConflict(changes.items);
        setDraft({ ...draft, baseVersion: changes.headVersion, key: idempotencyKey() });
        props.onChanged();
      } else {
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <details
      class="action-form"
      open={
        Object.values(draft.values).some(
          (v) => v !== '' && v !== null && !(Array.isArray(v) && v.length === 0),
        ) || conflict !== null
      }
    >
      <summary>{label(t.commands, form.type)}</summary>
      <p class="small muted">{summaryOf(lang, form.type, props.command.description)}</p>
      {conflict && (
        <div class="conflict" role="alert">
          <h3>{t.caseView.conflictTitle}</h3>
          <p>{t.caseView.conflictBody}</p>
          <p class="small">{t.caseView.conflictChanges}:</p>
          <ul class="small">
            {conflict.map((e) => (
              <li key={e.eventId}>
                #{e.version} {label(t.events, e.type)} — {e.actor.id} ({label(t.roles, e.actor.role)})
              </li>
            ))}
          </ul>
        </div>
      )}
      <form onSubmit={submit} class="stack">
        <SchemaFields
          schema={form.schema}
          value={draft.values}
          onChange={edit}
          idPrefix={idPrefix}
          commandType={form.type}
          timeZone={state.timeZone}
          skip={['reason']}
        />
        {hasReason && (
          <div class="field">
            <label for={`${idPrefix}-reason`}>
              {t.common.reason}
              {form.schema.required?.includes('reason') ? ' *' : ''}
            </label>
            <input
              id={`${idPrefix}-reason`}
              required={form.schema.required?.includes('reason')}
              value={String(draft.values.reason ?? '')}
              onInput={(e) =>
                setDraft({ ...draft, values: { ...draft.values, reason: e.currentTarget.value } })
              }
            />
          </div>
        )}
        <ProblemView error={error} />
        <div class="button-row">
          <button type="submit" class="primary" disabled={busy}>
            {label(t.commands, form.type)}
          </button>
          {letter && (
            <button type="button" onClick={() => void preview()}>
              {t.documents.preview}
            </button>
          )}
        </div>
      </form>
    </details>
  );
}

/** The letter template whose fact this command records (summons I or II by its `sequence`), if any. */
function letterOf(
  templates: LetterTemplate[] | undefined,
  type: string,
  values: Record<string, FormValue>,
): LetterTemplate | undefined {
  const candidates = (templates ?? []).filter((l) => l.command === type);
  const sequence = Number(values.sequence ?? 1) || 1;
  return candidates.find((l) => l.fact.sequence === sequence) ?? candidates[0];
}
