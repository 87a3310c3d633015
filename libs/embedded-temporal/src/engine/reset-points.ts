/**
 * Auto-reset points (temporal.api.workflow.v1.ResetPoints, GS mutable_state_impl.go
 * addResetPointFromCompletion / rolloverAutoResetPointsWithExpiringTime): a run notes the first workflow task
 * each build (binary checksum and build id pair) completed, so that an operator can find where a bad build
 * first touched a run and reset it to just before (the Go server's build-id resets read them). Shown by describe as
 * `workflowExecutionInfo.autoResetPoints`; carried into the next run on continue-as-new and retry, and rebuilt
 * by a reset from the kept history.
 */
import { attributesOf } from '../history/events';
import Long from 'long';
import { type HistoryEvent, num, T, temporal, toB64, tsFromMs } from '../proto';
import type { ExecutionState, ResetPoint } from './state';

import h = temporal.api.history.v1;

/** GS primitives.DefaultHistoryMaxAutoResetPoints: the newest 20 are kept. */
export const MAX_AUTO_RESET_POINTS = 20;

/**
 * Notes a reset point at a WorkflowTaskCompleted event (written before its commands apply, as GS
 * afterAddWorkflowTaskCompletedEvent) unless one exists for the same binary checksum and build id,
 * resettable when nothing is pending that a reset would lose (GS CheckResettable: children, signals and
 * cancels to other workflows). Answers whether a point was added.
 */
export function addResetPoint(s: ExecutionState, completed: HistoryEvent, now: number): boolean {
  const a = attributesOf<h.IWorkflowTaskCompletedEventAttributes>(completed);
  const binaryChecksum = a.binaryChecksum ?? '';
  const buildId = a.workerVersion?.buildId ?? '';
  const points = s.autoResetPoints ?? [];
  if (points.some((p) => (p.binaryChecksum ?? '') === binaryChecksum && (p.buildId ?? '') === buildId)) {
    return false;
  }
  const point: ResetPoint = {
    runId: s.runId,
    firstWorkflowTaskCompletedId: num(completed.eventId),
    createTime: now,
    resettable: Object.keys(s.children).length === 0 && Object.keys(s.externalRequests).length === 0,
  };
  if (binaryChecksum) point.binaryChecksum = binaryChecksum;
  if (buildId) point.buildId = buildId;
  s.autoResetPoints = [...points, point].slice(-MAX_AUTO_RESET_POINTS);
  if (binaryChecksum) noteBinaryChecksums(s);
  return true;
}

/**
 * The `BinaryChecksums` search attribute: the checksums of the run's reset points (GS
 * updateBinaryChecksumSearchAttribute), so `BinaryChecksums = 'x'` finds the runs a build touched.
 */
function noteBinaryChecksums(s: ExecutionState): void {
  const checksums = (s.autoResetPoints ?? []).flatMap((p) => (p.binaryChecksum ? [p.binaryChecksum] : []));
  s.searchAttributes.BinaryChecksums = toB64(T.Payload, {
    metadata: { encoding: Buffer.from('json/plain'), type: Buffer.from('KeywordList') },
    data: Buffer.from(JSON.stringify(checksums)),
  });
}

/**
 * The points a new run of the chain starts with (GS rolloverAutoResetPointsWithExpiringTime): the previous
 * run's points expire a retention period after the new run starts, points already expired are dropped.
 */
export function rolloverResetPoints(
  points: ResetPoint[] | undefined,
  previousRunId: string,
  newStartTime: number,
  retentionMs: number,
): ResetPoint[] | undefined {
  if (!points?.length) return undefined;
  return points
    .filter((p) => p.expireTime === undefined || p.expireTime >= newStartTime)
    .map((p) => (p.runId === previousRunId ? { ...p, expireTime: newStartTime + retentionMs } : p));
}

/** The API form (describe, WorkflowExecutionStarted's prev_auto_reset_points). */
export function resetPointsMessage(
  points: ResetPoint[] | undefined,
): temporal.api.workflow.v1.IResetPoints | undefined {
  if (!points?.length) return undefined;
  return {
    points: points.map((p) => ({
      binaryChecksum: p.binaryChecksum ?? '',
      buildId: p.buildId ?? '',
      runId: p.runId,
      firstWorkflowTaskCompletedId: Long.fromNumber(p.firstWorkflowTaskCompletedId),
      createTime: tsFromMs(p.createTime),
      expireTime: p.expireTime === undefined ? undefined : tsFromMs(p.expireTime),
      resettable: p.resettable,
    })),
  };
}
