import {
  DEFAULT_DEADLINE_POLICY,
  computeDueDate,
  openDeadline,
  openDeadlines,
  parseDeadlinePolicy,
  planDeadline,
} from '.';
import { initialState } from '../case/state';
import {
  BERAT_PATH,
  MORAL_PATH,
  NO_SHOW_PATH,
  OFFICER,
  SEDANG_PATH,
  SYSTEM,
  TEST_CALENDAR,
  cmd,
  historyThrough,
  run,
  step,
  wib,
} from '../testing/fixtures';
import { replay } from '../case/events';

const stateThrough = (steps: typeof SEDANG_PATH, name: string) => replay(historyThrough(steps, name));
const ids = (state: Parameters<typeof openDeadlines>[0]) =>
  openDeadlines(state, DEFAULT_DEADLINE_POLICY).map((d) => d.ruleId);

describe('openDeadlines(state, policy)', () => {
  it('names the deadline running in each stage', () => {
    expect(ids(initialState)).toEqual([]);
    expect(ids(stateThrough(SEDANG_PATH, 'registered'))).toEqual(['assignment']);
    expect(ids(stateThrough(SEDANG_PATH, 'assigned'))).toEqual(['clarification']);
    expect(ids(stateThrough(SEDANG_PATH, 'clarified'))).toEqual([]);
    expect(ids(stateThrough(SEDANG_PATH, 'followed-up'))).toEqual(['first_summons']);
    expect(ids(stateThrough(SEDANG_PATH, 'summoned'))).toEqual(['hearing']);
    expect(ids(stateThrough(SEDANG_PATH, 'attended'))).toEqual(['bap']);
    expect(ids(stateThrough(NO_SHOW_PATH, 'missed-1'))).toEqual(['second_summons']);
    expect(ids(stateThrough(NO_SHOW_PATH, 'summoned-2'))).toEqual(['hearing']);
    expect(ids(stateThrough(SEDANG_PATH, 'bap'))).toEqual(['decision']);
    expect(ids(stateThrough(SEDANG_PATH, 'decided'))).toEqual(['delivery']);
    expect(ids(stateThrough(SEDANG_PATH, 'delivered'))).toEqual(['keberatan_window']);
    expect(ids(stateThrough(BERAT_PATH, 'delivered'))).toEqual(['banding_window']);
    expect(ids(stateThrough(MORAL_PATH, 'followed-up'))).toEqual(['majelis_recommendation']);
  });

  it('puts a summoned hearing on the work list: due on its date, then the BAP after it', () => {
    const summoned = stateThrough(SEDANG_PATH, 'summoned');
    const [hearing] = openDeadlines(summoned, DEFAULT_DEADLINE_POLICY);
    expect(hearing).toMatchObject({
      deadlineId: `hearing@${summoned.stageEnteredVersion}`,
      anchor: '2025-01-22',
      expects: ['RecordAttendance'],
    });
    const plan = planDeadline(hearing, TEST_CALENDAR, DEFAULT_DEADLINE_POLICY);
    expect(plan).toMatchObject({ dueDate: '2025-01-22', reminders: [] });
    expect(plan.escalations.map((e) => e.date)).toEqual(['2025-01-23']);

    const attended = stateThrough(SEDANG_PATH, 'attended');
    const [bap] = openDeadlines(attended, DEFAULT_DEADLINE_POLICY);
    expect(bap).toMatchObject({ ruleId: 'bap', anchor: '2025-01-22', expects: ['RecordBap'] });
    // 5 working days: 23, 24, 30, 31 January (27-29 are Isra Mi'raj, cuti bersama, Imlek) and 3 February.
    expect(planDeadline(bap, TEST_CALENDAR, DEFAULT_DEADLINE_POLICY).dueDate).toBe('2025-02-03');
  });

  it('opens no hearing deadline under a policy fixed before it existed (running cases keep their timers)', () => {
    const older = parseDeadlinePolicy({
      ...JSON.parse(JSON.stringify(DEFAULT_DEADLINE_POLICY)),
      rules: DEFAULT_DEADLINE_POLICY.rules.filter((r) => r.id !== 'hearing' && r.id !== 'bap'),
    });
    expect(openDeadlines(stateThrough(SEDANG_PATH, 'summoned'), older)).toEqual([]);
    expect(openDeadlines(stateThrough(SEDANG_PATH, 'attended'), older)).toEqual([]);
  });

  it('anchors on the legal date and carries the policy with its escalation chain', () => {
    const delivery = openDeadline(stateThrough(SEDANG_PATH, 'decided'), DEFAULT_DEADLINE_POLICY);
    expect(delivery).toMatchObject({
      deadlineId: expect.stringMatching(/^delivery@\d+$/),
      ruleId: 'delivery',
      stage: 'delivery',
      anchor: '2025-02-03',
      length: 14,
      unit: 'working_days',
      reminderOffsets: [5, 2, 1],
      escalation: [
        { step: 1, recipientRole: 'supervisor', after: 0 },
        { step: 2, recipientRole: 'ppk', after: 2 },
      ],
      onDue: 'escalate',
      policyVersion: DEFAULT_DEADLINE_POLICY.version,
      recorded: null,
    });
    const second = openDeadline(stateThrough(NO_SHOW_PATH, 'missed-1'), DEFAULT_DEADLINE_POLICY);
    expect(second).toMatchObject({ anchor: '2025-01-22', length: 7 });
  });

  it('a recommendation runs its 10-day follow-up alongside the stage deadline until the PPK acts', () => {
    const withRecommendation = run([
      ...SEDANG_PATH.slice(0, 3),
      step('rec', cmd.recommendation(), OFFICER, '2025-01-08'),
    ]);
    expect(ids(withRecommendation.state)).toEqual(['clarification', 'recommendation_follow_up']);
    const recommendation = openDeadlines(withRecommendation.state, DEFAULT_DEADLINE_POLICY)[1];
    expect(computeDueDate(recommendation.anchor, recommendation, null).dueDate).toBe('2025-01-18');
    expect(recommendation.escalation.map((s) => s.recipientRole)).toEqual([
      'supervisor',
      'ppk',
      'supervisory_body',
    ]);
    const followedUp = run([
      ...SEDANG_PATH.slice(0, 3),
      step('rec', cmd.recommendation(), OFFICER, '2025-01-08'),
      ...SEDANG_PATH.slice(3, 5),
    ]);
    expect(ids(followedUp.state)).toEqual(['first_summons']);
  });

  it('the objection opens the decision deadlines; a banding has the PPK answer and BPASN decision', () => {
    const banding = run([...BERAT_PATH, step('filed', cmd.object('2025-02-10'), OFFICER, '2025-02-10')]);
    expect(ids(banding.state)).toEqual(['banding_ppk_answer', 'banding_decision']);
    const keberatan = run([...SEDANG_PATH, step('filed', cmd.object('2025-02-10'), OFFICER, '2025-02-10')]);
    expect(ids(keberatan.state)).toEqual(['keberatan_decision']);
  });

  it('a time-bound sanction in force runs its period; its due date is the last day', () => {
    const inForce = run([...SEDANG_PATH, step('in-force', cmd.inForce(), SYSTEM, '2025-02-26', '00:00')]);
    const period = openDeadline(inForce.state, DEFAULT_DEADLINE_POLICY)!;
    expect(period).toMatchObject({
      ruleId: 'sanction_period',
      anchor: '2025-02-26',
      length: 6,
      unit: 'months',
      onDue: 'MarkSanctionPeriodServed',
    });
    expect(computeDueDate(period.anchor, period, null).dueDate).toBe('2025-08-25');
  });

  it('shows the recorded due date once RecordDeadline was applied', () => {
    const registered = run(SEDANG_PATH.slice(0, 1));
    const id = openDeadline(registered.state, DEFAULT_DEADLINE_POLICY)!.deadlineId;
    const recorded = run(
      [step('d', cmd.recordDeadline(id, '2025-01-09'), SYSTEM, '2025-01-06', '09:01')],
      registered.state,
    );
    expect(openDeadline(recorded.state, DEFAULT_DEADLINE_POLICY)!.recorded).toMatchObject({
      dueDate: '2025-01-09',
      calendarVersion: TEST_CALENDAR.version,
    });
  });
});

