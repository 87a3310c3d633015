// Given/when/then specifications: the order of the procedure's facts by the dates they happened (2026.1 time
// rules). Each refusal names the fact depended on and both dates; a case on an older policy keeps its rules.
import { DEFAULT_DEADLINE_POLICY } from '../deadlines';
import { spec, through } from '../testing/case-spec';
import { BERAT_PATH, MORAL_PATH, NO_SHOW_PATH, PPK, cmd, historyThrough, wib } from '../testing/fixtures';
import { type CaseCommand } from '../case/commands';
import { type CaseEvent } from '../case/events';
import { localDateOf } from '../time';

const withData = (command: CaseCommand, data: Record<string, unknown>) =>
  ({ ...command, data: { ...command.data, ...data } }) as CaseCommand;

/** A history whose clarification start and LHP carry their days (the fixtures leave them defaulted). */
const dated = (events: CaseEvent[]): CaseEvent[] =>
  events.map((e) =>
    e.type === 'ClarificationStarted' || e.type === 'ClarificationConcluded'
      ? ({
          ...e,
          data: { ...e.data, occurredOn: localDateOf(e.data.at), occurredOnDefaulted: false },
        } as CaseEvent)
      : e,
  );

const dependency = (dependsOn: string, dependsOnDate: string) => (e: { details: unknown }) =>
  expect(e.details).toMatchObject({ dependsOn, dependsOnDate });

describe('facts in the order they happened', () => {
  it('the PPK follow-up letter is not dated before the LHP it follows up', () => {
    // LHP recorded (and so dated) 2025-01-09.
    spec
      .given(dated(through('clarified')))
      .when(withData(cmd.followUp(), { letterDate: '2025-01-08' }), { actor: PPK, now: wib('2025-01-10') })
      .thenThrows('FACT_BEFORE_DEPENDENCY', dependency('lhp', '2025-01-09'));
    spec
      .given(dated(through('clarified')))
      .when(withData(cmd.followUp(), { letterDate: '2025-01-09' }), { actor: PPK, now: wib('2025-01-10') })
      .then([expect.objectContaining({ type: 'PpkFollowUpRecorded' })]);
  });

  it('the Tim Pemeriksa decree is not dated before the follow-up (nor, formed ahead of it, the LHP)', () => {
    const followedUp = dated(historyThrough(BERAT_PATH, 'followed-up'));
    spec
      .given(followedUp)
      .when(withData(cmd.formTim(), { decreeDate: '2025-01-09' }), { actor: PPK, now: wib('2025-01-10') })
      .thenThrows('FACT_BEFORE_DEPENDENCY', dependency('followUp', '2025-01-10'));
    const clarified = dated(historyThrough(BERAT_PATH, 'clarified'));
    spec
      .given(clarified)
      .when(withData(cmd.formTim(), { decreeDate: '2025-01-08' }), { actor: PPK, now: wib('2025-01-10') })
      .thenThrows('FACT_BEFORE_DEPENDENCY', dependency('lhp', '2025-01-09'));
    spec
      .given(followedUp)
      .when(cmd.formTim(), { actor: PPK, now: wib('2025-01-10') })
      .then([expect.objectContaining({ type: 'TimPemeriksaFormed' })]);
  });

  it('the Majelis Kode Etik decree is not dated before the follow-up choosing the ethics track', () => {
    spec
      .given(dated(historyThrough(MORAL_PATH, 'followed-up')))
      .when(withData(cmd.convene(), { decreeDate: '2025-01-08' }), { actor: PPK, now: wib('2025-01-13') })
      .thenThrows('FACT_BEFORE_DEPENDENCY', dependency('followUp', '2025-01-10'));
  });

  it('summons I is not dated before the clarification started', () => {
    // Clarification started 2025-01-07; a summons of 2025-01-06 (after the report of 2025-01-03) predates it.
    spec
      .given(dated(through('followed-up')))
      .when(cmd.summons(1, '2025-01-06', '2025-01-22'), { now: wib('2025-01-13') })
      .thenThrows('FACT_BEFORE_DEPENDENCY', (e) =>
        expect(e.details).toEqual({
          field: 'issuedOn',
          date: '2025-01-06',
          dependsOn: 'clarificationStart',
          dependsOnDate: '2025-01-07',
        }),
      );
  });

  it('summons II is not dated before the hearing the ASN missed', () => {
    const missed = dated(historyThrough(NO_SHOW_PATH, 'missed-1'));
    const error = spec
      .given(missed)
      .when(cmd.summons(2, '2025-01-21', '2025-02-07'), { now: wib('2025-01-23') })
      .thenThrows('FACT_BEFORE_DEPENDENCY', dependency('missedFirstHearing', '2025-01-22'));
    expect(error.messageId).toContain('22 Januari 2025');
    spec
      .given(missed)
      .when(cmd.summons(2, '2025-01-22', '2025-02-07'), { now: wib('2025-01-23') })
      .then([expect.objectContaining({ type: 'SummonsIssued' })]);
  });

  it('a clarification whose days were not given (defaulted to the recording day) bounds nothing later', () => {
    spec
      .given(through('clarified'))
      .when(withData(cmd.followUp(), { letterDate: '2025-01-04' }), { actor: PPK, now: wib('2025-01-10') })
      .then([expect.objectContaining({ type: 'PpkFollowUpRecorded' })]);
  });

  it('a case on a policy before the 2026.1 time rules keeps the rules it started with', () => {
    const { backdatingHorizonDays: _dropped, ...parameters } = DEFAULT_DEADLINE_POLICY.parameters;
    const policy = {
      ...DEFAULT_DEADLINE_POLICY,
      version: '2025.2',
      parameters,
    } as typeof DEFAULT_DEADLINE_POLICY;
    spec
      .given(dated(through('clarified')))
      .when(withData(cmd.followUp(), { letterDate: '2025-01-08' }), {
        actor: PPK,
        now: wib('2025-01-10'),
        policy,
      })
      .then([expect.objectContaining({ type: 'PpkFollowUpRecorded' })]);
  });
});
