import type { TaskRow } from '../store/execution-store';
import { Matching, STICKY_POLLER_WINDOW_MS } from './matching';

const task = (taskQueue: string, kind: 'workflow' | 'activity', runId: string): TaskRow => ({
  namespace: 'default',
  taskQueue,
  kind,
  workflowId: runId,
  runId,
  scheduledEventId: 2,
  attempt: 1,
});

describe('Matching: the workflow backlog the catch-up of late timers waits on', () => {
  it('tells a listener once when a poll takes a workflow task from the backlog, not for an activity', async () => {
    const matching = new Matching();
    matching.add(task('q', 'workflow', 'r1'));
    matching.add(task('q', 'workflow', 'r2'));
    matching.add(task('a', 'activity', 'r3'));
    let calls = 0;
    matching.onWorkflowBacklogShrink(() => calls++);
    await matching.take('default', 'a', 'activity', 0);
    expect(calls).toBe(0);
    await matching.take('default', 'q', 'workflow', 0);
    expect(calls).toBe(1);
    await matching.take('default', 'q', 'workflow', 0);
    expect(calls).toBe(1);
  });

  it('tells when tasks are removed or a queue is unloaded, and forgets a listener it was told to', () => {
    const matching = new Matching();
    matching.add(task('q', 'workflow', 'r1'));
    matching.add(task('sticky', 'workflow', 'r2'));
    let removed = 0;
    matching.onWorkflowBacklogShrink(() => removed++);
    matching.remove('default', 'q', () => false);
    expect(removed).toBe(0);
    matching.remove('default', 'q', () => true);
    expect(removed).toBe(1);
    let unloaded = 0;
    matching.onWorkflowBacklogShrink(() => unloaded++);
    let forgotten = 0;
    matching.onWorkflowBacklogShrink(() => forgotten++)();
    expect(matching.unload('default', 'sticky')).toHaveLength(1);
    expect([unloaded, forgotten]).toEqual([1, 0]);
  });

  it('counts a backlog as served while its queue was polled within the window, and says until when', async () => {
    const matching = new Matching();
    matching.add(task('unpolled', 'workflow', 'r1'));
    const before = Date.now();
    // A poll that answered empty (nothing queued yet) marks its queue polled.
    await matching.poll('default', 'polled', 'workflow', 1, new AbortController().signal, () =>
      Promise.resolve(undefined),
    );
    matching.add(task('polled', 'workflow', 'r2'));
    matching.add(task('polled', 'workflow', 'r3'));
    const backlog = matching.workflowBacklog();
    expect(backlog).toMatchObject({ served: 2, all: 3 });
    expect(backlog.servedUntil).toBeGreaterThanOrEqual(before + STICKY_POLLER_WINDOW_MS);
    expect(backlog.servedUntil).toBeLessThanOrEqual(Date.now() + STICKY_POLLER_WINDOW_MS);
  });
});

describe('Matching: a task started for a claimed poll that ended before the commit', () => {
  const waitingPoll = async (matching: Matching, timeoutMs: number, signal?: AbortSignal) => {
    const taken = matching.take('default', 'sticky', 'workflow', timeoutMs, signal);
    const claimed = matching.claimWaiter('default', 'sticky', 'workflow');
    if (!claimed) throw new Error('no poll waited');
    return { taken, claimed };
  };

  it('goes to startedWithoutPoll when the poll was cancelled (its worker went)', async () => {
    const matching = new Matching();
    const handed: string[] = [];
    matching.startedWithoutPoll = (_namespace, taskQueue) => handed.push(taskQueue) > 0;
    const cancel = new AbortController();
    const { taken, claimed } = await waitingPoll(matching, 60_000, cancel.signal);
    cancel.abort();
    await expect(taken).resolves.toBeUndefined();
    claimed.deliver({ started: { id: 1 } });
    expect(handed).toEqual(['sticky']);
    await expect(matching.take('default', 'sticky', 'workflow', 0)).resolves.toBeUndefined();
  });

  it('stays on its queue for the next poll when the poll timed out (its worker polls again)', async () => {
    const matching = new Matching();
    const handed: string[] = [];
    matching.startedWithoutPoll = (_namespace, taskQueue) => handed.push(taskQueue) > 0;
    const { taken, claimed } = await waitingPoll(matching, 1);
    await expect(taken).resolves.toBeUndefined();
    claimed.deliver({ started: { id: 1 } });
    expect(handed).toEqual([]);
    await expect(matching.take('default', 'sticky', 'workflow', 0)).resolves.toEqual({ started: { id: 1 } });
  });
});
