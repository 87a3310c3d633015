// Given/when/then: a stage's deadline counts from the date of the fact that opened it (its letter, hearing,
// decree or delivery date), not from when an officer typed it in; a fact recorded late re-plans what follows
// under the same deadline id.
import { DEFAULT_DEADLINE_POLICY, needsReplanning, openDeadlines, planDeadline } from '.';
import { type CaseCommand, decide } from '../case';
import { type CaseState } from '../case/state';
import { replay } from '../case/events';
import { spec } from '../testing/case-spec';
import {
  MORAL_PATH,
  PPK,
  SEDANG_PATH,
  SYSTEM,
  TEST_CALENDAR,
  cmd,
  contextFor,
  historyThrough,
  run,
  step,
  wib,
} from '../testing/fixtures';

const deadlineOf = (state: CaseState, ruleId: string) =>
  openDeadlines(state, DEFAULT_DEADLINE_POLICY).find((d) => d.ruleId === ruleId)!;

/** The PPK's follow-up letter dated 2025-01-09, typed in five days later. */
const lateFollowUp: CaseCommand = {
  type: 'RecordPpkFollowUp',
  data: { action: 'examination', letterNumber: 'PPK/TL/01/2025', letterDate: '2025-01-09' },
};

describe('deadlines count from the fact’s own date', () => {
  it('given a follow-up letter recorded late, the first summons counts from the letter’s date', () => {
    const { state } = run([...SEDANG_PATH.slice(0, 4), step('followed-up', lateFollowUp, PPK, '2025-01-14')]);
    expect(state.stageEnteredOn).toBe('2025-01-09');
    const firstSummons = deadlineOf(state, 'first_summons');
    expect(firstSummons.anchor).toBe('2025-01-09');
    // 7 working days from the letter (TEST_CALENDAR), not from the 14th when it was recorded.
    expect(planDeadline(firstSummons, TEST_CALENDAR, DEFAULT_DEADLINE_POLICY).dueDate).toBe('2025-01-20');
  });

  it('given the BAP signed on the hearing day, the decision counts from the BAP’s date', () => {
    const state = replay(historyThrough(SEDANG_PATH, 'bap'));
    expect(deadlineOf(state, 'decision').anchor).toBe('2025-01-22');
  });

  it('given an older history without the date, the deadline counts from the recording instant', () => {
    const recorded = replay(historyThrough(SEDANG_PATH, 'followed-up'));
    const older: CaseState = { ...recorded, stageEnteredOn: undefined };
    expect(deadlineOf(older, 'first_summons').anchor).toBe(recorded.stageEnteredAt);
  });

  it('given a Majelis recommendation deadline recorded, when the Majelis’s first sitting is recorded, it is re-planned under the same id', () => {
    const followedUp = historyThrough(MORAL_PATH, 'followed-up');
    const before = deadlineOf(replay(followedUp), 'majelis_recommendation');
    expect(before.anchor).toBe('2025-01-10');
    const recorded = [
      ...followedUp,
      ...decide(
        cmd.recordDeadline(before.deadlineId, '2025-02-10'),
        replay(followedUp),
        contextFor({ actor: SYSTEM, now: wib('2025-01-10', '09:01') }),
      ),
    ];
    // Nothing changed: recorded once.
    spec
      .given(recorded)
      .when(cmd.recordDeadline(before.deadlineId, '2025-02-10'), { actor: SYSTEM })
      .thenThrows('DEADLINE_ALREADY_RECORDED');

    const convened = [
      ...recorded,
      ...decide(cmd.convene(), replay(recorded), contextFor({ actor: PPK, now: wib('2025-01-13') })),
    ];
    const after = deadlineOf(replay(convened), 'majelis_recommendation');
    expect(after).toMatchObject({ deadlineId: before.deadlineId, anchor: '2025-01-20' });
    expect(needsReplanning(after)).toBe(true);
    const dueDate = planDeadline(after, TEST_CALENDAR, DEFAULT_DEADLINE_POLICY).dueDate;
    const { state } = spec
      .given(convened)
      .when(cmd.recordDeadline(after.deadlineId, dueDate), { actor: SYSTEM, now: wib('2025-01-13', '09:01') })
      .then([
        expect.objectContaining({
          type: 'DeadlineRecorded',
          data: expect.objectContaining({ deadlineId: before.deadlineId, anchor: '2025-01-20', dueDate }),
        }),
      ]);
    expect(needsReplanning(deadlineOf(state, 'majelis_recommendation'))).toBe(false);
  });
});
