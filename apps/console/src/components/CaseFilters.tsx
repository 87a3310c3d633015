/**
 * The case filters the search and the statistics share (the API's CaseFilterQuery): same names in the URL
 * and in the API's query string, so a bookmarked view of one can be opened in the other.
 */
import { caseSummaryViewStageValues, electionDtoKindValues } from '../api/schema';
import { label, useI18n } from '../i18n';
import { ViolationSelect } from './catalogue';
import { CivilDateInput } from './CivilDateInput';

export const CASE_FILTERS = [
  'stage',
  'agency',
  'violationType',
  'officerId',
  'electionKind',
  'electionYear',
  'registeredFrom',
  'registeredTo',
] as const;

/** Only the cases with an open deadline nobody counts (DeadlineNotTracked): a check box, `true` or absent. */
export const UNTRACKED_FILTER = 'deadlinesNotTracked';

/** Props of one filter control, bound to the screen's form state (id `f-<name>`). */
export type FieldBinding = (name: string) => {
  id: string;
  name: string;
  value: string;
  onInput(e: Event): void;
  onChange(e: Event): void;
};

/** The filter's value from a query string, for the API (empty ones left out). */
export function filtersOf(params: Record<string, string | undefined>, names: readonly string[]) {
  return Object.fromEntries(names.filter((f) => params[f]).map((f) => [f, params[f]!]));
}

export function CaseFilterFields({ field, national }: { field: FieldBinding; national: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <div class="field">
        <label for="f-stage">{t.fields.stage}</label>
        <select {...field('stage')}>
          <option value="">{t.common.all}</option>
          {caseSummaryViewStageValues
            .filter((s) => s !== 'none')
            .map((s) => (
              <option key={s} value={s}>
                {label(t.stages, s)}
              </option>
            ))}
        </select>
      </div>
      {national && (
        <div class="field">
          <label for="f-agency">{t.fields.agency}</label>
          <input {...field('agency')} placeholder="kota-bekasi" />
        </div>
      )}
      <div class="field">
        <label for="f-violationType">{t.fields.violation}</label>
        <ViolationSelect {...field('violationType')} allowAll />
      </div>
      <div class="field">
        <label for="f-officerId">{t.search.officerId}</label>
        <input {...field('officerId')} />
      </div>
      <div class="field">
        <label for="f-electionKind">{t.fields.election}</label>
        <select {...field('electionKind')}>
          <option value="">{t.common.all}</option>
          {electionDtoKindValues.map((k) => (
            <option key={k} value={k}>
              {label(t.elections, k)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="f-electionYear">{t.search.electionYear}</label>
        <input inputMode="numeric" pattern="\d{4}" {...field('electionYear')} />
      </div>
      <div class="field">
        <label for="f-registeredFrom">{t.search.registeredFrom}</label>
        <DateFilter binding={field('registeredFrom')} />
      </div>
      <div class="field">
        <label for="f-registeredTo">{t.search.registeredTo}</label>
        <DateFilter binding={field('registeredTo')} />
      </div>
    </>
  );
}

/** The check box of UNTRACKED_FILTER, bound to the screen's form state ('true' or ''). */
export function UntrackedOnlyField({
  form,
  setForm,
}: {
  form: Record<string, string>;
  setForm(next: Record<string, string>): void;
}) {
  const { t } = useI18n();
  return (
    <div class="field">
      <label class="check">
        <input
          type="checkbox"
          id={`f-${UNTRACKED_FILTER}`}
          name={UNTRACKED_FILTER}
          checked={form[UNTRACKED_FILTER] === 'true'}
          onChange={(e) => setForm({ ...form, [UNTRACKED_FILTER]: e.currentTarget.checked ? 'true' : '' })}
        />
        {t.search.untrackedOnly}
      </label>
    </div>
  );
}

/** A date filter typed dd/mm/yyyy; the binding reads `currentTarget.value`, so it is handed the ISO date so. */
function DateFilter({ binding }: { binding: ReturnType<FieldBinding> }) {
  return (
    <CivilDateInput
      id={binding.id}
      value={binding.value ?? ''}
      onChange={(iso) => binding.onInput({ currentTarget: { value: iso } } as unknown as Event)}
    />
  );
}
