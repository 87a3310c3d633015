/**
 * The Schedules RPCs of WorkflowService: CreateSchedule, DescribeSchedule, ListSchedules, UpdateSchedule,
 * PatchSchedule, DeleteSchedule and ListScheduleMatchingTimes. Validation and error codes follow the real
 * frontend (service/frontend/workflow_handler.go); the work happens in the ScheduleRunner.
 */
import { LIMITS } from '../limits';
import { randomUUID } from 'node:crypto';
import type { Engine } from '../engine/engine';
import type { SearchAttributeType } from '../engine/namespaces';
import { normaliseSearchAttributes } from '../engine/workflows';
import { failedPrecondition, invalidArgument, notFound } from '../grpc/errors';
import type { CallContext } from '../grpc/call-context';
import { decodeMessage, encodeMessage, enums, msFromTs, T, temporal, tsFromMs } from '../proto';
import {
  decodeConflictToken,
  encodeConflictToken,
  type ISchedule,
  type LoadedSchedule,
  withDefaults,
} from './model';
import { type ScheduleRunner } from './runner';
import { addStart } from './starts';
import { cleanSpec, compileSpec, InvalidScheduleSpecError, ScheduleSpecComputeLimitError } from './spec';
import { SCHEDULER_LIMITS, type RecentAction } from './state';
import * as store from './store';
import { InvalidVisibilityQueryError, translateVisibilityQuery } from '../visibility/query';

import wsv1 = temporal.api.workflowservice.v1;
type IMemo = temporal.api.common.v1.IMemo;
type ISearchAttributes = temporal.api.common.v1.ISearchAttributes;
type ISchedulePatch = temporal.api.schedule.v1.ISchedulePatch;

const DEFAULT_PAGE_SIZE = 1000;

type Handler = (req: never, ctx: CallContext) => Promise<object>;