describe('planDeadline', () => {
  it('gives due time, reminders at 08:00 WIB on working days before, and escalation times after', () => {
    const delivery = openDeadline(stateThrough(SEDANG_PATH, 'decided'), DEFAULT_DEADLINE_POLICY)!;
    const plan = planDeadline(delivery, TEST_CALENDAR, DEFAULT_DEADLINE_POLICY);
    // 14 working days after 3 Feb 2025.
    expect(plan.dueDate).toBe('2025-02-21');
    expect(plan.dueAt).toBe('2025-02-21T16:59:59.999Z');
    expect(plan.reminders).toEqual([
      { offset: 5, date: '2025-02-14', at: wib('2025-02-14', '08:00') },
      { offset: 2, date: '2025-02-19', at: wib('2025-02-19', '08:00') },
      { offset: 1, date: '2025-02-20', at: wib('2025-02-20', '08:00') },
    ]);
    expect(plan.escalations).toEqual([
      { step: 1, recipientRole: 'supervisor', date: '2025-02-21', at: '2025-02-21T16:59:59.999Z' },
      { step: 2, recipientRole: 'ppk', date: '2025-02-25', at: '2025-02-25T16:59:59.999Z' },
    ]);
    expect(plan.policyVersion).toBe(DEFAULT_DEADLINE_POLICY.version);
    expect(plan.calendarVersion).toBe(TEST_CALENDAR.version);
  });

  it('a working-day deadline needs a calendar', () => {
    const delivery = openDeadline(stateThrough(SEDANG_PATH, 'decided'), DEFAULT_DEADLINE_POLICY)!;
    expect(() => planDeadline(delivery, null, DEFAULT_DEADLINE_POLICY)).toThrow(
      expect.objectContaining({ code: 'INVALID_DATA' }),
    );
  });
});

