// Given/when/then: an administrator applies a corrected, published deadline policy version to an open case
// (MigrateDeadlinePolicy); the event says from which version to which and why, and the open deadlines are
// re-planned with the new lengths under their ids.
import {
  DEFAULT_DEADLINE_POLICY,
  type DeadlinePolicy,
  needsReplanning,
  openDeadlines,
  planDeadline,
} from '.';
import { type CaseCommand, type CaseEvent, decide, evolve } from '../case';
import { replay } from '../case/events';
import {
  ADMIN,
  OFFICER,
  SEDANG_PATH,
  SUPERVISOR,
  SYSTEM,
  TEST_CALENDAR,
  cmd,
  contextFor,
  historyThrough,
  wib,
} from '../testing/fixtures';

/** The bundled policy with the keberatan window corrected to 21 working days (a hypothetical correction). */
const CORRECTED: DeadlinePolicy = {
  ...DEFAULT_DEADLINE_POLICY,
  version: '2026.1-koreksi',
  rules: DEFAULT_DEADLINE_POLICY.rules.map((r) => (r.id === 'keberatan_window' ? { ...r, length: 21 } : r)),
};

const migrate = (toVersion: string): CaseCommand => ({
  type: 'MigrateDeadlinePolicy',
  data: { toVersion, reason: 'Koreksi tenggat keberatan (SE BKN 2026)' },
});

/** Delivered on 2025-02-05, with the keberatan window recorded under the bundled policy. */
function deliveredAndRecorded(): CaseEvent[] {
  const delivered = historyThrough(SEDANG_PATH, 'delivered');
  const state = replay(delivered);
  const window = openDeadlines(state, DEFAULT_DEADLINE_POLICY)[0];
  const { dueDate } = planDeadline(window, TEST_CALENDAR, DEFAULT_DEADLINE_POLICY);
  return [
    ...delivered,
    ...decide(
      cmd.recordDeadline(window.deadlineId, dueDate),
      state,
      contextFor({ actor: SYSTEM, now: wib('2025-02-05', '09:01') }),
    ),
  ];
}

const decideWith = (
  history: CaseEvent[],
  command: CaseCommand,
  actor = ADMIN,
  migrationPolicy: DeadlinePolicy | null = CORRECTED,
) => decide(command, replay(history), { ...contextFor({ actor, now: wib('2025-02-07') }), migrationPolicy });

describe('MigrateDeadlinePolicy', () => {
  it('given an open case under the bundled policy, when an admin migrates it to a published correction, then the event records both versions and why, and the window is re-planned under its id', () => {
    const history = deliveredAndRecorded();
    const events = decideWith(history, migrate(CORRECTED.version));
    expect(events).toEqual([
      {
        type: 'DeadlinePolicyMigrated',
        data: {
          fromVersion: DEFAULT_DEADLINE_POLICY.version,
          toVersion: '2026.1-koreksi',
          reason: 'Koreksi tenggat keberatan (SE BKN 2026)',
          at: wib('2025-02-07'),
        },
      },
    ]);
    const migrated = events.reduce(evolve, replay(history));
    expect(migrated.policyVersion).toBe('2026.1-koreksi');
    const [window] = openDeadlines(migrated, CORRECTED);
    const recordedDue = migrated.deadlines[window.deadlineId].dueDate;
    expect(window).toMatchObject({ ruleId: 'keberatan_window', length: 21, policyVersion: '2026.1-koreksi' });
    expect(needsReplanning(window)).toBe(true);
    const moved = planDeadline(window, TEST_CALENDAR, CORRECTED).dueDate;
    expect(moved > recordedDue).toBe(true);
    // The workflow records it again under the same id, with the new policy in its context.
    const rerecorded = decide(
      cmd.recordDeadline(window.deadlineId, moved),
      migrated,
      contextFor({ actor: SYSTEM, now: wib('2025-02-07', '09:01'), policy: CORRECTED }),
    );
    expect(rerecorded[0].data).toMatchObject({ deadlineId: window.deadlineId, length: 21, dueDate: moved });
  });

  it('given the update validator (the version not loaded yet), the command passes the case checks only', () => {
    const state = replay(deliveredAndRecorded());
    const validator = contextFor({ actor: ADMIN, now: wib('2025-02-07') });
    expect(decide(migrate('2099.9'), state, validator)).toHaveLength(1);
  });

  it('refuses an unknown version, the version in force, another role and a closed case', () => {
    const history = deliveredAndRecorded();
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return 'accepted';
    };
    expect(code(() => decideWith(history, migrate('2099.9'), ADMIN, null))).toBe('UNKNOWN_POLICY_VERSION');
    expect(code(() => decideWith(history, migrate('2099.9')))).toBe('UNKNOWN_POLICY_VERSION');
    expect(code(() => decideWith(history, migrate(DEFAULT_DEADLINE_POLICY.version)))).toBe(
      'DEADLINE_POLICY_UNCHANGED',
    );
    expect(code(() => decideWith(history, migrate(CORRECTED.version), OFFICER))).toBe('ROLE_NOT_ALLOWED');
    const withdrawn = [
      ...historyThrough(SEDANG_PATH, 'assigned'),
      ...decide(cmd.withdraw(), replay(historyThrough(SEDANG_PATH, 'assigned')), {
        ...contextFor({ actor: SUPERVISOR, now: wib('2025-01-06', '11:00') }),
      }),
    ];
    expect(code(() => decideWith(withdrawn, migrate(CORRECTED.version)))).toBe('CASE_CLOSED');
  });
});
