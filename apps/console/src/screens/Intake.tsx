/**
 * Registrasi laporan/temuan: a new report. The reporter's identity sits in its own, marked section: the API
 * stores it apart and shows it only to the roles that may read it. The draft survives a re-sign-in; one
 * Idempotency-Key per submission makes a retried click register one case, not two.
 */
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { api, idempotencyKey, unwrap } from '../api/client';
import {
  electionDtoKindValues,
  reportedAsnDtoEmployeeTypeValues,
  reportSourceDtoKindValues,
  type SchemaRegisterReportDto,
} from '../api/schema';
import { ConfidenceBadge, termName, useCatalogues, ViolationSelect } from '../components/catalogue';
import { CivilDateInput } from '../components/CivilDateInput';
import { todayIn } from '../components/format';
import { useDraft } from '../components/hooks';
import { ProblemView } from '../components/ui';
import { label, useI18n } from '../i18n';

interface Draft {
  sourceKind: string;
  reference: string;
  receivedOn: string;
  nip: string;
  name: string;
  position: string;
  unit: string;
  agencyName: string;
  employeeType: string;
  violationType: string;
  conduct: string;
  electionKind: string;
  electionYear: string;
  reporterName: string;
  reporterAddress: string;
  reporterContact: string;
  reason: string;
  key: string;
}

const empty = (): Draft => ({
  sourceKind: 'public_report',
  reference: '',
  receivedOn: todayIn(),
  nip: '',
  name: '',
  position: '',
  unit: '',
  agencyName: '',
  employeeType: 'PNS',
  violationType: '',
  conduct: '',
  electionKind: 'pilkada',
  electionYear: String(new Date().getFullYear()),
  reporterName: '',
  reporterAddress: '',
  reporterContact: '',
  reason: '',
  key: idempotencyKey(),
});

function bodyOf(d: Draft): SchemaRegisterReportDto {
  const reporter = d.reporterName.trim()
    ? {
        name: d.reporterName.trim(),
        address: d.reporterAddress.trim(),
        contact: d.reporterContact.trim() || null,
      }
    : null;
  return {
    source: {
      kind: d.sourceKind as SchemaRegisterReportDto['source']['kind'],
      reference: d.reference.trim() || null,
      receivedOn: d.receivedOn,
    },
    reportedAsn: {
      nip: d.nip.trim() || null,
      name: d.name.trim(),
      position: d.position.trim(),
      unit: d.unit.trim(),
      agency: d.agencyName.trim(),
      employeeType: d.employeeType as SchemaRegisterReportDto['reportedAsn']['employeeType'],
    },
    violationType: d.violationType,
    conduct: d.conduct.trim(),
    election: {
      kind: d.electionKind as SchemaRegisterReportDto['election']['kind'],
      year: Number(d.electionYear),
    },
    ...(reporter ? { reporter } : {}),
    ...(d.reason.trim() ? { reason: d.reason.trim() } : {}),
  };
}

