// Given/when/then specifications: the time rules of the 2026.1 policy. A fact is not dated in the future, not
// before the facts it depends on, and not beyond the backdating horizon without a supervisor's reason.
import { DEFAULT_DEADLINE_POLICY } from '../deadlines';
import { spec, through } from '../testing/case-spec';
import { OFFICER, PPK, SUPERVISOR, cmd, wib } from '../testing/fixtures';
import { type CaseCommand } from '../case/commands';

const withData = (command: CaseCommand, data: Record<string, unknown>) =>
  ({ ...command, data: { ...command.data, ...data } }) as CaseCommand;

describe('time rules (bitemporal: the date a fact happened, the time it was recorded)', () => {
  it('refuses facts dated 1999 on a case reported in 2025, naming both dates in both languages', () => {
    const error = spec
      .given(through('followed-up'))
      .when(cmd.summons(1, '1999-01-04', '1999-01-20'), { now: wib('2025-01-13') })
      .thenThrows('FACT_BEFORE_DEPENDENCY', (e) =>
        expect(e.details).toEqual({
          field: 'issuedOn',
          date: '1999-01-04',
          dependsOn: 'report',
          dependsOnDate: '2025-01-03',
        }),
      );
    expect(error.message).toBe(
      'A fact cannot be dated before the fact it depends on: issuedOn 1999-01-04 is before the receipt of the report or finding, 2025-01-03',
    );
    expect(error.messageId).toBe(
      'Tanggal peristiwa tidak boleh mendahului tanggal peristiwa yang menjadi dasarnya: issuedOn 4 Januari 1999 mendahului tanggal laporan/temuan diterima, 3 Januari 2025',
    );
    spec
      .given(through('bap'))
      .when(withData(cmd.decide(), { decreeDate: '1999-02-10' }), { actor: PPK, now: wib('2025-02-03') })
      .thenThrows('FACT_BEFORE_DEPENDENCY');
  });

  it('a decree is not dated before the BAP it rests on', () => {
    spec
      .given(through('bap'))
      .when(withData(cmd.decide(), { decreeDate: '2025-01-21' }), { actor: PPK, now: wib('2025-02-03') })
      .thenThrows('FACT_BEFORE_DEPENDENCY', (e) =>
        expect(e.details).toMatchObject({ dependsOn: 'bap', dependsOnDate: '2025-01-22' }),
      );
  });

  it('a future date names the date and today', () => {
    spec
      .given(through('decided'))
      .when(cmd.deliver('2025-02-07'), { now: wib('2025-02-05') })
      .thenThrows('FUTURE_DATE', (e) =>
        expect(e.details).toEqual({ field: 'deliveredOn', date: '2025-02-07', recordedOn: '2025-02-05' }),
      );
  });

  it('beyond the backdating horizon only a supervisor records a fact, with a reason kept on the event', () => {
    const horizon = DEFAULT_DEADLINE_POLICY.parameters.backdatingHorizonDays;
    expect(horizon).toBe(60);
    // Delivered 5 Feb 2025, recorded 15 Apr 2025: 69 days later.
    const now = wib('2025-04-15');
    spec
      .given(through('decided'))
      .when(cmd.deliver('2025-02-05'), { now })
      .thenThrows('FACT_OUTSIDE_HORIZON', (e) =>
        expect(e.details).toEqual({
          field: 'deliveredOn',
          date: '2025-02-05',
          recordedOn: '2025-04-15',
          horizonDays: 60,
          earliestWithoutReason: '2025-02-14',
        }),
      );
    const reason = 'Tanda terima ditemukan kembali di arsip BKPSDM';
    spec
      .given(through('decided'))
      .when(withData(cmd.deliver('2025-02-05'), { lateRecordingReason: reason }), { actor: OFFICER, now })
      .thenThrows('FACT_OUTSIDE_HORIZON');
    spec
      .given(through('decided'))
      .when(withData(cmd.deliver('2025-02-05'), { lateRecordingReason: reason }), { actor: SUPERVISOR, now })
      .then([
        expect.objectContaining({
          type: 'DecisionDelivered',
          data: expect.objectContaining({
            deliveredOn: '2025-02-05',
            lateRecording: { reason, approvedBy: SUPERVISOR.id },
          }),
        }),
      ]);
    // Within the horizon no reason is needed, and none is recorded.
    spec
      .given(through('decided'))
      .when(cmd.deliver('2025-02-05'), { now: wib('2025-04-01') })
      .then([
        expect.objectContaining({ data: expect.not.objectContaining({ lateRecording: expect.anything() }) }),
      ]);
  });
});