export function scheduleServiceHandlers(engine: Engine, runner: ScheduleRunner): Record<string, Handler> {
  const ns = (name: string | null | undefined) => {
    if (!name) throw invalidArgument('Namespace not set on request.');
    engine.namespaces.get(name);
    return name;
  };

  /** The translated visibility query of List/CountSchedules (no GROUP BY, as the real server). */
  const scheduleFilter = (namespace: string, query: string | null | undefined) => {
    let filter;
    try {
      filter = translateVisibilityQuery(query ?? '', customAttributes(engine, namespace));
    } catch (e) {
      if (e instanceof InvalidVisibilityQueryError) throw invalidArgument(e.message);
      throw e;
    }
    if (filter.groupBy) throw invalidArgument("invalid query: operation is not supported: 'GROUP BY' clause");
    return filter;
  };

  const handlers = {
    CreateSchedule: async (r: wsv1.ICreateScheduleRequest) => {
      const namespace = ns(r.namespace);
      const scheduleId = r.scheduleId ?? '';
      if (!scheduleId) throw invalidArgument('ScheduleId is not set on request.');
      if (scheduleId.length > LIMITS.maxIdLength) throw invalidArgument('ScheduleId exceeds length limit.');
      if (!r.requestId) throw invalidArgument('RequestId is not set on request.');
      const schedule = validateSchedule(engine, namespace, r.schedule ?? {});
      validateSearchAttributes(engine, namespace, r.searchAttributes);
      const now = engine.clock.now();
      const row: store.ScheduleRow = {
        namespace,
        scheduleId,
        schedule: Buffer.alloc(0),
        state: {
          incarnation: randomUUID(),
          conflictToken: 1,
          createTime: now,
          lastProcessedTime: now,
          actionCount: 0,
          missedCatchupWindow: 0,
          overlapSkipped: 0,
          bufferDropped: 0,
          recentActions: [],
          runningWorkflows: [],
          bufferedStarts: [],
        },
        memo: encodeOptional(T.Memo, r.memo),
        searchAttributes: encodeOptional(T.SearchAttributes, r.searchAttributes),
        nextWakeAt: undefined,
      };
      await runner.create(row, engine.namespaces.get(namespace).id, async (s, at) => {
        s.replaceSchedule(schedule);
        if (r.initialPatch) await applyPatch(runner, s, r.initialPatch, at);
      });
      return { conflictToken: encodeConflictToken(1) };
    },

    DescribeSchedule: async (r: wsv1.IDescribeScheduleRequest) => {
      const s = await mustRead(runner, ns(r.namespace), r.scheduleId);
      const running = [];
      for (const wf of s.state.runningWorkflows) {
        if ((await runner.chainStatus(s.namespace, wf)).running) running.push(wf);
      }
      return {
        schedule: { ...s.schedule, spec: describedSpec(s), action: describedAction(engine, s) },
        info: {
          actionCount: s.state.actionCount,
          missedCatchupWindow: s.state.missedCatchupWindow,
          overlapSkipped: s.state.overlapSkipped,
          bufferDropped: s.state.bufferDropped,
          bufferSize: s.state.bufferedStarts.length,
          runningWorkflows: running.map((wf) => ({ workflowId: wf.workflowId, runId: wf.runId })),
          recentActions: await recentActions(runner, s, SCHEDULER_LIMITS.recentActionCount),
          futureActionTimes: s.futureActionTimes(SCHEDULER_LIMITS.futureActionCount).map(tsFromMs),
          createTime: tsFromMs(s.state.createTime),
          updateTime: s.state.updateTime ? tsFromMs(s.state.updateTime) : undefined,
          invalidScheduleError: s.invalidSpecError,
        },
        memo: decodeOptional<IMemo>(T.Memo, s.row.memo),
        searchAttributes: typed(
          engine,
          s.namespace,
          decodeOptional(T.SearchAttributes, s.row.searchAttributes),
        ),
        conflictToken: encodeConflictToken(s.state.conflictToken),
      };
    },

    CountSchedules: async (r: wsv1.ICountSchedulesRequest) => {
      const namespace = ns(r.namespace);
      return {
        count: await store.countSchedules(engine.pool, namespace, scheduleFilter(namespace, r.query)),
      };
    },

    ListSchedules: async (r: wsv1.IListSchedulesRequest) => {
      const namespace = ns(r.namespace);
      const filter = scheduleFilter(namespace, r.query);
      const size =
        r.maximumPageSize && r.maximumPageSize > 0
          ? Math.min(r.maximumPageSize, DEFAULT_PAGE_SIZE)
          : DEFAULT_PAGE_SIZE;
      const after = r.nextPageToken?.length ? Buffer.from(r.nextPageToken).toString('utf8') : '';
      const rows = await store.listSchedules(engine.pool, namespace, after, size + 1, filter);
      const page = rows.slice(0, size);
      const schedules = [];
      for (const row of page) {
        const s = runner.open(row);
        const spec = describedSpec(s);
        schedules.push({
          scheduleId: s.scheduleId,
          memo: decodeOptional<IMemo>(T.Memo, row.memo),
          searchAttributes: typed(
            engine,
            namespace,
            decodeOptional(T.SearchAttributes, row.searchAttributes),
          ),
          info: {
            spec: spec ? { ...spec, timezoneData: undefined } : undefined,
            workflowType: s.schedule.action?.startWorkflow?.workflowType ?? undefined,
            notes: s.schedule.state?.notes ?? '',
            paused: s.paused,
            recentActions: await recentActions(runner, s, SCHEDULER_LIMITS.recentActionCountForList),
            futureActionTimes: s.futureActionTimes(SCHEDULER_LIMITS.futureActionCountForList).map(tsFromMs),
          },
        });
      }
      return {
        schedules,
        nextPageToken: rows.length > size ? Buffer.from(page[page.length - 1].scheduleId) : Buffer.alloc(0),
      };
    },

    UpdateSchedule: async (r: wsv1.IUpdateScheduleRequest) => {
      const namespace = ns(r.namespace);
      if ((r.requestId?.length ?? 0) > LIMITS.maxIdLength)
        throw invalidArgument('RequestId exceeds length limit.');
      const schedule = validateSchedule(engine, namespace, r.schedule ?? {});
      validateSearchAttributes(engine, namespace, r.searchAttributes);
      const token = decodeConflictToken(r.conflictToken);
      await runner.change(namespace, r.scheduleId ?? '', (s, now) => {
        if (token !== 0 && token !== s.state.conflictToken)
          throw failedPrecondition('mismatched conflict token');
        s.replaceSchedule(schedule);
        // Null keeps the schedule's search attributes; an empty set clears them.
        if (r.searchAttributes)
          s.row.searchAttributes = encodeOptional(T.SearchAttributes, r.searchAttributes);
        if (r.memo) s.row.memo = encodeOptional(T.Memo, r.memo);
        s.state.updateTime = now;
        s.state.conflictToken++;
      });
      return {};
    },

    PatchSchedule: async (r: wsv1.IPatchScheduleRequest) => {
      const namespace = ns(r.namespace);
      const patch = r.patch;
      if (!patch) throw invalidArgument('Patch is not set on request.');
      if (
        (patch.pause?.length ?? 0) > SCHEDULER_LIMITS.notesSizeLimit ||
        (patch.unpause?.length ?? 0) > SCHEDULER_LIMITS.notesSizeLimit
      ) {
        throw invalidArgument('Schedule notes exceeds limit.');
      }
      await runner.change(namespace, r.scheduleId ?? '', (s, now) => applyPatch(runner, s, patch, now));
      return {};
    },

    DeleteSchedule: async (r: wsv1.IDeleteScheduleRequest) => {
      await runner.delete(ns(r.namespace), r.scheduleId ?? '');
      return {};
    },

    ListScheduleMatchingTimes: async (r: wsv1.IListScheduleMatchingTimesRequest) => {
      const s = await mustRead(runner, ns(r.namespace), r.scheduleId);
      const from = msFromTs(r.startTime);
      const to = msFromTs(r.endTime);
      if (from === undefined || to === undefined) throw invalidArgument('missing or invalid query');
      if (!s.compiled) throw invalidArgument(`invalid schedule: ${s.invalidSpecError}`);
      try {
        const times = s.compiled.matchingTimes(from, to, undefined, { jitterSeed: s.jitterSeed });
        return { startTime: times.map(tsFromMs) };
      } catch (e) {
        if (e instanceof ScheduleSpecComputeLimitError) throw invalidArgument(e.message);
        throw e;
      }
    },
  };
  return handlers as Record<string, Handler>;
}

