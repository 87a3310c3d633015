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
