// Given/when/then specifications: Assignment and clarification (klarifikasi by Inspektorat or BKPSDM).
import { spec, through } from '../testing/case-spec';
import { ADMIN, OFFICER, OTHER_OFFICER, SUPERVISOR, cmd, wib } from '../testing/fixtures';

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
        { type: 'ClarificationStarted', data: { by: 'inspektorat', letterReference: 'INS/01/2025', at } },
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
      .when(cmd.clarifyProceed('berat', false))
      .thenThrows('TIM_PEMERIKSA_REQUIRED');
  });

  it('a result needs a started clarification', () => {
    spec.given(through('assigned')).when(cmd.clarifyProceed()).thenThrows('WRONG_STAGE');
  });
});
