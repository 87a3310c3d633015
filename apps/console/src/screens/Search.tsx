/**
 * Search and filters. Every filter, and the page cursor, lives in the query string, so a view can be
 * bookmarked or shared; the API validates them (a bad value shows its problem message).
 */
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client';
import type { paths } from '../api/schema';
import { session } from '../auth/session';
import { CaseTable } from '../components/CaseTable';
import { useLoad } from '../components/hooks';
import { Loading, Pager, ProblemView } from '../components/ui';
import { useI18n } from '../i18n';
import {
  CASE_FILTERS,
  CaseFilterFields,
  UNTRACKED_FILTER,
  UntrackedOnlyField,
} from '../components/CaseFilters';

type Query = NonNullable<paths['/cases']['get']['parameters']['query']>;
const FILTERS = ['q', ...CASE_FILTERS, 'overdue', UNTRACKED_FILTER] as const;

export function SearchScreen() {
  const { t } = useI18n();
  const location = useLocation();
  const params = location.query;
  const [form, setForm] = useState<Record<string, string>>(() =>
    Object.fromEntries(FILTERS.map((f) => [f, params[f] ?? ''])),
  );
  const [previous, setPrevious] = useState<string[]>([]);
  const filters: Query = Object.fromEntries(
    [...FILTERS, 'limit', 'cursor'].filter((f) => params[f]).map((f) => [f, params[f]]),
  ) as Query;
  const key = new URLSearchParams(filters as Record<string, string>).toString();
  const page = useLoad(
    async () => unwrap(await api.GET('/cases', { params: { query: { limit: '20', ...filters } } })),
    key,
  );
  const national = session.value?.agency === '*';

  const go = (next: Record<string, string>) => {
    const clean = Object.fromEntries(
      Object.entries({ ...next, limit: params.limit ?? '' }).filter(([, v]) => v),
    );
    location.route(`/console/cari${Object.keys(clean).length ? `?${new URLSearchParams(clean)}` : ''}`);
  };
  const field = (name: string) => ({
    id: `f-${name}`,
    name,
    value: form[name],
    onInput: (e: Event) => setForm({ ...form, [name]: (e.currentTarget as HTMLInputElement).value }),
    onChange: (e: Event) => setForm({ ...form, [name]: (e.currentTarget as HTMLInputElement).value }),
  });

  return (
    <>
      <h1>{t.search.title}</h1>
      <form
        class="filters card"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setPrevious([]);
          go(form);
        }}
      >
        <div class="field wide">
          <label for="f-q">{t.search.q}</label>
          <input type="search" {...field('q')} />
        </div>
        <CaseFilterFields field={field} national={national} />
        <div class="field">
          <label for="f-overdue">{t.search.overdue}</label>
          <select {...field('overdue')}>
            <option value="">{t.common.all}</option>
            <option value="true">{t.search.overdueOnly}</option>
            <option value="false">{t.search.notOverdue}</option>
          </select>
        </div>
        <UntrackedOnlyField form={form} setForm={setForm} />
        <div class="actions">
          <button type="submit" class="primary">
            {t.search.submit}
          </button>
          <button
            type="button"
            onClick={() => {
              setForm(Object.fromEntries(FILTERS.map((f) => [f, ''])));
              go({});
            }}
          >
            {t.search.reset}
          </button>
        </div>
        <p class="muted small">{t.search.bookmark}</p>
      </form>
      <h2>{t.search.results}</h2>
      <ProblemView error={page.error} />
      {page.loading && !page.data ? (
        <Loading />
      ) : page.data && page.data.items.length === 0 ? (
        <p class="empty">{t.search.empty}</p>
      ) : (
        page.data && <CaseTable items={page.data.items} caption={t.search.results} />
      )}
      <Pager
        hasPrevious={Boolean(params.cursor)}
        nextCursor={page.data?.nextCursor}
        onPrevious={() => {
          const back = previous.slice(0, -1);
          setPrevious(back);
          go({ ...pick(params), cursor: previous[previous.length - 1] ?? '' });
        }}
        onNext={(cursor) => {
          setPrevious([...previous, params.cursor ?? '']);
          go({ ...pick(params), cursor });
        }}
      />
    </>
  );
}

function pick(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries([...FILTERS, 'limit'].filter((f) => params[f]).map((f) => [f, params[f]]));
}
