/** Kasus saya: the caller's open cases, nearest statutory deadline first, refreshed while open. */
import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client';
import { CaseTable } from '../components/CaseTable';
import { useLoad } from '../components/hooks';
import { Loading, Pager, ProblemView } from '../components/ui';
import { useI18n } from '../i18n';

export const WORK_LIST_REFRESH_MS = 15_000;

export function WorkListScreen() {
  const { t } = useI18n();
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const page = useLoad(
    async () =>
      unwrap(
        await api.GET('/work-list', { params: { query: { limit: '20', ...(cursor ? { cursor } : {}) } } }),
      ),
    `work-list:${cursor ?? ''}`,
    WORK_LIST_REFRESH_MS,
  );
  return (
    <>
      <h1>{t.workList.title}</h1>
      <p class="muted">
        {t.workList.intro} <span class="small">({t.common.updatedLive})</span>
      </p>
      <ProblemView error={page.error} />
      {page.loading && !page.data ? (
        <Loading />
      ) : page.data && page.data.items.length === 0 ? (
        <p class="empty">{t.workList.empty}</p>
      ) : (
        page.data && <CaseTable items={page.data.items} caption={t.workList.title} />
      )}
      <Pager
        hasPrevious={cursors.length > 0}
        nextCursor={page.data?.nextCursor}
        onPrevious={() => setCursors(cursors.slice(0, -1))}
        onNext={(c) => setCursors([...cursors, c])}
      />
    </>
  );
}
