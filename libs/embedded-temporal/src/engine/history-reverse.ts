/**
 * GetWorkflowExecutionHistoryReverse (Go server `service/history/api/getworkflowexecutionhistoryreverse`):
 * a run's committed events from the last one backwards, newest first, page by page. The page token names the
 * run and the highest event id still to send, so later events of a running workflow never shift the pages.
 */
import { invalidArgument } from '../grpc/errors';
import type { temporal } from '../proto';
import type { Engine } from './engine';

/** The Go frontend's default page size for history (`frontend.historyMaxPageSize`). */
export const REVERSE_HISTORY_DEFAULT_PAGE = 256;

interface ReversePageToken {
  r: string;
  /** The highest event id not sent yet. */
  t: number;
}

export async function getHistoryReverse(
  engine: Engine,
  req: temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryReverseRequest,
): Promise<temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryReverseResponse> {
  let token: ReversePageToken | undefined;
  if (req.nextPageToken?.length) {
    try {
      token = JSON.parse(Buffer.from(req.nextPageToken).toString('utf8')) as ReversePageToken;
    } catch {
      throw invalidArgument('Invalid NextPageToken.');
    }
    if (typeof token?.r !== 'string' || !Number.isInteger(token.t))
      throw invalidArgument('Invalid NextPageToken.');
  }
  const s = await engine.loadState(
    req.namespace ?? '',
    req.execution?.workflowId ?? '',
    token?.r || req.execution?.runId || '',
  );
  const top = token?.t ?? s.nextEventId - 1;
  const size =
    req.maximumPageSize && req.maximumPageSize > 0 ? req.maximumPageSize : REVERSE_HISTORY_DEFAULT_PAGE;
  const bottom = Math.max(1, top - size + 1);
  const events = top >= 1 ? (await engine.readHistory(s.runId, bottom, top)).reverse() : [];
  const more = bottom > 1;
  return {
    history: { events },
    nextPageToken: more
      ? Buffer.from(JSON.stringify({ r: s.runId, t: bottom - 1 } satisfies ReversePageToken), 'utf8')
      : Buffer.alloc(0),
  };
}
