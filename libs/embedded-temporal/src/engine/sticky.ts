/**
 * Binding a run to its worker's sticky queue and undoing it (GS SetStickyTaskQueue / ClearStickyTaskQueue):
 * the completion's sticky attributes bind, ResetStickyTaskQueue, ShutdownWorker and a query no sticky
 * worker took unbind. Dispatch on the sticky queue itself is in workflow-tasks.ts.
 */
import { workflowCompleted } from '../grpc/errors';
import { msFromDur, type temporal } from '../proto';
import type { Engine } from './engine';
import type { ExecutionTx } from './execution-tx';
import type { TaskRow } from '../store/execution-store';
import { handOverStickyStart } from './sticky-handover';

/** Core's default, should sticky attributes come without a schedule-to-start timeout. */
export const DEFAULT_STICKY_SCHEDULE_TO_START_MS = 10_000;

/**
 * RespondWorkflowTaskCompleted's sticky attributes (GS respondworkflowtaskcompleted): with them the run is
 * bound to that worker's sticky queue, without them unbound.
 */
export function bindToWorker(
  tx: ExecutionTx,
  sticky: temporal.api.taskqueue.v1.IStickyExecutionAttributes | null | undefined,
): void {
  const queue = sticky?.workerTaskQueue?.name;
  if (!queue) return tx.clearSticky();
  const s = tx.state;
  s.stickyTaskQueue = queue;
  s.stickyScheduleToStartMs = msFromDur(sticky.scheduleToStartTimeout) || DEFAULT_STICKY_SCHEDULE_TO_START_MS;
  tx.touched = true;
}

/** ResetStickyTaskQueue: the run's next tasks go to the normal queue with the full history. */
export async function resetStickyTaskQueue(
  engine: Engine,
  namespace: string,
  workflowId: string,
  runId: string,
): Promise<void> {
  await engine.transact(namespace, workflowId, async (wtx) => {
    const tx = await wtx.mustLoad(runId);
    if (tx.state.status !== 'Running') throw workflowCompleted();
    unbind(engine, tx);
  });
}

/**
 * ShutdownWorker: the worker's sticky queue is unloaded; the runs whose task waits there are unbound and
 * their tasks (and queries) go to the normal queue at once instead of waiting out the timeout.
 */
export async function shutdownStickyQueue(
  engine: Engine,
  namespace: string,
  stickyQueue: string,
): Promise<void> {
  if (!stickyQueue) return;
  for (const item of engine.matching.unload(namespace, stickyQueue)) {
    if ('query' in item) {
      engine.queries.redispatch(item.query.queryId, engine.matching);
      continue;
    }
    // A task started for a poll that ended before it was handed over (sticky-handover.ts).
    if ('started' in item) {
      handOverStickyStart(engine, stickyQueue, item.started);
      continue;
    }
    const task = item.task;
    await engine.transact(task.namespace, task.workflowId, async (wtx) => {
      const tx = await wtx.load(task.runId);
      if (tx?.state.status === 'Running' && tx.state.stickyTaskQueue === stickyQueue) {
        unbind(engine, tx);
      }
    });
  }
}

/**
 * Clears stickiness; a task still waiting on the sticky queue moves to the normal queue. Its sticky
 * schedule-to-start timeout no longer applies there (it would time out a task a normal poller may be about
 * to take, and write a WorkflowTaskTimedOut for nothing).
 */
export function unbind(engine: Engine, tx: ExecutionTx): void {
  const s = tx.state;
  const sticky = s.stickyTaskQueue;
  tx.clearSticky();
  const wft = s.wft;
  if (!sticky || !wft || wft.startedEventId || wft.stickyTaskQueue !== sticky) return;
  tx.cancelDeadlines(['wft-schedule-to-start'], String(wft.scheduledEventId));
  delete wft.stickyTaskQueue;
  tx.touched = true;
  tx.workflowTaskDeletes.push(wft.scheduledEventId);
  tx.addTask('workflow', s.taskQueue, wft.scheduledEventId, wft.attempt);
  tx.afterCommit.push(() => dropQueued(engine, s.namespace, sticky, s.runId));
}

/**
 * Start-up: workflow tasks reloaded from the backlog onto a sticky queue belong to workers of the previous
 * server process. A restarted server has seen no poll on any sticky queue, so (like GS matching answering
 * StickyWorkerUnavailable, which makes history clear stickiness and use the normal queue) those tasks go to
 * the normal queue now, instead of waiting out the sticky schedule-to-start timeout before any worker can
 * take them (the ~10 s stall of the first command after a restart, issue #14 item 11).
 */
export async function releaseStickyBacklog(engine: Engine, tasks: readonly TaskRow[]): Promise<number> {
  let moved = 0;
  for (const task of tasks) {
    if (task.kind !== 'workflow') continue;
    await engine.transact(task.namespace, task.workflowId, async (wtx) => {
      const tx = await wtx.load(task.runId);
      const s = tx?.state;
      if (!tx || s?.status !== 'Running' || !s.stickyTaskQueue || s.stickyTaskQueue !== task.taskQueue)
        return;
      if (engine.matching.hasPoller(s.namespace, task.taskQueue)) return;
      unbind(engine, tx);
      moved++;
    });
  }
  return moved;
}

export function dropQueued(engine: Engine, namespace: string, queue: string, runId: string): void {
  engine.matching.remove(namespace, queue, (item) => 'task' in item && item.task.runId === runId);
}