describe('deadline policy data', () => {
  it('the default policy covers every rule with the statutory lengths of domain.md', () => {
    const length = (id: string) => DEFAULT_DEADLINE_POLICY.rules.find((r) => r.id === id)!;
    expect(length('second_summons')).toMatchObject({ length: 7, unit: 'working_days' });
    expect(length('delivery')).toMatchObject({ length: 14, unit: 'working_days' });
    expect(length('keberatan_window')).toMatchObject({ length: 14, unit: 'working_days' });
    expect(length('keberatan_decision')).toMatchObject({ length: 21, unit: 'working_days' });
    expect(length('banding_window')).toMatchObject({ length: 14, unit: 'working_days' });
    expect(length('banding_ppk_answer')).toMatchObject({ length: 21, unit: 'working_days' });
    expect(length('banding_decision')).toMatchObject({ length: 65, unit: 'working_days' });
    expect(length('recommendation_follow_up')).toMatchObject({ length: 10, unit: 'calendar_days' });
    expect(DEFAULT_DEADLINE_POLICY.parameters.summonsMinimumNoticeWorkingDays).toBe(7);
    expect(Object.isFrozen(DEFAULT_DEADLINE_POLICY.rules[0])).toBe(true);
  });

  it('an amended policy is validated', () => {
    const amended = JSON.parse(JSON.stringify(DEFAULT_DEADLINE_POLICY));
    amended.version = '2025.2';
    amended.rules.find((r: { id: string }) => r.id === 'recommendation_follow_up').length = 14;
    expect(parseDeadlinePolicy(amended).rules.find((r) => r.id === 'recommendation_follow_up')!.length).toBe(
      14,
    );
    const broken = JSON.parse(JSON.stringify(DEFAULT_DEADLINE_POLICY));
    broken.rules = broken.rules.filter((r: { id: string }) => r.id !== 'delivery');
    expect(() => parseDeadlinePolicy(broken)).toThrow(expect.objectContaining({ code: 'INVALID_DATA' }));
    const badUnit = JSON.parse(JSON.stringify(DEFAULT_DEADLINE_POLICY));
    badUnit.rules[0].unit = 'fortnights';
    expect(() => parseDeadlinePolicy(badUnit)).toThrow(expect.objectContaining({ code: 'INVALID_DATA' }));
  });
});
