/**
 * Replay: every recorded case history in test/fixtures/histories replays against the current workflow code
 * (Worker.runReplayHistories). Each pre-patch fixture replays only because its change is guarded by
 * patched(...): the last tests remove a guard from a copy of the bundle and show that the history recorded
 * before it then fails with a nondeterminism error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { caseWorkflowBundle } from '../../apps/worker/src/case-worker';

const FIXTURES = path.join(__dirname, '../fixtures/histories');

interface Fixture {
  name: string;
  workflowId: string;
  history: temporal.api.history.v1.History;
}

/** Reads a fixture written by test/fixtures/histories/record.ts (protobufjs JSON of a History). */
function loadFixture(file: string): Fixture {
  const raw = JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as {
    workflowId: string;
    history: object;
  };
  return {
    name: path.basename(file, '.json'),
    workflowId: raw.workflowId,
    history: temporal.api.history.v1.History.fromObject(raw.history),
  };
}

const fixtures = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map(loadFixture);

async function replay(options: ReplayWorkerOptions, chosen: Fixture[]) {
  const results: { name: string; error?: Error }[] = [];
  const byId = new Map(chosen.map((f) => [f.workflowId, f.name]));
  for await (const r of Worker.runReplayHistories(options, chosen)) {
    results.push({ name: byId.get(r.workflowId) ?? r.workflowId, error: r.error });
  }
  return results;
}

beforeAll(() => {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
});

