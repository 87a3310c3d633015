import { StateCache } from './state-cache';
import type { ExecutionState } from './state';

/** Only the fields the cache reads; the rest of a run's state does not matter here. */
const run = (runId: string, nextEventId: number) =>
  ({ runId, namespace: 'default', workflowId: 'case-1', nextEventId }) as unknown as ExecutionState;

describe('StateCache', () => {
  it('a state read before a commit does not replace the state that commit cached meanwhile', () => {
    const cache = new StateCache();
    const readBeforeCommit = run('r1', 5);
    cache.put(run('r1', 9)); // the transaction's afterCommit, while the reader awaited its SELECT

    const used = cache.fill(readBeforeCommit);

    expect(used).toMatchObject({ nextEventId: 9 });
    expect(cache.get('r1')).toMatchObject({ nextEventId: 9 });
  });

  it('a state read when nothing is cached is cached and used', () => {
    const cache = new StateCache();
    expect(cache.fill(run('r1', 5))).toMatchObject({ nextEventId: 5 });
    expect(cache.get('r1')).toMatchObject({ nextEventId: 5 });
  });

  it("a current run read before a continue-as-new committed does not replace the new run's id", () => {
    const cache = new StateCache();
    cache.setCurrentRun('default', 'case-1', 'r2');

    expect(cache.fillCurrentRun('default', 'case-1', 'r1')).toBe('r2');
    expect(cache.currentRun('default', 'case-1')).toBe('r2');
    expect(cache.fillCurrentRun('default', 'case-2', 'r7')).toBe('r7');
    expect(cache.currentRun('default', 'case-2')).toBe('r7');
    expect(cache.fillCurrentRun('default', 'case-3', undefined)).toBeUndefined();
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
