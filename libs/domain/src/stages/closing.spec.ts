// Given/when/then specifications: Closing as not proven, withdrawal and reopening.
import { spec, through } from '../testing/case-spec';
import {
  OFFICER,
  OTHER_OFFICER,
  PPK,
  SEDANG_PATH,
  SUPERVISOR,
  SYSTEM,
  cmd,
  run,
  step,
  wib,
} from '../testing/fixtures';
import { type CaseCommand } from '../case/commands';

describe('closing, withdrawal and reopening', () => {
  it('CloseCase as not proven after the examination', () => {
    spec
      .given(through('bap'))
      .when(cmd.close(), { actor: PPK, now: wib('2025-02-03') })
      .then([
        {
          type: 'CaseClosed',
          data: { outcome: 'not_proven', reason: 'Tidak terbukti dalam pemeriksaan', at: wib('2025-02-03') },
        },
      ]);
    spec.given(through('assigned')).when(cmd.close(), { actor: PPK }).thenThrows('WRONG_STAGE');
  });

  it('WithdrawCase before a decision only', () => {
    spec
      .given(through('clarified'))
      .when(cmd.withdraw(), { actor: SUPERVISOR })
      .then([
        {
          type: 'CaseClosed',
          data: { outcome: 'withdrawn', reason: 'Laporan dicabut oleh pelapor', at: wib('2025-01-06') },
        },
      ]);
    spec
      .given(through('decided'))
      .when(cmd.withdraw(), { actor: SUPERVISOR })
      .thenThrows('CANNOT_WITHDRAW_AFTER_DECISION');
    spec.given(through('clarified')).when(cmd.withdraw(), { actor: OFFICER }).thenThrows('ROLE_NOT_ALLOWED');
  });

  it('a closed case accepts nothing but reopening', () => {
    const closed = run([
      ...SEDANG_PATH.slice(0, 3),
      step('nope', cmd.clarifyNotProven(), OFFICER, '2025-01-09'),
    ]).events;
    const refused: [CaseCommand, typeof OFFICER][] = [
      [cmd.assign(OTHER_OFFICER.id), SUPERVISOR],
      [cmd.startClarification(), OFFICER],
      [cmd.recommendation('bawaslu', '2025-01-08'), OFFICER],
      [cmd.withdraw(), SUPERVISOR],
      [cmd.recordDeadline('clarification@3', '2025-01-24'), SYSTEM],
      [cmd.inForce(), SYSTEM],
    ];
    for (const [command, actor] of refused) {
      spec
        .given(closed)
        .when(command, { actor, now: wib('2025-01-10') })
        .thenThrows('CASE_CLOSED');
    }
    const at = wib('2025-02-01');
    const { state } = spec
      .given(closed)
      .when(cmd.reopen(), { actor: SUPERVISOR, now: at })
      .then([
        {
          type: 'CaseReopened',
          data: { reason: 'Bukti baru dari Bawaslu', previousOutcome: 'not_proven', round: 2, at },
        },
      ]);
    expect(state).toMatchObject({ stage: 'clarification', round: 2, closure: null, clarification: null });
    expect(state.closures).toHaveLength(1);
    spec.given(through('clarified')).when(cmd.reopen(), { actor: SUPERVISOR }).thenThrows('CASE_NOT_CLOSED');
    spec.given(closed).when(cmd.reopen(), { actor: OFFICER }).thenThrows('ROLE_NOT_ALLOWED');
  });
});
