import { StateCache } from './state-cache';
import type { ExecutionState } from './state';

/** Only the fields the cache reads; the rest of a run's state does not matter here. */
const run = (runId: string, nextEventId: number) =>
  ({ runId, namespace: 'default', workflowId: 'case-1', nextEventId }) as unknown as ExecutionState;

describe('StateCache', () => {
  it('a state read before a commit does not replace the state that commit cached meanwhile', () => {
    const cache = new StateCache();
    const since = cache.mark();
    const readBeforeCommit = run('r1', 5);
    cache.put(run('r1', 9)); // the transaction's afterCommit, while the reader awaited its SELECT

    const used = cache.fill(readBeforeCommit, since);

    expect(used).toMatchObject({ nextEventId: 9 });
    expect(cache.get('r1')).toMatchObject({ nextEventId: 9 });
  });

  it('a state read when nothing is cached is cached and used', () => {
    const cache = new StateCache();
    expect(cache.fill(run('r1', 5), cache.mark())).toMatchObject({ nextEventId: 5 });
    expect(cache.get('r1')).toMatchObject({ nextEventId: 5 });
  });

  it('a state read before a commit is not cached when that commit was evicted meanwhile', () => {
    const cache = new StateCache(1);
    cache.put(run('r1', 5));
    cache.put(run('r2', 1)); // r1 evicted
    const since = cache.mark();
    const readBeforeCommit = run('r1', 5); // the reader's SELECT, answered before the commit below
    cache.put(run('r1', 9)); // a transaction commits r1 ...
    cache.put(run('r2', 2)); // ... and another workflow's commit evicts it, all while the reader awaited

    expect(cache.fill(readBeforeCommit, since)).toBeUndefined();
    expect(cache.get('r1')).toBeUndefined();
    // Read again after that commit: cached.
    const again = cache.mark();
    expect(cache.fill(run('r1', 9), again)).toMatchObject({ nextEventId: 9 });
    expect(cache.get('r1')).toMatchObject({ nextEventId: 9 });
  });

  it('a read that began before commits it no longer has a record of is not cached', () => {
    const cache = new StateCache(1); // records the last commit of 2 runs
    const since = cache.mark();
    cache.put(run('r1', 9));
    for (const id of ['r2', 'r3', 'r4']) cache.put(run(id, 1)); // r1's record dropped

    expect(cache.fill(run('r1', 5), since)).toBeUndefined();
    expect(cache.fill(run('r1', 9), cache.mark())).toMatchObject({ nextEventId: 9 });
  });

  it("a current run read before a continue-as-new committed does not replace the new run's id", () => {
    const cache = new StateCache();
    const since = cache.mark();
    cache.setCurrentRun('default', 'case-1', 'r2');

    expect(cache.fillCurrentRun('default', 'case-1', 'r1', since)).toEqual({ runId: 'r2' });
    expect(cache.currentRun('default', 'case-1')).toBe('r2');
    expect(cache.fillCurrentRun('default', 'case-2', 'r7', since)).toEqual({ runId: 'r7' });
    expect(cache.currentRun('default', 'case-2')).toBe('r7');
    expect(cache.fillCurrentRun('default', 'case-3', undefined, since)).toEqual({ runId: undefined });
  });

  it('a current run read before a continue-as-new is refused when that commit was dropped for room meanwhile', () => {
    const cache = new StateCache(1); // one workflow id's current run, records of two
    cache.setCurrentRun('default', 'case-1', 'r1');
    cache.setCurrentRun('default', 'case-2', 'x'); // case-1 dropped
    const since = cache.mark();
    // The reader's SELECT answers r1; meanwhile case-1 continues as new, and another id's start drops it.
    cache.setCurrentRun('default', 'case-1', 'r2');
    cache.setCurrentRun('default', 'case-2', 'y');

    expect(cache.fillCurrentRun('default', 'case-1', 'r1', since)).toBeUndefined();
    expect(cache.currentRun('default', 'case-1')).toBeUndefined();
    // No current run read before the first start, the start's record dropped: refused as well.
    const before = cache.mark();
    cache.setCurrentRun('default', 'case-3', 'z');
    cache.setCurrentRun('default', 'case-2', 'y2');
    expect(cache.fillCurrentRun('default', 'case-3', undefined, before)).toBeUndefined();
    // Read again after those commits: kept.
    expect(cache.fillCurrentRun('default', 'case-1', 'r2', cache.mark())).toEqual({ runId: 'r2' });
    expect(cache.currentRun('default', 'case-1')).toBe('r2');
  });

  it('a current run read that began before commits it has no record of any more is refused', () => {
    const cache = new StateCache(1);
    const since = cache.mark();
    cache.setCurrentRun('default', 'case-1', 'r2');
    for (const id of ['case-2', 'case-3', 'case-4']) cache.setCurrentRun('default', id, 'x'); // record dropped

    expect(cache.fillCurrentRun('default', 'case-1', 'r1', since)).toBeUndefined();
    expect(cache.fillCurrentRun('default', 'case-1', 'r2', cache.mark())).toEqual({ runId: 'r2' });
  });

  it('drops the least recently used run past its size and tells who was evicted', () => {
    const evicted: string[] = [];
    const cache = new StateCache(2, (runId) => evicted.push(runId));
    cache.put(run('r1', 1));
    cache.put(run('r2', 1));
    cache.get('r1'); // used: r2 is now the oldest
    cache.put(run('r3', 1));

    expect(evicted).toEqual(['r2']);
    expect(cache.get('r2')).toBeUndefined();
    expect(cache.get('r1')).toBeDefined();
  });
});
