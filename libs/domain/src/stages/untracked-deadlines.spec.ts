// Given/when/then specifications: a deadline the workflow could not plan or record is recorded as not
// tracked (DeadlineNotTracked), shown while it is open, and cleared when it is recorded after all.
import { sanctionCaseDeciderState, spec, through } from '../testing/case-spec';
import { SUPERVISOR, SYSTEM, cmd, run, step, wib } from '../testing/fixtures';
import { DEFAULT_DEADLINE_POLICY } from '../deadlines/policy';
import { untrackedDeadlines } from '../deadlines/open';
import { replay } from '../case/events';

const notTracked = () => [
  ...through('registered'),
  ...run(
    [step('n', cmd.notTracked('assignment@1', 'calendar_not_covering'), SYSTEM, '2025-01-06', '09:01')],
    sanctionCaseDeciderState(through('registered')),
  ).events,
];

describe('deadlines not tracked (system command)', () => {
  it('RecordDeadlineNotTracked records the open deadline, its rule and why, and nothing an officer typed', () => {
    const at = wib('2025-01-06', '09:01');
    const { state } = spec
      .given(through('registered'))
      .when(cmd.notTracked('assignment@1', 'calendar_not_covering'), { actor: SYSTEM, now: at })
      .then([
        {
          type: 'DeadlineNotTracked',
          data: {
            deadlineId: 'assignment@1',
            ruleId: 'assignment',
            stage: 'intake',
            reason: 'calendar_not_covering',
            timer: null,
            at,
          },
        },
      ]);
    expect(untrackedDeadlines(state, DEFAULT_DEADLINE_POLICY).map((u) => u.deadlineId)).toEqual([
      'assignment@1',
    ]);
  });

  it('is refused for a deadline that is not open, an unknown reason, or the same reason again', () => {
    spec
      .given(through('registered'))
      .when(cmd.notTracked('delivery@1', 'append_refused'), { actor: SYSTEM })
      .thenThrows('DEADLINE_NOT_OPEN');
    spec
      .given(through('registered'))
      .when(
        { type: 'RecordDeadlineNotTracked', data: { deadlineId: 'assignment@1', reason: 'bored' as never } },
        { actor: SYSTEM },
      )
      .thenThrows('INVALID_COMMAND');
    spec
      .given(notTracked())
      .when(cmd.notTracked('assignment@1', 'calendar_not_covering'), { actor: SYSTEM })
      .thenThrows('DEADLINE_ALREADY_UNTRACKED');
    // Another reason is news (the calendar covers it now, but the store refuses the record).
    spec
      .given(notTracked())
      .when(cmd.notTracked('assignment@1', 'append_refused'), { actor: SYSTEM, now: wib('2025-01-07') })
      .then([
        {
          type: 'DeadlineNotTracked',
          data: {
            deadlineId: 'assignment@1',
            ruleId: 'assignment',
            stage: 'intake',
            reason: 'append_refused',
            timer: null,
            at: wib('2025-01-07'),
          },
        },
      ]);
  });

  it('only the system may record it', () => {
    spec
      .given(through('registered'))
      .when(cmd.notTracked('assignment@1', 'not_planned'))
      .thenThrows('ROLE_NOT_ALLOWED');
  });

  it('a DeadlineRecorded of the same id clears it: the deadline is counted again', () => {
    const { state } = spec
      .given(notTracked())
      .when(cmd.recordDeadline('assignment@1', '2025-01-09'), { actor: SYSTEM, now: wib('2025-01-07') })
      .then([expect.objectContaining({ type: 'DeadlineRecorded' })]);
    expect(state.untrackedDeadlines).toEqual({});
    expect(untrackedDeadlines(state, DEFAULT_DEADLINE_POLICY)).toEqual([]);
  });

  it('a stage that moves on leaves it behind: no longer anybody’s to count', () => {
    const assigned = [
      ...notTracked(),
      ...run([step('a', cmd.assign(), SUPERVISOR, '2025-01-07')], sanctionCaseDeciderState(notTracked()))
        .events,
    ];
    const state = replay(assigned);
    expect(state.stage).not.toBe('intake');
    expect(state.untrackedDeadlines?.['assignment@1']).toBeDefined();
    expect(untrackedDeadlines(state, DEFAULT_DEADLINE_POLICY)).toEqual([]);
  });
});
