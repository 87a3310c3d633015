// Given/when/then specifications: Keberatan and banding administratif (PP 79/2021) and their outcomes.
import { catalogueVersions, sanctionCaseDeciderState, spec, through } from '../testing/case-spec';
import { addWorkingDays } from '../time';
import {
  BERAT_PATH,
  OFFICER,
  PPK,
  SEDANG_PATH,
  SYSTEM,
  TEST_CALENDAR,
  cmd,
  run,
  step,
  wib,
} from '../testing/fixtures';

// Delivered Mon 24 Mar 2025: cuti bersama 28 Mar and 2–4, 7 Apr, Idul Fitri 31 Mar–1 Apr and Good Friday
// 18 Apr fall inside the window, whose 14th working day is Wed 23 Apr.
const DELIVERED_BEFORE_LEBARAN = run([
  ...SEDANG_PATH.slice(0, 8),
  step('decided', cmd.decide(), PPK, '2025-03-20'),
  step('delivered', cmd.deliver('2025-03-24'), OFFICER, '2025-03-24'),
]).events;

describe('objection and appeal (PP 79/2021)', () => {
  const delivered = () => through('delivered');
  const banding = () => run(BERAT_PATH).events;

  it('a keberatan within 14 working days of receipt is accepted', () => {
    // Delivered Wed 5 Feb 2025: the 14th working day after it is Tue 25 Feb.
    const at = wib('2025-02-25');
    const { state } = spec
      .given(delivered())
      .when(cmd.object('2025-02-25'), { now: at })
      .then([
        {
          type: 'ObjectionFiled',
          data: {
            kind: 'keberatan',
            decidedBy: 'atasan_pejabat',
            filedOn: '2025-02-25',
            grounds: 'Hukuman terlalu berat',
            reference: 'KEB-01/2025',
            timeliness: 'in_time',
            dueDate: '2025-02-25',
            at,
          },
        },
      ]);
    expect(state.stage).toBe('objection');
  });

  it('counts the window in working days: holidays and cuti bersama inside it do not count', () => {
    // The calendar the specs decide with: the 14th working day after receipt is 23 Apr, and both a national
    // holiday and a cuti bersama day fall inside the window (so a calendar-day count would differ).
    expect(addWorkingDays(TEST_CALENDAR, '2025-03-24', 14)).toBe('2025-04-23');
    const inside = TEST_CALENDAR.nonWorkingDays.filter(
      (d) => d.date > '2025-03-24' && d.date <= '2025-04-23',
    );
    expect(inside.map((d) => d.kind)).toEqual(expect.arrayContaining(['national_holiday', 'cuti_bersama']));
    spec
      .given(DELIVERED_BEFORE_LEBARAN)
      .when(cmd.object('2025-04-23'), { now: wib('2025-04-23') })
      .then([
        expect.objectContaining({
          type: 'ObjectionFiled',
          data: expect.objectContaining({ timeliness: 'in_time', dueDate: '2025-04-23' }),
        }),
      ]);
    spec
      .given(DELIVERED_BEFORE_LEBARAN)
      .when(cmd.object('2025-04-24'), { now: wib('2025-04-24') })
      .thenThrows('LATE_OBJECTION', (e) =>
        expect(e.details).toEqual({ filedOn: '2025-04-24', dueDate: '2025-04-23' }),
      );
    // Without a keberatan it is in force on the 15th working day after receipt.
    spec
      .given(DELIVERED_BEFORE_LEBARAN)
      .when(cmd.inForce(), { actor: SYSTEM, now: wib('2025-04-24', '00:00') })
      .then([
        expect.objectContaining({
          type: 'SanctionTookEffect',
          data: expect.objectContaining({ effectiveOn: '2025-04-24' }),
        }),
      ]);
  });

  it('a timely objection recorded after a late-recorded delivery retracts the in-force mark', () => {
    // The delivery of 5 Feb is recorded on 3 Mar, after its window ended (25 Feb): the system marks the
    // sanction in force at once. The ASN had filed on 13 Feb; that filing is recorded on 4 Mar.
    const lateDelivery = run(
      [
        step('delivered-late', cmd.deliver('2025-02-05'), OFFICER, '2025-03-03'),
        step('in-force', cmd.inForce(), SYSTEM, '2025-03-03', '09:01'),
      ],
      sanctionCaseDeciderState(through('decided')),
    );
    expect(lateDelivery.state.stage).toBe('in_force');
    expect(lateDelivery.state.sanctionInForce?.effectiveOn).toBe('2025-02-26');
    const history = [...through('decided'), ...lateDelivery.events];
    const at = wib('2025-03-04');
    const { state } = spec
      .given(history)
      .when(cmd.object('2025-02-13'), { now: at })
      .then([
        {
          type: 'SanctionInForceRetracted',
          data: {
            sanctionCode: 'PEMOTONGAN_TUKIN_25',
            effectiveOn: '2025-02-26',
            filedOn: '2025-02-13',
            windowDueDate: '2025-02-25',
            reopenedFrom: null,
            at,
          },
        },
        expect.objectContaining({
          type: 'ObjectionFiled',
          data: expect.objectContaining({
            filedOn: '2025-02-13',
            timeliness: 'in_time',
            dueDate: '2025-02-25',
          }),
        }),
      ]);
    expect(state).toMatchObject({ stage: 'objection', sanctionInForce: null });
    // A filing after the window is still late.
    spec.given(history).when(cmd.object('2025-02-26'), { now: at }).thenThrows('LATE_OBJECTION');
  });

  it('a late objection is refused', () => {
    spec
      .given(delivered())
      .when(cmd.object('2025-02-26'), { now: wib('2025-02-26') })
      .thenThrows('LATE_OBJECTION', (e) =>
        expect(e.details).toEqual({ filedOn: '2025-02-26', dueDate: '2025-02-25' }),
      );
  });

  it('objections to a dismissal go to BPASN as banding, within 14 working days', () => {
    spec
      .given(banding())
      .when(cmd.object('2025-02-10', 'keberatan'), { now: wib('2025-02-10') })
      .thenThrows('WRONG_OBJECTION_ROUTE');
    spec
      .given(delivered())
      .when(cmd.object('2025-02-10', 'banding'), { now: wib('2025-02-10') })
      .thenThrows('WRONG_OBJECTION_ROUTE');
    // 14 working days after 5 Feb 2025 is 25 Feb 2025.
    spec
      .given(banding())
      .when(cmd.object('2025-02-25'), { now: wib('2025-02-25') })
      .then([
        expect.objectContaining({
          data: expect.objectContaining({ kind: 'banding', decidedBy: 'BPASN', dueDate: '2025-02-25' }),
        }),
      ]);
    spec
      .given(banding())
      .when(cmd.object('2025-02-26'), { now: wib('2025-02-26') })
      .thenThrows('LATE_OBJECTION');
  });

  it('the recorded due date wins over a recomputation (computed once, with its calendar version)', () => {
    const deliveredState = sanctionCaseDeciderState(banding());
    const deadlineId = `banding_window@${deliveredState.stageEnteredVersion}`;
    const recorded = run(
      [
        step(
          'deadline',
          cmd.recordDeadline(deadlineId, '2025-02-27', 'older-calendar'),
          SYSTEM,
          '2025-02-05',
          '10:00',
        ),
      ],
      deliveredState,
    ).events;
    spec
      .given([...banding(), ...recorded])
      .when(cmd.object('2025-02-27'), { now: wib('2025-02-27') })
      .then([
        expect.objectContaining({
          data: expect.objectContaining({ dueDate: '2025-02-27', timeliness: 'in_time' }),
        }),
      ]);
  });

  it('without a calendar a working-day window can only be bounded: a filing past the bound is unverified', () => {
    spec
      .given(banding())
      .when(cmd.object('2025-02-20'), { now: wib('2025-02-20'), calendar: null })
      .then([
        expect.objectContaining({ data: expect.objectContaining({ timeliness: 'in_time', dueDate: null }) }),
      ]);
    spec
      .given(banding())
      .when(cmd.object('2025-02-27'), { now: wib('2025-02-27'), calendar: null })
      .then([
        expect.objectContaining({
          data: expect.objectContaining({ timeliness: 'unverified', dueDate: null }),
        }),
      ]);
  });

  it('RecordLateObjection documents a rejected late filing, and only a late one', () => {
    const at = wib('2025-02-27');
    spec
      .given(delivered())
      .when(cmd.lateObjection('2025-02-27'), { now: at })
      .then([
        {
          type: 'LateObjectionRejected',
          data: { filedOn: '2025-02-27', reference: 'KEB-LATE/2025', dueDate: '2025-02-25', at },
        },
      ]);
    spec
      .given(delivered())
      .when(cmd.lateObjection('2025-02-25'), { now: at })
      .thenThrows('OBJECTION_NOT_LATE');
  });

  it('RecordAppealAnswer for a banding only', () => {
    const filed = run(
      [step('filed', cmd.object('2025-02-10'), OFFICER, '2025-02-10')],
      sanctionCaseDeciderState(banding()),
    ).events;
    spec
      .given([...banding(), ...filed])
      .when(cmd.appealAnswer('2025-03-03'), { actor: PPK, now: wib('2025-03-03') })
      .then([
        {
          type: 'AppealAnswered',
          data: { answeredOn: '2025-03-03', letterNumber: 'PPK/BPASN/01', at: wib('2025-03-03') },
        },
      ]);
    const keberatan = run(
      [step('filed', cmd.object('2025-02-10'), OFFICER, '2025-02-10')],
      sanctionCaseDeciderState(delivered()),
    ).events;
    spec
      .given([...delivered(), ...keberatan])
      .when(cmd.appealAnswer('2025-03-03'), { actor: PPK, now: wib('2025-03-03') })
      .thenThrows('WRONG_STAGE');
  });

  describe('outcomes', () => {
    const filed = () => [
      ...delivered(),
      ...run(
        [step('filed', cmd.object('2025-02-10'), OFFICER, '2025-02-10')],
        sanctionCaseDeciderState(delivered()),
      ).events,
    ];
    const at = wib('2025-03-10');

    it('upheld: the sanction takes effect from the objection decision', () => {
      const { state } = spec
        .given(filed())
        .when(cmd.outcome('upheld', '2025-03-07'), { now: at })
        .then([
          {
            type: 'ObjectionDecided',
            data: {
              outcome: 'upheld',
              decidedOn: '2025-03-07',
              decisionRef: 'PUT-KEB/01/2025',
              sanctionCode: 'PEMOTONGAN_TUKIN_25',
              periodMonths: 6,
              catalogueVersions,
              at,
            },
          },
          {
            type: 'SanctionTookEffect',
            data: {
              sanctionCode: 'PEMOTONGAN_TUKIN_25',
              periodMonths: 6,
              effectiveOn: '2025-03-07',
              endsOn: '2025-09-06',
              at,
            },
          },
        ]);
      expect(state.stage).toBe('in_force');
    });

    it('lightened to fewer months; increased must be heavier; changed must change the sanction', () => {
      spec
        .given(filed())
        .when(cmd.outcome('lightened', '2025-03-07', 'PEMOTONGAN_TUKIN_25', 6), { now: at })
        .thenThrows('INVALID_OBJECTION_OUTCOME');
      const filedTwelve = run([
        ...SEDANG_PATH.slice(0, 8),
        step('decided', cmd.decide('PEMOTONGAN_TUKIN_25', 12), PPK, '2025-02-03'),
        SEDANG_PATH[9],
        step('filed', cmd.object('2025-02-10'), OFFICER, '2025-02-10'),
      ]).events;
      spec
        .given(filedTwelve)
        .when(cmd.outcome('lightened', '2025-03-07', 'PEMOTONGAN_TUKIN_25', 9), { now: at })
        .then([
          expect.objectContaining({
            data: expect.objectContaining({ outcome: 'lightened', periodMonths: 9 }),
          }),
          expect.objectContaining({
            type: 'SanctionTookEffect',
            data: expect.objectContaining({ periodMonths: 9, endsOn: '2025-12-06' }),
          }),
        ]);
      spec
        .given(filed())
        .when(cmd.outcome('increased', '2025-03-07', 'PEMOTONGAN_TUKIN_25', 12), { now: at })
        .then([
          expect.objectContaining({
            data: expect.objectContaining({ outcome: 'increased', periodMonths: 12 }),
          }),
          expect.anything(),
        ]);
      spec
        .given(filed())
        .when(cmd.outcome('changed', '2025-03-07', 'PEMOTONGAN_TUKIN_25', 9), { now: at })
        .thenThrows('INVALID_OBJECTION_OUTCOME');
    });

    it('an outcome cannot reach a sanction the catalogue forbids (without an approved departure)', () => {
      spec
        .given(filed())
        .when(cmd.outcome('lightened', '2025-03-07', 'TEGURAN_LISAN', null), { now: at })
        .thenThrows('SANCTION_NOT_ALLOWED_FOR_VIOLATION');
    });

    it('annulled: the case closes', () => {
      spec
        .given(filed())
        .when(cmd.outcome('annulled', '2025-03-07'), { now: at })
        .then([
          expect.objectContaining({
            type: 'ObjectionDecided',
            data: expect.objectContaining({ sanctionCode: null }),
          }),
          { type: 'CaseClosed', data: { outcome: 'sanction_annulled', reason: 'PUT-KEB/01/2025', at } },
        ]);
    });

    it('a banding upheld on a dismissal closes the case as dismissed from service', () => {
      const appealed = run([
        ...BERAT_PATH,
        step('filed', cmd.object('2025-02-10'), OFFICER, '2025-02-10'),
      ]).events;
      spec
        .given(appealed)
        .when(cmd.outcome('upheld', '2025-05-02'), { now: wib('2025-05-05') })
        .then([
          expect.objectContaining({ type: 'ObjectionDecided' }),
          expect.objectContaining({
            type: 'SanctionTookEffect',
            data: expect.objectContaining({ periodMonths: null, endsOn: null }),
          }),
          expect.objectContaining({
            type: 'CaseClosed',
            data: expect.objectContaining({ outcome: 'dismissed_from_service' }),
          }),
        ]);
    });
  });
});