describe('recorded case histories', () => {
  it('are the representative cases', () => {
    expect(fixtures.map((f) => f.name)).toEqual([
      'local-append',
      'missed-deadline',
      'not-proven',
      'pre-patch-closed-reopened',
      'pre-patch-kept-timer',
      'pre-patch-stale-reminder',
      'served-sanction',
      'untracked-deadline',
      'withdrawn-completes',
      'withdrawn',
    ]);
    // The pre-patch case sent its reminder after the due date (the old path the patch changes), and its
    // history has no patch marker.
    const prePatch = fixtures.find((f) => f.name === 'pre-patch-stale-reminder')!;
    const appended = (prePatch.history.events ?? [])
      .flatMap((e) => e.activityTaskScheduledEventAttributes?.input?.payloads ?? [])
      .map(
        (p) =>
          JSON.parse(Buffer.from(p.data ?? new Uint8Array()).toString('utf8')) as Record<string, unknown>,
      )
      .flatMap((input) => (input.events ?? []) as { type: string; data: { dueAt?: string; at: string } }[]);
    const recorded = appended.find((e) => e.type === 'DeadlineRecorded')!;
    const reminder = appended.find((e) => e.type === 'DeadlineReminderSent')!;
    expect(reminder.data.at > recorded.data.dueAt!).toBe(true);
    expect(
      (prePatch.history.events ?? []).some(
        (e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_MARKER_RECORDED,
      ),
    ).toBe(false);
  });

  it('replay against the current workflow code', async () => {
    const results = await replay(caseWorkflowBundle(), fixtures);
    expect(results.map((r) => [r.name, r.error?.message])).toEqual(fixtures.map((f) => [f.name, undefined]));
  }, 60_000);

  /**
   * The bundle with `patched(<id>)` replaced by `true`, as if the guard had been forgotten (or by `false`, as
   * if the code were from before the patch).
   */
  function unguarded(guard: string, replacement = 'true'): ReplayWorkerOptions {
    const bundle = caseWorkflowBundle();
    const hook = bundle.bundlerOptions?.webpackConfigHook;
    return {
      ...bundle,
      bundlerOptions: {
        ...bundle.bundlerOptions,
        webpackConfigHook: (config) => {
          const base = hook ? hook(config) : config;
          base.module = base.module ?? {};
          base.module.rules = [
            ...(base.module.rules ?? []),
            {
              test: /sanction-case\.workflow\.ts$/,
              enforce: 'pre',
              use: [
                {
                  loader: path.join(__dirname, 'unguard-patch-loader.js'),
                  options: { guard, replacement },
                },
              ],
            },
          ];
          return base;
        },
      },
    };
  }

  it.each([
    ['pre-patch-stale-reminder', 'patched(SKIP_REMINDERS_AFTER_DUE)', 'skip-reminders-after-due'],
    ['pre-patch-closed-reopened', 'patched(COMPLETE_WHEN_CLOSED)', 'complete-when-closed'],
  ])(
    'the %s history breaks once its patched() guard is removed',
    async (name, guard, id) => {
      const [result] = await replay(
        unguarded(guard),
        fixtures.filter((f) => f.name === name),
      );
      expect(result.error?.name).toBe('DeterminismViolationError');
      // The histories that never reach the changed path still replay without the guard (one that passed
      // the guard in new code holds its marker, which the SDK then wants the code to ask for).
      const others = await replay(
        unguarded(guard),
        fixtures.filter(
          (f) =>
            !hasPatchMarker(f, id) &&
            (f.name.startsWith('pre-patch-') ? f.name !== name : !f.name.includes('complet')),
        ),
      );
      for (const r of others) expect([r.name, r.error]).toEqual([r.name, undefined]);
    },
    60_000,
  );

  /** Whether a history passed `patched(id)` in new code (its core_patch marker names the id). */
  function hasPatchMarker(fixture: Fixture, id: string): boolean {
    return (fixture.history.events ?? []).some((e) =>
      Object.values(e.markerRecordedEventAttributes?.details ?? {}).some((p) =>
        (p.payloads ?? []).some((x) =>
          Buffer.from(x.data ?? new Uint8Array())
            .toString('utf8')
            .includes(id),
        ),
      ),
    );
  }

  it('a history that planned its deadlines with the normal activity breaks without the local-planning guard', async () => {
    // Every fixture recorded before PLAN_DEADLINES_LOCALLY plans deadlines: each is a pre-patch history of it.
    const prePatch = fixtures.filter((f) => !hasPatchMarker(f, 'plan-deadlines-locally'));
    expect(prePatch.length).toBeGreaterThan(0);
    const results = await replay(unguarded('patched(PLAN_DEADLINES_LOCALLY)'), prePatch);
    expect(results.map((r) => [r.name, r.error?.name])).toEqual(
      prePatch.map((f) => [f.name, 'DeterminismViolationError']),
    );
  }, 60_000);

  it('a history whose commands recorded their deadlines needs RECORD_DEADLINES_WITH_COMMAND; older ones do not', async () => {
    const withPatch = fixtures.filter((f) => hasPatchMarker(f, 'record-deadlines-with-command'));
    const before = fixtures.filter((f) => !withPatch.includes(f));
    expect(withPatch.map((f) => f.name)).toEqual(['local-append', 'served-sanction', 'untracked-deadline']);
    // The code from before the patch cannot replay it: the SDK refuses a patch marker the code does not ask
    // for, and that code would plan and record each deadline again after the command's append.
    const rolledBack = await replay(unguarded('patched(RECORD_DEADLINES_WITH_COMMAND)', 'false'), withPatch);
    expect(rolledBack.map((r) => [r.name, r.error?.name])).toEqual(
      withPatch.map((f) => [f.name, 'DeterminismViolationError']),
    );
    // Without the guard the older histories still replay: what the workflow does after a command's append
    // follows the append's answer in the history, and theirs recorded no deadline. The guard keeps the
    // activity's input and the history's marker honest about which code ran.
    const unguardedRuns = await replay(unguarded('patched(RECORD_DEADLINES_WITH_COMMAND)'), before);
    for (const r of unguardedRuns) expect([r.name, r.error]).toEqual([r.name, undefined]);
  }, 60_000);

  it('a history that appended with the normal activity breaks without the local-append guard', async () => {
    // Every fixture but local-append was recorded before APPEND_EVENTS_LOCALLY: an append activity per command.
    const withPatch = fixtures.filter((f) => hasPatchMarker(f, 'append-events-locally'));
    expect(withPatch.map((f) => f.name)).toEqual(['local-append', 'untracked-deadline']);
    const prePatch = fixtures.filter((f) => !withPatch.includes(f));
    const results = await replay(unguarded('patched(APPEND_EVENTS_LOCALLY)'), prePatch);
    expect(results.map((r) => [r.name, r.error?.name])).toEqual(
      prePatch.map((f) => [f.name, 'DeterminismViolationError']),
    );
    // And the code from before the patch cannot replay the new history (markers where it schedules activities).
    const rolledBack = await replay(unguarded('patched(APPEND_EVENTS_LOCALLY)', 'false'), withPatch);
    expect(rolledBack.map((r) => [r.name, r.error?.name])).toEqual([
      ['local-append', 'DeterminismViolationError'],
      ['untracked-deadline', 'DeterminismViolationError'],
    ]);
  }, 60_000);

  it('a history that recorded a deadline as not tracked needs RECORD_UNTRACKED_DEADLINES; older ones do not', async () => {
    const withPatch = fixtures.filter((f) => hasPatchMarker(f, 'record-untracked-deadlines'));
    expect(withPatch.map((f) => f.name)).toEqual(['untracked-deadline']);
    // The code from before the patch only logged the skip: no DeadlineNotTracked append, no replanning timer.
    const rolledBack = await replay(unguarded('patched(RECORD_UNTRACKED_DEADLINES)', 'false'), withPatch);
    expect(rolledBack.map((r) => [r.name, r.error?.name])).toEqual([
      ['untracked-deadline', 'DeterminismViolationError'],
    ]);
    // The older histories never failed to plan or record a deadline: they replay without the guard.
    const before = fixtures.filter((f) => !withPatch.includes(f));
    const unguardedRuns = await replay(unguarded('patched(RECORD_UNTRACKED_DEADLINES)'), before);
    for (const r of unguardedRuns) expect([r.name, r.error]).toEqual([r.name, undefined]);
  }, 60_000);

  it('a history whose command restarted an unchanged deadline timer breaks without the kept-timer guard', async () => {
    // Before KEEP_DEADLINE_TIMER a command ended the main loop's wait and cancelled its timer, and the loop
    // started it again for the same due time: TimerCanceled then TimerStarted in one workflow task.
    const [prePatch] = fixtures.filter((f) => f.name === 'pre-patch-kept-timer');
    const types = (prePatch.history.events ?? []).map((e) => e.eventType);
    const { EVENT_TYPE_TIMER_CANCELED: CANCELED, EVENT_TYPE_TIMER_STARTED: STARTED } =
      temporal.api.enums.v1.EventType;
    expect(types.some((t, i) => t === CANCELED && types[i + 1] === STARTED)).toBe(true);
    expect(hasPatchMarker(prePatch, 'keep-deadline-timer')).toBe(false);
    const guard = unguarded('patched(KEEP_DEADLINE_TIMER)');
    const [result] = await replay(guard, [prePatch]);
    expect(result.error?.name).toBe('DeterminismViolationError');
    // A timer cancelled because its deadline closed, or one that fires with no command in between, is the
    // same in both codes: the other histories replay without the guard.
    const others = await replay(
      guard,
      fixtures.filter((f) => f !== prePatch && !hasPatchMarker(f, 'keep-deadline-timer')),
    );
    for (const r of others) expect([r.name, r.error]).toEqual([r.name, undefined]);
  }, 60_000);
});
