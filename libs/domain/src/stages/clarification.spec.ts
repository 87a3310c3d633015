// Given/when/then specifications: Assignment and clarification (klarifikasi by Inspektorat or BKPSDM).
import { type CaseCommand } from '../case/commands';
import { spec, through } from '../testing/case-spec';
import { ADMIN, OFFICER, OTHER_OFFICER, PPK, SUPERVISOR, cmd, wib } from '../testing/fixtures';

const start = (occurredOn: string): CaseCommand => ({
  type: 'StartClarification',
  data: { by: 'bkpsdm', occurredOn },
});

const lhpOn = (occurredOn: string) =>
  ({
    ...cmd.clarifyProceed('sedang'),
    data: { ...cmd.clarifyProceed('sedang').data, occurredOn },
  }) as CaseCommand;

describe('assignment and clarification', () => {
  it('AssignOfficer moves the case to clarification; reassignment keeps the stage', () => {
    const at = wib('2025-01-06', '10:00');
    const { state } = spec
      .given(through('registered'))
      .when(cmd.assign(), { actor: SUPERVISOR, now: at })
      .then([
        {
          type: 'OfficerAssigned',
          data: { officerId: OFFICER.id, officerName: 'Ani', previousOfficerId: null, at },
        },
      ]);
    expect(state.stage).toBe('clarification');
    const reassigned = spec
      .given(through('clarifying'))
      .when(cmd.assign(OTHER_OFFICER.id), { actor: ADMIN, now: at })
      .then([expect.objectContaining({ type: 'OfficerAssigned' })]);
    expect(reassigned.state.assignedOfficer?.id).toBe(OTHER_OFFICER.id);
    expect(reassigned.state.stage).toBe('clarification');
  });

  it('refuses assigning the same officer again', () => {
    spec.given(through('assigned')).when(cmd.assign(), { actor: SUPERVISOR }).thenThrows('INVALID_COMMAND');
  });

  it('StartClarification records who clarifies', () => {
    const at = wib('2025-01-07');
    spec
      .given(through('assigned'))
      .when(cmd.startClarification(), { now: at })
      .then([
        {
          type: 'ClarificationStarted',
          data: {
            by: 'inspektorat',
            letterReference: 'INS/01/2025',
            occurredOn: '2025-01-07',
            occurredOnDefaulted: true,
            at,
          },
        },
      ]);
    spec.given(through('clarifying')).when(cmd.startClarification()).thenThrows('WRONG_STAGE');
    spec.given(through('registered')).when(cmd.startClarification()).thenThrows('WRONG_STAGE');
  });

  it('a clarification that proceeds moves to the PPK follow-up', () => {
    const at = wib('2025-01-09');
    const { state } = spec
      .given(through('clarifying'))
      .when(cmd.clarifyProceed('sedang'), { now: at })
      .then([
        {
          type: 'ClarificationConcluded',
          data: {
            occurredOn: '2025-01-09',
            occurredOnDefaulted: true,
            result: 'proceed',
            likelyLevel: 'sedang',
            timPemeriksaNeeded: false,
            reportReference: 'LHP-01/2025',
            summary: 'Cukup bukti untuk pemeriksaan',
            at,
          },
        },
      ]);
    expect(state.stage).toBe('follow_up');
  });

  it('a clarification finding nothing closes the case as not proven', () => {
    const at = wib('2025-01-09');
    const { state } = spec
      .given(through('clarifying'))
      .when(cmd.clarifyNotProven(), { now: at })
      .then([
        expect.objectContaining({
          type: 'ClarificationConcluded',
          data: expect.objectContaining({ result: 'not_proven' }),
        }),
        { type: 'CaseClosed', data: { outcome: 'not_proven', reason: 'Tidak cukup bukti', at } },
      ]);
    expect(state.closure).toEqual({
      outcome: 'not_proven',
      reason: 'Tidak cukup bukti',
      closedFromStage: 'clarification',
      at,
    });
  });

  it('a likely berat breach needs a Tim Pemeriksa', () => {
    spec
      .given(through('clarifying'))
      .when(cmd.clarifyProceed('berat', false), { now: wib('2025-01-09') })
      .thenThrows('TIM_PEMERIKSA_REQUIRED');
  });

  it('a clarification started on an earlier day records that day (occurredOn), not before the report', () => {
    const now = wib('2025-01-10');
    const { state } = spec
      .given(through('assigned'))
      .when(start('2025-01-07'), { now })
      .then([
        {
          type: 'ClarificationStarted',
          data: {
            by: 'bkpsdm',
            letterReference: null,
            occurredOn: '2025-01-07',
            occurredOnDefaulted: false,
            at: now,
          },
        },
      ]);
    expect(state.clarification?.startedOn).toBe('2025-01-07');
    // The report was received on 2025-01-03: nothing is clarified before it is known.
    const error = spec
      .given(through('assigned'))
      .when(start('2025-01-02'), { now })
      .thenThrows('FACT_BEFORE_DEPENDENCY');
    expect(error.details).toMatchObject({ dependsOn: 'report', dependsOnDate: '2025-01-03' });
    spec.given(through('assigned')).when(start('2025-01-11'), { now }).thenThrows('FUTURE_DATE');
  });

  it('occurredOn not given: the recording day stands in, flagged for auditors, and bounds nothing later', () => {
    // Recorded on Fri 10 Jan without the day it started: the event carries 10 Jan and says it was defaulted.
    const now = wib('2025-01-10');
    const { state, events } = spec
      .given(through('assigned'))
      .when({ type: 'StartClarification', data: { by: 'bkpsdm' } }, { now })
      .then([
        {
          type: 'ClarificationStarted',
          data: {
            by: 'bkpsdm',
            letterReference: null,
            occurredOn: '2025-01-10',
            occurredOnDefaulted: true,
            at: now,
          },
        },
      ]);
    // The stand-in day is only an upper bound: the state keeps the day as not known ...
    expect(state.clarification?.startedOn).toBeNull();
    // ... so an LHP really dated before the recording day is not refused against it.
    spec
      .given([...through('assigned'), ...events])
      .when(lhpOn('2025-01-09'), { now: wib('2025-01-13') })
      .then([
        expect.objectContaining({
          type: 'ClarificationConcluded',
          data: expect.objectContaining({ occurredOn: '2025-01-09', occurredOnDefaulted: false }),
        }),
      ]);
  });

  it('the LHP is dated on or after the clarification started (both dates in the refusal)', () => {
    const now = wib('2025-01-09');
    // The clarification started with its day given.
    const started = [
      ...through('assigned'),
      ...spec.given(through('assigned')).when(start('2025-01-07'), { now }).then([expect.anything()]).events,
    ];
    const error = spec.given(started).when(lhpOn('2025-01-06'), { now }).thenThrows('FACT_BEFORE_DEPENDENCY');
    expect(error.details).toEqual({
      field: 'occurredOn',
      date: '2025-01-06',
      dependsOn: 'clarificationStart',
      dependsOnDate: '2025-01-07',
    });
    expect(error.message).toContain('2025-01-07');
    expect(error.messageId).toContain('klarifikasi');
    const { state } = spec
      .given(started)
      .when(lhpOn('2025-01-07'), { now })
      .then([expect.objectContaining({ type: 'ClarificationConcluded' })]);
    expect(state.clarification?.concludedOn).toBe('2025-01-07');
  });

  it('a history recorded before occurredOn existed leaves the days unknown (replay)', () => {
    const events = through('clarified').map((e) =>
      e.type === 'ClarificationStarted' || e.type === 'ClarificationConcluded'
        ? ({ ...e, data: { ...e.data, occurredOn: undefined, occurredOnDefaulted: undefined } } as typeof e)
        : e,
    );
    const { state } = spec
      .given(events)
      .when(cmd.followUp('examination'), { actor: PPK, now: wib('2025-01-10') })
      .then([expect.objectContaining({ type: 'PpkFollowUpRecorded' })]);
    expect(state.clarification).toMatchObject({ startedOn: null, concludedOn: null });
  });

  it('a result needs a started clarification', () => {
    spec.given(through('assigned')).when(cmd.clarifyProceed()).thenThrows('WRONG_STAGE');
  });
});