/**
 * A patch, in the real server's order: trigger immediately, backfills, then pause / unpause (each with
 * its note). Pausing and unpausing change the schedule, hence the conflict token.
 */
async function applyPatch(
  runner: ScheduleRunner,
  s: LoadedSchedule,
  patch: ISchedulePatch,
  now: number,
): Promise<void> {
  const trigger = patch.triggerImmediately;
  if (trigger) {
    const at = msFromTs(trigger.scheduledTime) || now;
    addStart(s, at, at, trigger.overlapPolicy ?? 0, true);
  }
  for (const backfill of patch.backfillRequest ?? []) {
    const start = msFromTs(backfill.startTime);
    const end = msFromTs(backfill.endTime);
    if (start === undefined || end === undefined) continue;
    // The start time is inclusive (the search is for times strictly after its argument).
    await runner.processTimeRange(s, start - 1, end, backfill.overlapPolicy ?? 0, true);
  }
  if (patch.pause) {
    const state = (s.schedule.state ??= {});
    state.paused = true;
    state.notes = patch.pause;
    s.state.conflictToken++;
  }
  if (patch.unpause) {
    const state = (s.schedule.state ??= {});
    state.paused = false;
    state.notes = patch.unpause;
    s.state.conflictToken++;
  }
}

/**
 * The frontend's checks of a schedule, then its canonical form with the defaults filled in: the spec
 * (cron strings become structured calendars; INVALID_ARGUMENT "Invalid schedule spec: ..." otherwise) and
 * the start-workflow action (no cron schedule, no id reuse policy, registered search attributes).
 */
function validateSchedule(engine: Engine, namespace: string, schedule: ISchedule): ISchedule {
  let canonical;
  try {
    canonical = compileSpec(schedule.spec ?? {}).canonical;
  } catch (e) {
    if (e instanceof InvalidScheduleSpecError) throw invalidArgument(e.message);
    throw e;
  }
  const start = schedule.action?.startWorkflow;
  if (start) {
    if (!start.workflowId) throw invalidArgument('WorkflowId is not set on request.');
    if (`${start.workflowId}-2009-11-10T23:00:00Z`.length > LIMITS.maxIdLength) {
      throw invalidArgument('WorkflowId exceeds length limit.');
    }
    if (!start.workflowType?.name) throw invalidArgument('WorkflowType is not set on request.');
    if (!start.taskQueue?.name) throw invalidArgument('missing task queue name');
    if (start.cronSchedule) throw invalidArgument('Scheduled workflow must not contain CronSchedule');
    const reuse = start.workflowIdReusePolicy ?? 0;
    if (reuse !== 0 && reuse !== enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE) {
      throw invalidArgument('Scheduled workflow must not contain WorkflowIDReusePolicy');
    }
    validateSearchAttributes(engine, namespace, start.searchAttributes);
  }
  return withDefaults({ ...schedule, spec: canonical as temporal.api.schedule.v1.IScheduleSpec });
}

