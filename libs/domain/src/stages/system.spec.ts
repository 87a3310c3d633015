// Given/when/then specifications: System commands: the sanction in force and served, deadlines, reminders, escalations.
import { sanctionCaseDeciderState, spec, through } from '../testing/case-spec';
import { BERAT_PATH, SUPERVISOR, SYSTEM, TEST_CALENDAR, cmd, run, step, wib } from '../testing/fixtures';
import { DEFAULT_DEADLINE_POLICY } from '../deadlines/policy';

describe('in force and served (system commands)', () => {
  it('MarkSanctionInForce after the keberatan window: in force on the 15th working day after receipt (PerBKN 6/2022 Ps 50(1))', () => {
    const at = wib('2025-02-26', '00:00');
    const { state } = spec
      .given(through('delivered'))
      .when(cmd.inForce(), { actor: SYSTEM, now: at })
      .then([
        {
          type: 'SanctionTookEffect',
          data: {
            sanctionCode: 'PEMOTONGAN_TUKIN_25',
            periodMonths: 6,
            effectiveOn: '2025-02-26',
            endsOn: '2025-08-25',
            at,
          },
        },
      ]);
    expect(state.stage).toBe('in_force');
    spec
      .given(through('delivered'))
      .when(cmd.inForce(), { actor: SYSTEM, now: wib('2025-02-25', '23:00') })
      .thenThrows('OBJECTION_WINDOW_OPEN');
  });

  it('MarkSanctionPeriodServed after the last day closes the case', () => {
    const inForce = [
      ...through('delivered'),
      ...run(
        [step('in-force', cmd.inForce(), SYSTEM, '2025-02-26', '00:00')],
        sanctionCaseDeciderState(through('delivered')),
      ).events,
    ];
    const at = wib('2025-08-26', '00:00');
    spec
      .given(inForce)
      .when(cmd.periodServed(), { actor: SYSTEM, now: at })
      .then([
        {
          type: 'SanctionPeriodServed',
          data: { sanctionCode: 'PEMOTONGAN_TUKIN_25', endsOn: '2025-08-25', at },
        },
        { type: 'CaseClosed', data: { outcome: 'sanction_served', reason: null, at } },
      ]);
    spec
      .given(inForce)
      .when(cmd.periodServed(), { actor: SYSTEM, now: wib('2025-08-25', '12:00') })
      .thenThrows('SANCTION_PERIOD_NOT_ENDED');
  });

  it('a dismissal not appealed takes effect and closes the case', () => {
    spec
      .given(run(BERAT_PATH).events)
      .when(cmd.inForce(), { actor: SYSTEM, now: wib('2025-02-26', '00:00') })
      .then([
        expect.objectContaining({
          type: 'SanctionTookEffect',
          data: expect.objectContaining({ effectiveOn: '2025-02-26' }),
        }),
        expect.objectContaining({
          type: 'CaseClosed',
          data: expect.objectContaining({ outcome: 'dismissed_from_service' }),
        }),
      ]);
  });
});

describe('deadlines (system commands)', () => {
  it('RecordDeadline stores the due date once, with calendar and policy versions', () => {
    const at = wib('2025-01-06', '09:01');
    const { state } = spec
      .given(through('registered'))
      .when(cmd.recordDeadline('assignment@1', '2025-01-09'), { actor: SYSTEM, now: at })
      .then([
        {
          type: 'DeadlineRecorded',
          data: {
            deadlineId: 'assignment@1',
            ruleId: 'assignment',
            stage: 'intake',
            anchor: wib('2025-01-06'),
            length: 3,
            unit: 'working_days',
            dueDate: '2025-01-09',
            dueAt: '2025-01-09T16:59:00.000Z',
            calendarVersion: TEST_CALENDAR.version,
            policyVersion: DEFAULT_DEADLINE_POLICY.version,
            at,
          },
        },
      ]);
    expect(state.deadlines['assignment@1'].dueDate).toBe('2025-01-09');
    spec
      .given([
        ...through('registered'),
        ...run(
          [step('d', cmd.recordDeadline('assignment@1', '2025-01-09'), SYSTEM, '2025-01-06')],
          sanctionCaseDeciderState(through('registered')),
        ).events,
      ])
      .when(cmd.recordDeadline('assignment@1', '2025-01-09'), { actor: SYSTEM })
      .thenThrows('DEADLINE_ALREADY_RECORDED');
    spec
      .given(through('registered'))
      .when(cmd.recordDeadline('delivery@1', '2025-01-09'), { actor: SYSTEM })
      .thenThrows('DEADLINE_NOT_OPEN');
  });

  const withDeadline = () => [
    ...through('registered'),
    ...run(
      [step('d', cmd.recordDeadline('assignment@1', '2025-01-09'), SYSTEM, '2025-01-06')],
      sanctionCaseDeciderState(through('registered')),
    ).events,
  ];

  it('RecordReminder for a recorded open deadline, once per offset', () => {
    const at = wib('2025-01-08', '08:00');
    const history = withDeadline();
    spec
      .given(history)
      .when(cmd.reminder('assignment@1', 1), { actor: SYSTEM, now: at })
      .then([
        {
          type: 'DeadlineReminderSent',
          data: { deadlineId: 'assignment@1', offset: 1, recipientRole: 'case_officer', at },
        },
      ]);
    spec
      .given(history)
      .when(cmd.reminder('assignment@1', 2), { actor: SYSTEM, now: at })
      .thenThrows('INVALID_COMMAND');
    spec
      .given(through('registered'))
      .when(cmd.reminder('assignment@1', 1), { actor: SYSTEM, now: at })
      .thenThrows('DEADLINE_NOT_RECORDED');
  });

  it('RecordEscalation after the deadline passed, along the chain', () => {
    const at = wib('2025-01-10');
    spec
      .given(withDeadline())
      .when(cmd.escalate('assignment@1', 1, 'supervisor'), { actor: SYSTEM, now: at })
      .then([
        {
          type: 'DeadlineEscalated',
          data: { deadlineId: 'assignment@1', step: 1, recipientRole: 'supervisor', nextDueAt: null, at },
        },
      ]);
    spec
      .given(withDeadline())
      .when(cmd.escalate('assignment@1', 1, 'supervisor'), { actor: SYSTEM, now: wib('2025-01-09') })
      .thenThrows('INVALID_COMMAND');
    spec
      .given(withDeadline())
      .when(cmd.escalate('assignment@1', 1, 'ppk'), { actor: SYSTEM, now: at })
      .thenThrows('INVALID_COMMAND');
  });

  it('a deadline closes when its stage moves on: later reminders are refused', () => {
    const history = [
      ...withDeadline(),
      ...run([step('a', cmd.assign(), SUPERVISOR, '2025-01-07')], sanctionCaseDeciderState(withDeadline()))
        .events,
    ];
    spec
      .given(history)
      .when(cmd.reminder('assignment@1', 1), { actor: SYSTEM })
      .thenThrows('DEADLINE_NOT_OPEN');
  });
});