export function IntakeScreen() {
  const { t, lang } = useI18n();
  const { route } = useLocation();
  const catalogues = useCatalogues();
  const [draft, setDraft, clearDraft] = useDraft<Draft>('intake', empty);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const bind = (name: keyof Draft) => ({
    id: `in-${name}`,
    name,
    value: draft[name],
    onInput: (e: Event) => setDraft({ ...draft, [name]: (e.currentTarget as HTMLInputElement).value }),
    onChange: (e: Event) => setDraft({ ...draft, [name]: (e.currentTarget as HTMLInputElement).value }),
  });
  const violation = catalogues?.violations.violations.find((v) => v.code === draft.violationType);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.POST('/cases', {
        body: bodyOf(draft),
        params: { header: { 'Idempotency-Key': draft.key } },
      });
      const state = unwrap(result);
      clearDraft();
      route(`/console/kasus/${encodeURIComponent(state.caseId)}?baru=1`);
    } catch (err) {
      setError(err);
      document.getElementById('intake-problem')?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>{t.intake.title}</h1>
      <p class="muted">{t.intake.intro}</p>
      <form onSubmit={submit} class="intake" noValidate={false}>
        <fieldset class="card">
          <legend>{t.intake.sourceSection}</legend>
          <div class="grid">
            <div class="field">
              <label for="in-sourceKind">{t.intake.sourceKind} *</label>
              <select required {...bind('sourceKind')}>
                {reportSourceDtoKindValues.map((k) => (
                  <option key={k} value={k}>
                    {catalogues ? termName(catalogues.reportSources, k, lang) : label(t.sources, k)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="in-reference">{t.intake.reference}</label>
              <input {...bind('reference')} />
            </div>
            <div class="field">
              <label for="in-receivedOn">{t.intake.receivedOn} *</label>
              <CivilDateInput
                id="in-receivedOn"
                required
                value={draft.receivedOn}
                onChange={(receivedOn) => setDraft({ ...draft, receivedOn })}
              />
            </div>
          </div>
        </fieldset>

        <fieldset class="card">
          <legend>{t.intake.asnSection}</legend>
          <div class="grid">
            <div class="field">
              <label for="in-name">{t.intake.name} *</label>
              <input required autoComplete="off" {...bind('name')} />
            </div>
            <div class="field">
              <label for="in-nip">{t.fields.nip}</label>
              <input
                inputMode="numeric"
                pattern="\d{18}"
                maxLength={18}
                aria-describedby="nip-hint"
                {...bind('nip')}
              />
              <small id="nip-hint" class="muted">
                18 digit
              </small>
            </div>
            <div class="field">
              <label for="in-employeeType">{t.intake.employeeType} *</label>
              <select required {...bind('employeeType')}>
                {reportedAsnDtoEmployeeTypeValues.map((k) => (
                  <option key={k} value={k}>
                    {catalogues ? `${k} — ${termName(catalogues.employeeTypes, k, lang)}` : k}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="in-position">{t.intake.position} *</label>
              <input required {...bind('position')} />
            </div>
            <div class="field">
              <label for="in-unit">{t.intake.unit} *</label>
              <input required {...bind('unit')} />
            </div>
            <div class="field">
              <label for="in-agencyName">{t.intake.agencyName} *</label>
              <input required list="agency-names" {...bind('agencyName')} />
              <datalist id="agency-names">
                {catalogues?.agencies.agencies.map((a) => (
                  <option key={a.code} value={a.name} />
                ))}
              </datalist>
            </div>
          </div>
        </fieldset>

        <fieldset class="card">
          <legend>{t.intake.violationSection}</legend>
          <div class="grid">
            <div class="field wide">
              <label for="in-violationType">{t.intake.violationType} *</label>
              <ViolationSelect required {...bind('violationType')} />
              {violation && (
                <small class="muted">
                  {t.intake.legalBasis}: {violation.legalBasis}{' '}
                  <ConfidenceBadge confidence={violation.confidence} note={violation.confidenceNote} />
                </small>
              )}
            </div>
            <div class="field wide">
              <label for="in-conduct">{t.intake.conduct} *</label>
              <textarea required rows={3} {...bind('conduct')} />
            </div>
            <div class="field">
              <label for="in-electionKind">{t.intake.electionKind} *</label>
              <select required {...bind('electionKind')}>
                {electionDtoKindValues.map((k) => (
                  <option key={k} value={k}>
                    {catalogues ? termName(catalogues.electionKinds, k, lang) : label(t.elections, k)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="in-electionYear">{t.intake.electionYear} *</label>
              <input type="number" min={2000} max={2100} required {...bind('electionYear')} />
            </div>
          </div>
        </fieldset>

        <fieldset class="card confidential" aria-describedby="reporter-note">
          <legend>
            {/* Drawn, not an emoji: the servers' and officers' fonts often lack one (a blank box). */}
            <svg aria-hidden="true" viewBox="0 0 24 24" width="16" height="16" focusable="false" class="icon">
              <path
                fill="currentColor"
                d="M17 9V7A5 5 0 0 0 7 7v2H5v13h14V9h-2ZM9 7a3 3 0 0 1 6 0v2H9V7Zm4 9.73V19h-2v-2.27a2 2 0 1 1 2 0Z"
              />
            </svg>{' '}
            {t.intake.reporterSection}
          </legend>
          <p id="reporter-note" class="small">
            {t.intake.reporterNote}
          </p>
          <div class="grid">
            <div class="field">
              <label for="in-reporterName">{t.intake.reporterName}</label>
              <input autoComplete="off" {...bind('reporterName')} />
            </div>
            <div class="field">
              <label for="in-reporterAddress">{t.intake.reporterAddress}</label>
              <input autoComplete="off" {...bind('reporterAddress')} />
            </div>
            <div class="field">
              <label for="in-reporterContact">{t.intake.reporterContact}</label>
              <input autoComplete="off" {...bind('reporterContact')} />
            </div>
          </div>
        </fieldset>

        <div class="card">
          <div class="field wide">
            <label for="in-reason">{t.common.reason}</label>
            <input {...bind('reason')} />
          </div>
          <div id="intake-problem" tabIndex={-1}>
            <ProblemView error={error} />
          </div>
          <button type="submit" class="primary" disabled={busy}>
            {t.intake.submit}
          </button>
        </div>
      </form>
    </>
  );
}