function validateSearchAttributes(
  engine: Engine,
  namespace: string,
  sa: ISearchAttributes | null | undefined,
): void {
  normaliseSearchAttributes(engine, namespace, sa);
}

async function mustRead(
  runner: ScheduleRunner,
  namespace: string,
  scheduleId: string | null | undefined,
): Promise<LoadedSchedule> {
  const s = scheduleId ? await runner.read(namespace, scheduleId) : undefined;
  if (!s) throw notFound('schedule not found');
  return s;
}

/** The spec as DescribeSchedule and ListSchedules show it (the server's CleanSpec of the stored form). */
function describedSpec(s: LoadedSchedule): temporal.api.schedule.v1.IScheduleSpec | undefined {
  if (!s.compiled) return s.schedule.spec ?? undefined;
  return cleanSpec(s.compiled.canonical) as temporal.api.schedule.v1.IScheduleSpec;
}

/** The namespace's custom search attributes (the ones a query may name besides the built-in ones). */
function customAttributes(engine: Engine, namespace: string): Record<string, SearchAttributeType> {
  return Object.fromEntries(engine.namespaces.get(namespace).searchAttributes);
}

/** The action with its search attributes typed (metadata `type`), as the real server annotates them. */
function describedAction(
  engine: Engine,
  s: LoadedSchedule,
): temporal.api.schedule.v1.IScheduleAction | undefined {
  const action = s.schedule.action;
  const start = action?.startWorkflow;
  if (!start?.searchAttributes) return action ?? undefined;
  return {
    ...action,
    startWorkflow: { ...start, searchAttributes: typed(engine, s.namespace, start.searchAttributes) },
  };
}

/**
 * Search attributes with their `type` metadata, so that the SDK's typed decoding sees them. An attribute
 * removed from the namespace since keeps its payload as stored.
 */
function typed(
  engine: Engine,
  namespace: string,
  sa: ISearchAttributes | null | undefined,
): ISearchAttributes | undefined {
  if (!sa?.indexedFields || Object.keys(sa.indexedFields).length === 0) return undefined;
  const types = engine.namespaces.attributeTypes(namespace);
  const indexedFields: Record<string, temporal.api.common.v1.IPayload> = {};
  for (const [name, payload] of Object.entries(sa.indexedFields)) {
    const type = types[name];
    indexedFields[name] =
      type && !payload.metadata?.type
        ? { ...payload, metadata: { ...(payload.metadata ?? {}), type: Buffer.from(type) } }
        : payload;
  }
  return { indexedFields };
}

/** The last `count` actions, each with its workflow's status as it is now. */
async function recentActions(runner: ScheduleRunner, s: LoadedSchedule, count: number) {
  const out = [];
  for (const a of s.state.recentActions.slice(-count)) {
    out.push({
      scheduleTime: tsFromMs(a.scheduleTime),
      actualTime: tsFromMs(a.actualTime),
      startWorkflowResult: { workflowId: a.workflowId, runId: a.runId },
      startWorkflowStatus: await currentStatus(runner, s.namespace, a),
    });
  }
  return out;
}

async function currentStatus(runner: ScheduleRunner, namespace: string, a: RecentAction): Promise<number> {
  if (a.status !== enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) return a.status;
  const chain = await runner.chainStatus(namespace, a);
  return chain.running ? a.status : chain.status;
}

function encodeOptional(type: string, value: object | null | undefined): Buffer | null {
  if (!value) return null;
  return Buffer.from(encodeMessage(type, value));
}

function decodeOptional<M>(type: string, bytes: Buffer | null): M | undefined {
  return bytes ? decodeMessage<M>(type, bytes) : undefined;
}
