/**
 * GetWorkflowExecutionHistory: paging (token = next event id), long polls for new events, and the
 * close-event filter that the client's `result()` uses. Buffered events are never visible: only committed
 * events are in the table.
 */
import { invalidArgument } from '../grpc/errors';
import { enums, type HistoryEvent, type temporal } from '../proto';
import type { Engine } from './engine';

const DEFAULT_PAGE = 1000;

interface PageToken {
  r: string;
  n: number;
}

export async function getHistory(
  engine: Engine,
  req: temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryRequest,
  waitMs: number,
  signal: AbortSignal,
): Promise<temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryResponse> {
  const namespace = req.namespace ?? '';
  const workflowId = req.execution?.workflowId ?? '';
  let token: PageToken | undefined;
  if (req.nextPageToken && req.nextPageToken.length) {
    try {
      token = JSON.parse(Buffer.from(req.nextPageToken).toString('utf8')) as PageToken;
    } catch {
      throw invalidArgument('Invalid NextPageToken.');
    }
  }
  let s = await engine.loadState(namespace, workflowId, token?.r || req.execution?.runId || '');
  const closeOnly =
    req.historyEventFilterType === enums.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT;
  const until = Date.now() + waitMs;
  const key = engine.runKey(s.runId);
  // A long poll listens before it reads the state it waits on (Notifier.listen): a commit during an awaited
  // read (a cache miss) would otherwise go unheard until the poll's timeout. The first read above came before
  // listening, so a waiting poll reads once more.
  let change = req.waitNewEvent ? engine.notifier.listen(key) : undefined;
  try {
    if (change) s = await engine.loadState(namespace, workflowId, s.runId);
    return await pollHistory();
  } finally {
    change?.stop();
  }

  async function waitForChange(): Promise<void> {
    await change!.wait(until - Date.now(), signal);
    change!.stop();
    change = engine.notifier.listen(key);
    s = await engine.loadState(namespace, workflowId, s.runId);
  }

  async function pollHistory(): Promise<temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryResponse> {
    if (closeOnly) {
      for (;;) {
        if (s.status !== 'Running') {
          const events = await engine.readHistory(s.runId, s.nextEventId - 1, s.nextEventId - 1);
          return { history: { events }, nextPageToken: Buffer.alloc(0), archived: false };
        }
        if (!req.waitNewEvent || Date.now() >= until || signal.aborted) {
          return {
            history: { events: [] },
            nextPageToken: pageToken(s.runId, s.nextEventId),
            archived: false,
          };
        }
        await waitForChange();
      }
    }

    const from = token?.n ?? 1;
    const pageSize = req.maximumPageSize && req.maximumPageSize > 0 ? req.maximumPageSize : DEFAULT_PAGE;
    for (;;) {
      const last = s.nextEventId - 1;
      let events: HistoryEvent[] = [];
      if (from <= last) events = await engine.readHistory(s.runId, from, Math.min(last, from + pageSize - 1));
      const nextId = from + events.length;
      if (
        events.length > 0 ||
        !req.waitNewEvent ||
        s.status !== 'Running' ||
        Date.now() >= until ||
        signal.aborted
      ) {
        const more = nextId <= last || (req.waitNewEvent === true && s.status === 'Running');
        return {
          history: { events },
          nextPageToken: more ? pageToken(s.runId, nextId) : Buffer.alloc(0),
          archived: false,
        };
      }
      await waitForChange();
    }
  }
}

function pageToken(runId: string, next: number): Buffer {
  return Buffer.from(JSON.stringify({ r: runId, n: next } satisfies PageToken), 'utf8');
}
