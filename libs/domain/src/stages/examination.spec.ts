// Given/when/then specifications: Examination (PP 94/2021): Tim Pemeriksa, summons I/II, attendance, BAP.
import { spec, through } from '../testing/case-spec';
import {
  BERAT_PATH,
  NO_SHOW_PATH,
  PPK,
  FULL_TIM,
  TEST_CALENDAR,
  cmd,
  historyThrough,
  wib,
} from '../testing/fixtures';

describe('examination (PP 94/2021)', () => {
  it('FormTimPemeriksa needs the superior, an oversight and a personnel member', () => {
    const at = wib('2025-01-10', '11:00');
    spec
      .given(through('followed-up'))
      .when(cmd.formTim(), { actor: PPK, now: at })
      .then([
        {
          type: 'TimPemeriksaFormed',
          data: { decreeNumber: 'SK-TIM/01/2025', decreeDate: '2025-01-10', members: FULL_TIM, at },
        },
      ]);
    spec
      .given(through('followed-up'))
      .when(cmd.formTim(FULL_TIM.slice(0, 2)), { actor: PPK, now: at })
      .thenThrows('INVALID_COMMAND');
    spec
      .given(historyThrough(BERAT_PATH, 'tim'))
      .when(cmd.formTim(), { actor: PPK })
      .thenThrows('TIM_PEMERIKSA_ALREADY_FORMED');
  });

  it('IssueSummons I with at least 7 working days notice', () => {
    const at = wib('2025-01-13');
    const { state } = spec
      .given(through('followed-up'))
      .when(cmd.summons(1, '2025-01-13', '2025-01-22'), { now: at })
      .then([
        {
          type: 'SummonsIssued',
          data: {
            sequence: 1,
            letterNumber: 'PGL-1/2025',
            issuedOn: '2025-01-13',
            deliveredOn: '2025-01-13',
            deliveryProofRef: 'TT-1',
            hearingDate: '2025-01-22',
            noticeCheckedWith: TEST_CALENDAR.version,
            late: false,
            at,
          },
        },
      ]);
    expect(state.examination.summonses).toHaveLength(1);
  });

  it('counts holidays in the notice: cuti bersama around Idul Fitri 2025 make 24 Mar → 9 Apr too short', () => {
    const now = wib('2025-03-24');
    spec
      .given(through('followed-up'))
      .when(cmd.summons(1, '2025-03-24', '2025-04-09'), { now })
      .thenThrows('SUMMONS_NOTICE_TOO_SHORT', (e) => expect(e.details.latestDelivery).toBe('2025-03-20'));
    // Without a calendar only weekends are known: the same dates pass, and the event says so.
    spec
      .given(through('followed-up'))
      .when(cmd.summons(1, '2025-03-24', '2025-04-09'), { now, calendar: null })
      .then([
        expect.objectContaining({ data: expect.objectContaining({ noticeCheckedWith: 'weekends-only' }) }),
      ]);
  });

  it('refuses a hearing less than 7 working days after delivery, and summons out of order', () => {
    spec
      .given(through('followed-up'))
      .when(cmd.summons(1, '2025-01-13', '2025-01-21'), { now: wib('2025-01-13') })
      .thenThrows('SUMMONS_NOTICE_TOO_SHORT');
    spec
      .given(through('followed-up'))
      .when(cmd.summons(2, '2025-01-13', '2025-01-22'), { now: wib('2025-01-13') })
      .thenThrows('SUMMONS_OUT_OF_ORDER');
    spec
      .given(through('summoned'))
      .when(cmd.summons(1, '2025-01-13', '2025-01-22'), { now: wib('2025-01-13') })
      .thenThrows('SUMMONS_OUT_OF_ORDER');
    spec
      .given(through('attended'))
      .when(cmd.summons(2, '2025-01-23', '2025-02-07'), { now: wib('2025-01-23') })
      .thenThrows('SUMMONS_OUT_OF_ORDER');
  });

  it('RecordAttendance on the hearing date; not before it, not twice', () => {
    const at = wib('2025-01-22', '15:00');
    spec
      .given(through('summoned'))
      .when(cmd.attendance(1, true), { now: at })
      .then([
        { type: 'AttendanceRecorded', data: { sequence: 1, hearingDate: '2025-01-22', attended: true, at } },
      ]);
    spec
      .given(through('summoned'))
      .when(cmd.attendance(1, true), { now: wib('2025-01-20') })
      .thenThrows('FUTURE_DATE');
    spec
      .given(through('attended'))
      .when(cmd.attendance(1, true), { now: at })
      .thenThrows('ATTENDANCE_OUT_OF_ORDER');
    spec
      .given(through('summoned'))
      .when(cmd.attendance(2, false), { now: at })
      .thenThrows('ATTENDANCE_OUT_OF_ORDER');
  });

  it('a missed hearing opens summons II; it is flagged late after 7 working days', () => {
    const history = historyThrough(NO_SHOW_PATH, 'missed-1');
    spec
      .given(history)
      .when(cmd.summons(2, '2025-01-23', '2025-02-07'), { now: wib('2025-01-23') })
      .then([
        expect.objectContaining({
          type: 'SummonsIssued',
          data: expect.objectContaining({ sequence: 2, late: false }),
        }),
      ]);
    // 7 working days after 22 Jan 2025 (27–29 Jan are holidays) is 5 Feb; issuing on 6 Feb is late.
    spec
      .given(history)
      .when(cmd.summons(2, '2025-02-06', '2025-02-17'), { now: wib('2025-02-06') })
      .then([expect.objectContaining({ data: expect.objectContaining({ sequence: 2, late: true }) })]);
  });

  it('a second no-show moves to decision on the evidence held', () => {
    const { state } = spec
      .given(historyThrough(NO_SHOW_PATH, 'summoned-2'))
      .when(cmd.attendance(2, false), { now: wib('2025-02-07', '15:00') })
      .then([expect.objectContaining({ type: 'AttendanceRecorded' })]);
    expect(state.stage).toBe('decision');
  });

  it('RecordBap after attendance; a refusal to sign needs a note', () => {
    const at = wib('2025-01-22', '16:00');
    const { state } = spec
      .given(through('attended'))
      .when(cmd.bap('2025-01-22', false, 'PNS menolak menandatangani BAP'), { now: at })
      .then([
        {
          type: 'BapRecorded',
          data: {
            number: 'BAP-01/2025',
            signedOn: '2025-01-22',
            asnSigned: false,
            refusalNote: 'PNS menolak menandatangani BAP',
            at,
          },
        },
      ]);
    expect(state.stage).toBe('decision');
    spec
      .given(through('attended'))
      .when(cmd.bap('2025-01-22', false), { now: at })
      .thenThrows('REFUSAL_NOTE_REQUIRED');
    spec
      .given(through('summoned'))
      .when(cmd.bap('2025-01-22'), { now: at })
      .thenThrows('BAP_REQUIRES_ATTENDANCE');
    spec
      .given(historyThrough(NO_SHOW_PATH, 'missed-1'))
      .when(cmd.bap('2025-01-22'), { now: at })
      .thenThrows('BAP_REQUIRES_ATTENDANCE');
  });
});
