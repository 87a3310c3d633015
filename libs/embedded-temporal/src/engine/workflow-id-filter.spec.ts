import type { Pool } from 'pg';
import { silentLogger } from '../logger';
import { WorkflowIdFilter } from './workflow-id-filter';

/** A pool whose current_executions holds `ids`, answered page by page as the filter asks. */
function poolOf(ids: [string, string][], failures = 0) {
  const sorted = [...ids].sort((a, b) => (a[0] + '\u0000' + a[1] < b[0] + '\u0000' + b[1] ? -1 : 1));
  const pool = {
    calls: 0,
    async query(sql: string, [ns, id]: [string, string]) {
      pool.calls++;
      if (failures-- > 0) throw new Error('connection refused');
      const limit = Number(/LIMIT (\d+)/.exec(sql)![1]);
      const rows = sorted
        .filter(([n, w]) => n > ns || (n === ns && w > id))
        .slice(0, limit)
        .map(([namespace, workflow_id]) => ({ namespace, workflow_id }));
      return { rows };
    },
  };
  return pool;
}

const loaded = async (filter: WorkflowIdFilter) => {
  filter.certainlyAbsent('default', 'probe');
  // The load runs in the background; wait until it answers.
  for (let i = 0; i < 100 && !filter.certainlyAbsent('default', 'never-started-probe'); i++)
    await new Promise((r) => setImmediate(r));
};

describe('WorkflowIdFilter', () => {
  it('answers "maybe" until the table is loaded, then "absent" only for ids it never saw', async () => {
    const ids = Array.from({ length: 45_000 }, (_, i) => ['default', `case-${i}`] as [string, string]);
    const pool = poolOf(ids);
    const filter = new WorkflowIdFilter(pool as unknown as Pool, silentLogger);
    expect(filter.certainlyAbsent('default', 'case-1')).toBe(false);
    await loaded(filter);
    expect(pool.calls).toBe(3); // 20,000 per page
    for (const [ns, id] of ids) expect(filter.certainlyAbsent(ns, id)).toBe(false);
    const absent = Array.from({ length: 10_000 }, (_, i) => filter.certainlyAbsent('default', `other-${i}`));
    expect(absent.filter(Boolean).length).toBeGreaterThan(9_900);
    expect(filter.certainlyAbsent('other-namespace', 'case-1')).toBe(true);
  });

  it('never answers "absent" for an id a commit made current', async () => {
    const filter = new WorkflowIdFilter(poolOf([]) as unknown as Pool, silentLogger);
    await loaded(filter);
    expect(filter.certainlyAbsent('default', 'new-case')).toBe(true);
    filter.add('default', 'new-case');
    expect(filter.certainlyAbsent('default', 'new-case')).toBe(false);
  });

  it('keeps answering "maybe" when the load fails, and retries on the next question', async () => {
    const pool = poolOf([['default', 'case-1']], 1);
    const filter = new WorkflowIdFilter(pool as unknown as Pool, silentLogger);
    expect(filter.certainlyAbsent('default', 'x')).toBe(false);
    await new Promise((r) => setImmediate(r));
    expect(filter.certainlyAbsent('default', 'x')).toBe(false);
    await loaded(filter);
    expect(filter.certainlyAbsent('default', 'x')).toBe(true);
    expect(filter.certainlyAbsent('default', 'case-1')).toBe(false);
  });
});
