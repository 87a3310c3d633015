/**
 * A workflow task started on a sticky queue for a poll that went before the task reached it: the poll's
 * connection closed while the transaction that started the task committed (a sync match, sync-match.ts,
 * or a dispatch from the sticky backlog). Nobody else polls a dead worker's sticky queue, so the task would
 * wait out its start-to-close timeout there. In GS the task is never started for a poll that has gone
 * (matching_engine.go: the failed RecordWorkflowTaskStarted returns it to the sticky queue) and its sticky
 * schedule-to-start timeout then sends it to the normal queue with the full history. Here the task is
 * already started (WorkflowTaskStarted names the gone poll's identity, as for a normal queue's task handed
 * over, matching.ts): it goes to the normal queue at once, with the full history, for any worker to
 * complete. The run's stickiness is settled by that completion (its sticky attributes bind or unbind it).
 */
import { withEncodedHistory } from '../history/encoded-history';
import type { temporal } from '../proto';
import type { Engine } from './engine';
import { decodeToken } from './task-token';

type PollResponse = temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse;

/** Takes a started task owed to a gone poll of a sticky queue (Matching.startedWithoutPoll); false otherwise. */
export function handOverStickyStart(engine: Engine, taskQueue: string, started: object): boolean {
  const response = started as PollResponse;
  const normalQueue = response.workflowExecutionTaskQueue?.name;
  if (!normalQueue || normalQueue === taskQueue) return false;
  toNormalQueue(engine, normalQueue, response).catch((e: unknown) =>
    engine.logger.error('handing a sticky task over to the normal queue failed', { error: String(e) }),
  );
  return true;
}

async function toNormalQueue(engine: Engine, normalQueue: string, response: PollResponse): Promise<void> {
  const token = decodeToken(response.taskToken, 'w');
  const s = await engine.loadState(token.n, token.w, token.r);
  const wft = s.wft;
  // Only the task the response names, still started (not completed or timed out meanwhile).
  if (
    s.status !== 'Running' ||
    !wft?.startedEventId ||
    wft.scheduledEventId !== token.s ||
    wft.attempt !== token.a ||
    wft.startedTime !== token.t
  )
    return;
  // The whole history: what is written, then a speculative or transient task's held Scheduled/Started
  // (as beginWorkflowTask builds it from the first event).
  const held = wft.speculative?.events ?? wft.transient ?? [];
  const history = [
    ...(await engine.readHistoryBytes(s.runId, 1, s.nextEventId - 1)),
    ...held.map((b64) => Buffer.from(b64, 'base64')),
  ];
  engine.matching.handOver(token.n, normalQueue, 'workflow', {
    started: withEncodedHistory(response, history),
  });
}
