// Given/when/then specifications of the sanction case: every command's happy path and every invariant's
// refusal. Histories come from scripted paths (testing/fixtures.ts) run through decide/evolve themselves.
import { DEFAULT_CATALOGUES, type Catalogues } from '../catalogue';
import { sanctionCaseDecider } from '../decider';
import { DeciderSpecification } from '../testing/decider-specification';
import {
  ADMIN,
  AUDITOR,
  BERAT_PATH,
  MORAL_PATH,
  NO_SHOW_PATH,
  OFFICER,
  OTHER_OFFICER,
  PPK,
  SEDANG_PATH,
  SUPERVISOR,
  SYSTEM,
  FULL_TIM,
  TEST_CALENDAR,
  cmd,
  contextFor,
  historyThrough,
  run,
  step,
  wib,
} from '../testing/fixtures';
import { type CaseCommand } from './commands';
import { type CaseEvent } from './events';

const spec = DeciderSpecification.for(sanctionCaseDecider, contextFor);
const through = (name: string) => historyThrough(SEDANG_PATH, name);
const catalogueVersions = { sanctions: '2024.1', violations: 'skb-2022.1', supervisoryBodies: '2024-08.1' };

describe('intake', () => {
  it('RegisterReport records the case and, separately, the confidential reporter identity', () => {
    const at = wib('2025-01-06');
    spec
      .given([])
      .when(cmd.register(), { now: at })
      .then([
        {
          type: 'CaseRegistered',
          data: {
            caseId: 'case-2025-001',
            agency: 'pemkot-bekasi',
            timeZone: 'Asia/Jakarta',
            source: { kind: 'public_report', reference: 'LAP-001/2025', receivedOn: '2025-01-03' },
            reportedAsn: {
              nip: '198001012005011001',
              name: 'Dedi Kurniawan',
              position: 'Kepala Seksi Pelayanan',
              unit: 'Kecamatan Bekasi Timur',
              agency: 'Pemerintah Kota Bekasi',
              employeeType: 'PNS',
            },
            violationType: 'PP94_5N_1_IKUT_KAMPANYE',
            conduct: 'Ikut kampanye terbuka pasangan calon pada 2 Januari 2025',
            election: { kind: 'pilkada', year: 2024 },
            evidence: [{ ref: 'EV-1', description: 'Foto kegiatan kampanye' }],
            catalogueVersions,
            at,
          },
        },
        {
          type: 'ReporterIdentityRecorded',
          data: {
            reporter: { name: 'Siti Rahma', address: 'Jl. Melati 5, Bekasi', contact: '0812000000' },
            at,
          },
        },
      ]);
  });

  it('a Bawaslu finding needs no reporter; WITA agencies keep their zone', () => {
    const { state } = spec
      .given([])
      .when(
        cmd.register({
          reporter: null,
          timeZone: 'Asia/Makassar',
          source: { kind: 'bawaslu_finding', receivedOn: '2025-01-03' },
        }),
      )
      .then([expect.objectContaining({ type: 'CaseRegistered' })]);
    expect(state.timeZone).toBe('Asia/Makassar');
    expect(state.confidential.reporter).toBeNull();
    expect(state.stage).toBe('intake');
  });

  it('refuses a public report without the reporter (reports are not anonymous)', () => {
    spec
      .given([])
      .when(cmd.register({ reporter: null }))
      .thenThrows('INVALID_COMMAND');
  });

  it('refuses an unknown violation type', () => {
    spec
      .given([])
      .when(cmd.register({ violationType: 'LIKE_INSTAGRAM' }))
      .thenThrows('UNKNOWN_VIOLATION_TYPE');
  });

  it('refuses a malformed NIP, a missing NIP for a PNS, a future receipt date and a bad date', () => {
    const asn = (cmd.register().data as { reportedAsn: object }).reportedAsn;
    spec
      .given([])
      .when(cmd.register({ reportedAsn: { ...asn, nip: '123' } as never }))
      .thenThrows('INVALID_COMMAND');
    spec
      .given([])
      .when(cmd.register({ reportedAsn: { ...asn, nip: null } as never }))
      .thenThrows('INVALID_COMMAND');
    spec
      .given([])
      .when(cmd.register({ source: { kind: 'internal', receivedOn: '2025-02-01' } }))
      .thenThrows('FUTURE_DATE');
    spec
      .given([])
      .when(cmd.register({ source: { kind: 'internal', receivedOn: '2025-02-30' } }))
      .thenThrows('INVALID_DATE');
  });

  it('accepts a non-ASN without NIP (the catalogue later decides what applies)', () => {
    const asn = (cmd.register().data as { reportedAsn: object }).reportedAsn;
    spec
      .given([])
      .when(cmd.register({ reportedAsn: { ...asn, nip: null, employeeType: 'NON_ASN' } as never }))
      .then([
        expect.objectContaining({ type: 'CaseRegistered' }),
        expect.objectContaining({ type: 'ReporterIdentityRecorded' }),
      ]);
  });

  it('refuses registering twice and any other command before registration', () => {
    spec.given(through('registered')).when(cmd.register()).thenThrows('CASE_ALREADY_REGISTERED');
    spec.given([]).when(cmd.assign(), { actor: SUPERVISOR }).thenThrows('CASE_NOT_REGISTERED');
  });

  it('refuses unknown commands and malformed envelopes', () => {
    spec
      .given([])
      .when({ type: 'DeleteCase', data: {} } as unknown as CaseCommand)
      .thenThrows('UNKNOWN_COMMAND');
    spec
      .given([])
      .when(null as unknown as CaseCommand)
      .thenThrows('INVALID_COMMAND');
    spec
      .given([])
      .when({ type: 'RegisterReport', data: 'x' } as unknown as CaseCommand)
      .thenThrows('INVALID_COMMAND');
  });
});

describe('access', () => {
  it('auditors never issue commands', () => {
    spec.given(through('registered')).when(cmd.assign(), { actor: AUDITOR }).thenThrows('ROLE_NOT_ALLOWED');
    spec.given([]).when(cmd.register(), { actor: AUDITOR }).thenThrows('ROLE_NOT_ALLOWED');
  });

  it('only the PPK decides; only the system records deadlines', () => {
    spec
      .given(through('bap'))
      .when(cmd.decide(), { actor: OFFICER, now: wib('2025-02-03') })
      .thenThrows('ROLE_NOT_ALLOWED');
    spec
      .given(through('registered'))
      .when(cmd.recordDeadline('assignment@1', '2025-01-09'), { actor: SUPERVISOR })
      .thenThrows('ROLE_NOT_ALLOWED');
  });

  it('another agency cannot act on the case', () => {
    spec
      .given(through('registered'))
      .when(cmd.assign(), { actor: { ...SUPERVISOR, agency: 'pemkab-bogor' } })
      .thenThrows('WRONG_AGENCY');
  });

  it('once assigned, only the assigned officer (or a supervisor) acts', () => {
    spec
      .given(through('assigned'))
      .when(cmd.startClarification(), { actor: OTHER_OFFICER, now: wib('2025-01-07') })
      .thenThrows('NOT_ASSIGNED_OFFICER');
    spec
      .given(through('assigned'))
      .when(cmd.startClarification(), { actor: SUPERVISOR, now: wib('2025-01-07') })
      .then([expect.objectContaining({ type: 'ClarificationStarted' })]);
  });
});

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

describe('recommendation and PPK follow-up', () => {
  it('records a BKN recommendation after 24 Aug 2024', () => {
    const at = wib('2025-01-08');
    const { state } = spec
      .given(through('clarifying'))
      .when(cmd.recommendation('BKN', '2025-01-08'), { now: at })
      .then([
        {
          type: 'RecommendationReceived',
          data: {
            body: 'BKN',
            letterNumber: 'BKN/REK/01/2025',
            letterDate: '2025-01-08',
            receivedOn: '2025-01-08',
            proven: true,
            recommendedSanction: 'PEMOTONGAN_TUKIN_25',
            at,
          },
        },
      ]);
    expect(state.recommendations[0].followedUp).toBe(false);
  });

  it('accepts a KASN letter dated before 25 Aug 2024 and refuses one after (and BKN before)', () => {
    spec
      .given(through('clarifying'))
      .when(cmd.recommendation('KASN', '2024-08-20'))
      .then([expect.objectContaining({ type: 'RecommendationReceived' })]);
    spec
      .given(through('clarifying'))
      .when(cmd.recommendation('KASN', '2024-09-02'))
      .thenThrows('WRONG_SUPERVISORY_BODY', (e) => expect(e.details.inOffice).toBe('BKN'));
    spec
      .given(through('clarifying'))
      .when(cmd.recommendation('BKN', '2024-08-01'))
      .thenThrows('WRONG_SUPERVISORY_BODY');
  });

  it('Bawaslu may recommend at any time; not after the decision', () => {
    spec
      .given(through('registered'))
      .when(cmd.recommendation('bawaslu', '2025-01-06'))
      .then([expect.objectContaining({ type: 'RecommendationReceived' })]);
    spec
      .given(through('decided'))
      .when(cmd.recommendation('bawaslu', '2025-01-06'))
      .thenThrows('WRONG_STAGE');
  });

  it('the PPK follows up by ordering an examination, which also follows up pending recommendations', () => {
    const at = wib('2025-01-10');
    const history = [
      ...through('clarifying'),
      ...run(
        [step('rec', cmd.recommendation(), OFFICER, '2025-01-08')],
        sanctionCaseDeciderState(through('clarifying')),
      ).events,
    ];
    const withResult = [
      ...history,
      ...run([step('res', cmd.clarifyProceed(), OFFICER, '2025-01-09')], sanctionCaseDeciderState(history))
        .events,
    ];
    const { state } = spec
      .given(withResult)
      .when(cmd.followUp('examination'), { actor: PPK, now: at })
      .then([
        {
          type: 'PpkFollowUpRecorded',
          data: {
            action: 'examination',
            letterNumber: 'PPK/TL/01/2025',
            letterDate: '2025-01-10',
            recommendationsFollowedUp: ['BKN/REK/01/2025'],
            at,
          },
        },
      ]);
    expect(state.stage).toBe('examination');
    expect(state.recommendations.every((r) => r.followedUp)).toBe(true);
  });

  it('a proven recommendation lets the PPK follow up before the clarification result', () => {
    const history = [
      ...through('clarifying'),
      ...run(
        [step('rec', cmd.recommendation(), OFFICER, '2025-01-08')],
        sanctionCaseDeciderState(through('clarifying')),
      ).events,
    ];
    spec
      .given(history)
      .when(cmd.followUp('majelis_kode_etik'), { actor: PPK, now: wib('2025-01-10') })
      .then([expect.objectContaining({ type: 'PpkFollowUpRecorded' })]);
    spec.given(through('clarifying')).when(cmd.followUp(), { actor: PPK }).thenThrows('WRONG_STAGE');
  });

  it('the PPK may close as not proven, with a reason', () => {
    const at = wib('2025-01-10');
    spec
      .given(through('clarified'))
      .when(cmd.followUp('not_proven', 'Rekomendasi tidak didukung bukti'), { actor: PPK, now: at })
      .then([
        expect.objectContaining({ type: 'PpkFollowUpRecorded' }),
        {
          type: 'CaseClosed',
          data: { outcome: 'not_proven', reason: 'Rekomendasi tidak didukung bukti', at },
        },
      ]);
    spec
      .given(through('clarified'))
      .when(cmd.followUp('not_proven'), { actor: PPK, now: at })
      .thenThrows('INVALID_COMMAND');
  });
});

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

describe('Majelis Kode Etik (PP 42/2004)', () => {
  const history = (name: string) => historyThrough(MORAL_PATH, name);

  it('convenes and recommends a moral sanction', () => {
    spec
      .given(history('followed-up'))
      .when(cmd.convene(), { actor: PPK, now: wib('2025-01-13') })
      .then([
        {
          type: 'MajelisKodeEtikConvened',
          data: {
            decreeNumber: 'SK-MKE/01/2025',
            decreeDate: '2025-01-13',
            members: ['Ketua', 'Sekretaris', 'Anggota'],
            hearingDate: '2025-01-20',
            at: wib('2025-01-13'),
          },
        },
      ]);
    const { state } = spec
      .given(history('convened'))
      .when(cmd.majelis(true), { now: wib('2025-01-22') })
      .then([
        {
          type: 'MajelisKodeEtikRecommended',
          data: {
            proven: true,
            recommendedSanction: 'PERNYATAAN_TERBUKA',
            minutesRef: 'MKE-REK/01/2025',
            decidedOn: '2025-01-22',
            at: wib('2025-01-22'),
          },
        },
      ]);
    expect(state.stage).toBe('decision');
  });

  it('not proven closes the case; a recommendation needs a convened Majelis and a moral sanction', () => {
    spec
      .given(history('convened'))
      .when(cmd.majelis(false), { now: wib('2025-01-22') })
      .then([
        expect.objectContaining({ type: 'MajelisKodeEtikRecommended' }),
        expect.objectContaining({
          type: 'CaseClosed',
          data: expect.objectContaining({ outcome: 'not_proven' }),
        }),
      ]);
    spec
      .given(history('followed-up'))
      .when(cmd.majelis(true), { now: wib('2025-01-22') })
      .thenThrows('WRONG_STAGE');
    spec
      .given(history('convened'))
      .when(cmd.majelis(true, 'TEGURAN_TERTULIS'), { now: wib('2025-01-22') })
      .thenThrows('SANCTION_TRACK_MISMATCH');
    spec.given(history('convened')).when(cmd.convene(), { actor: PPK }).thenThrows('WRONG_STAGE');
  });
});

describe('decision', () => {
  const decideAt = { actor: PPK, now: wib('2025-02-03') };

  it('DecideSanction records the sanction, decree, authority and catalogue versions', () => {
    const { state } = spec
      .given(through('bap'))
      .when(cmd.decide('PEMOTONGAN_TUKIN_25', 6), decideAt)
      .then([
        {
          type: 'SanctionDecided',
          data: {
            sanctionCode: 'PEMOTONGAN_TUKIN_25',
            kind: 'disciplinary',
            level: 'sedang',
            periodMonths: 6,
            dismissal: false,
            decreeNumber: 'SK-HD/800/01/2025',
            decreeDate: '2025-02-03',
            decidingOfficial: {
              name: 'Wali Kota Bekasi',
              position: 'Pejabat Pembina Kepegawaian',
              authority: 'ppk',
              delegationRef: null,
            },
            catalogueVersions,
            allowedByCatalogue: true,
            departureJustification: null,
            withoutExamination: false,
            at: decideAt.now,
          },
        },
      ]);
    expect(state.stage).toBe('delivery');
  });

  it('no decision without an examination …', () => {
    spec
      .given(through('followed-up'))
      .when(cmd.decide(), decideAt)
      .thenThrows('DECISION_WITHOUT_EXAMINATION');
    spec.given(through('attended')).when(cmd.decide(), decideAt).thenThrows('DECISION_WITHOUT_EXAMINATION');
    spec
      .given(historyThrough(NO_SHOW_PATH, 'missed-1'))
      .when(cmd.decide(), decideAt)
      .thenThrows('DECISION_WITHOUT_EXAMINATION');
  });

  it('… unless the ASN failed to attend twice', () => {
    spec
      .given(NO_SHOW_PATH.length ? run(NO_SHOW_PATH).events : [])
      .when(cmd.decide(), { ...decideAt, now: wib('2025-02-10') })
      .then([expect.objectContaining({ data: expect.objectContaining({ withoutExamination: true }) })]);
  });

  it('a berat sanction needs a Tim Pemeriksa', () => {
    const beratWithoutTim = [
      step(
        'registered',
        cmd.register({ violationType: 'PP94_5N_4_FASILITAS_NEGARA' }),
        OFFICER,
        '2025-01-06',
      ),
      ...SEDANG_PATH.slice(1, 3),
      step('clarified', cmd.clarifyProceed('sedang'), OFFICER, '2025-01-09'),
      ...SEDANG_PATH.slice(4, 8),
    ];
    spec
      .given(run(beratWithoutTim).events)
      .when(cmd.decide('PENURUNAN_JABATAN', 12), decideAt)
      .thenThrows('TIM_PEMERIKSA_REQUIRED');
    spec
      .given(historyThrough(BERAT_PATH, 'bap'))
      .when(cmd.decide('PENURUNAN_JABATAN', 12), decideAt)
      .then([
        expect.objectContaining({
          data: expect.objectContaining({ level: 'berat', allowedByCatalogue: true }),
        }),
      ]);
  });

  it('the sanction must be allowed for the violation by the catalogue in force', () => {
    spec
      .given(through('bap'))
      .when(cmd.decide('TEGURAN_TERTULIS', null), decideAt)
      .thenThrows('SANCTION_NOT_ALLOWED_FOR_VIOLATION', (e) =>
        expect(e.details).toMatchObject({
          violationType: 'PP94_5N_1_IKUT_KAMPANYE',
          allowedLevels: ['sedang'],
        }),
      );
  });

  it('a departure needs a supervisor-approved written justification, recorded on the decision', () => {
    const approvedAt = wib('2025-01-30');
    const approval = spec
      .given(through('bap'))
      .when(cmd.approveDeparture('TEGURAN_TERTULIS'), { actor: SUPERVISOR, now: approvedAt })
      .then([
        {
          type: 'SanctionDepartureApproved',
          data: {
            sanctionCode: 'TEGURAN_TERTULIS',
            justification: 'Pelanggaran ringan, pertama kali, telah meminta maaf secara terbuka',
            approvedBy: SUPERVISOR.id,
            catalogueVersion: 'skb-2022.1',
            at: approvedAt,
          },
        },
      ]);
    spec
      .given([...through('bap'), ...approval.events])
      .when(cmd.decide('TEGURAN_TERTULIS', null), decideAt)
      .then([
        expect.objectContaining({
          data: expect.objectContaining({
            sanctionCode: 'TEGURAN_TERTULIS',
            allowedByCatalogue: false,
            departureJustification: 'Pelanggaran ringan, pertama kali, telah meminta maaf secara terbuka',
          }),
        }),
      ]);
    spec
      .given(through('bap'))
      .when(cmd.approveDeparture('TEGURAN_TERTULIS'), { actor: PPK })
      .thenThrows('ROLE_NOT_ALLOWED');
    spec
      .given(through('bap'))
      .when(cmd.approveDeparture('PEMOTONGAN_TUKIN_25'), { actor: SUPERVISOR })
      .thenThrows('INVALID_COMMAND');
  });

  it('an amended catalogue changes what is allowed (the version is the one in context)', () => {
    const amended: Catalogues = {
      ...DEFAULT_CATALOGUES,
      violations: {
        ...DEFAULT_CATALOGUES.violations,
        version: 'skb-2022.2-bekasi',
        violations: DEFAULT_CATALOGUES.violations.violations.map((v) =>
          v.code === 'PP94_5N_1_IKUT_KAMPANYE' ? { ...v, allowedLevels: ['ringan', 'sedang'] } : v,
        ),
      },
    };
    spec
      .given(through('bap'))
      .when(cmd.decide('TEGURAN_TERTULIS', null), { ...decideAt, catalogues: amended })
      .then([
        expect.objectContaining({
          data: expect.objectContaining({
            allowedByCatalogue: true,
            catalogueVersions: { ...catalogueVersions, violations: 'skb-2022.2-bekasi' },
          }),
        }),
      ]);
  });

  it('moral sanctions only on the Majelis track, disciplinary ones only on the examination track', () => {
    spec
      .given(through('bap'))
      .when(cmd.decide('PERNYATAAN_TERBUKA', null), decideAt)
      .thenThrows('SANCTION_TRACK_MISMATCH');
    spec
      .given(historyThrough(MORAL_PATH, 'recommended'))
      .when(cmd.decide('TEGURAN_LISAN', null), decideAt)
      .thenThrows('SANCTION_TRACK_MISMATCH');
  });

  it('periods must match the sanction', () => {
    spec
      .given(through('bap'))
      .when(cmd.decide('PEMOTONGAN_TUKIN_25', 7), decideAt)
      .thenThrows('INVALID_SANCTION_PERIOD');
    spec
      .given(through('bap'))
      .when(cmd.decide('PEMOTONGAN_TUKIN_25', null), decideAt)
      .thenThrows('INVALID_SANCTION_PERIOD');
  });

  it('PP 94/2021 sanctions do not apply to non-ASN staff', () => {
    const asn = (cmd.register().data as { reportedAsn: object }).reportedAsn;
    const nonAsn = [
      step(
        'registered',
        cmd.register({ reportedAsn: { ...asn, nip: null, employeeType: 'NON_ASN' } as never }),
        OFFICER,
        '2025-01-06',
      ),
      ...SEDANG_PATH.slice(1, 8),
    ];
    spec
      .given(run(nonAsn).events)
      .when(cmd.decide(), decideAt)
      .thenThrows('SANCTION_NOT_APPLICABLE_TO_EMPLOYEE_TYPE');
  });

  it('a dismissal is decided by the PPK only; a delegated official needs the delegation', () => {
    spec
      .given(historyThrough(BERAT_PATH, 'bap'))
      .when(cmd.decide('PDHTAPS', null, 'delegated'), decideAt)
      .thenThrows('DECIDING_OFFICIAL_NOT_AUTHORISED');
    spec
      .given(through('bap'))
      .when(cmd.decide('PEMOTONGAN_TUKIN_25', 6, 'delegated'), decideAt)
      .then([
        expect.objectContaining({
          data: expect.objectContaining({
            decidingOfficial: expect.objectContaining({
              authority: 'delegated',
              delegationRef: 'DEL/01/2025',
            }),
          }),
        }),
      ]);
    const noRef = cmd.decide('PEMOTONGAN_TUKIN_25', 6, 'delegated');
    (noRef.data as { decidingOfficial: { delegationRef?: string } }).decidingOfficial.delegationRef =
      undefined;
    spec.given(through('bap')).when(noRef, decideAt).thenThrows('DECIDING_OFFICIAL_NOT_AUTHORISED');
  });

  it('refuses a sanction code that is not in the catalogue', () => {
    spec
      .given(through('bap'))
      .when(cmd.decide('HUKUMAN_MATI', null), decideAt)
      .thenThrows('UNKNOWN_SANCTION');
  });
});

describe('delivery', () => {
  it('RecordDelivery opens the keberatan window', () => {
    const at = wib('2025-02-05');
    const { state } = spec
      .given(through('decided'))
      .when(cmd.deliver('2025-02-05'), { now: at })
      .then([
        {
          type: 'DecisionDelivered',
          data: {
            deliveredOn: '2025-02-05',
            method: 'in_person',
            proofRef: 'TT-SK-01',
            objectionRoute: 'keberatan',
            at,
          },
        },
      ]);
    expect(state.stage).toBe('objection_window');
  });

  it('a dismissal is appealed by banding; a moral sanction closes the case on delivery', () => {
    spec
      .given(historyThrough(BERAT_PATH, 'decided'))
      .when(cmd.deliver('2025-02-05'), { now: wib('2025-02-05') })
      .then([expect.objectContaining({ data: expect.objectContaining({ objectionRoute: 'banding' }) })]);
    spec
      .given(run(MORAL_PATH).events)
      .when(cmd.deliver('2025-02-05'), { now: wib('2025-02-05') })
      .then([
        expect.objectContaining({ data: expect.objectContaining({ objectionRoute: 'none' }) }),
        expect.objectContaining({
          type: 'CaseClosed',
          data: expect.objectContaining({ outcome: 'moral_sanction' }),
        }),
      ]);
  });

  it('refuses a delivery before the decree date or in the future', () => {
    spec
      .given(through('decided'))
      .when(cmd.deliver('2025-02-01'), { now: wib('2025-02-05') })
      .thenThrows('INVALID_COMMAND');
    spec
      .given(through('decided'))
      .when(cmd.deliver('2025-02-06'), { now: wib('2025-02-05') })
      .thenThrows('FUTURE_DATE');
  });
});

describe('objection and appeal (PP 79/2021)', () => {
  const delivered = () => through('delivered');
  const banding = () => run(BERAT_PATH).events;

  it('a keberatan within 14 days of receipt is accepted', () => {
    const at = wib('2025-02-19');
    const { state } = spec
      .given(delivered())
      .when(cmd.object('2025-02-19'), { now: at })
      .then([
        {
          type: 'ObjectionFiled',
          data: {
            kind: 'keberatan',
            decidedBy: 'atasan_pejabat',
            filedOn: '2025-02-19',
            grounds: 'Hukuman terlalu berat',
            reference: 'KEB-01/2025',
            timeliness: 'in_time',
            dueDate: '2025-02-19',
            at,
          },
        },
      ]);
    expect(state.stage).toBe('objection');
  });

  it('a late objection is refused', () => {
    spec
      .given(delivered())
      .when(cmd.object('2025-02-20'), { now: wib('2025-02-20') })
      .thenThrows('LATE_OBJECTION', (e) =>
        expect(e.details).toEqual({ filedOn: '2025-02-20', dueDate: '2025-02-19' }),
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
    const at = wib('2025-02-21');
    spec
      .given(delivered())
      .when(cmd.lateObjection('2025-02-21'), { now: at })
      .then([
        {
          type: 'LateObjectionRejected',
          data: { filedOn: '2025-02-21', reference: 'KEB-LATE/2025', dueDate: '2025-02-19', at },
        },
      ]);
    spec
      .given(delivered())
      .when(cmd.lateObjection('2025-02-18'), { now: at })
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

describe('in force and served (system commands)', () => {
  it('MarkSanctionInForce after the keberatan window: in force on the 15th day after receipt', () => {
    const at = wib('2025-02-20', '00:00');
    const { state } = spec
      .given(through('delivered'))
      .when(cmd.inForce(), { actor: SYSTEM, now: at })
      .then([
        {
          type: 'SanctionTookEffect',
          data: {
            sanctionCode: 'PEMOTONGAN_TUKIN_25',
            periodMonths: 6,
            effectiveOn: '2025-02-20',
            endsOn: '2025-08-19',
            at,
          },
        },
      ]);
    expect(state.stage).toBe('in_force');
    spec
      .given(through('delivered'))
      .when(cmd.inForce(), { actor: SYSTEM, now: wib('2025-02-19', '23:00') })
      .thenThrows('OBJECTION_WINDOW_OPEN');
  });

  it('MarkSanctionPeriodServed after the last day closes the case', () => {
    const inForce = [
      ...through('delivered'),
      ...run(
        [step('in-force', cmd.inForce(), SYSTEM, '2025-02-20', '00:00')],
        sanctionCaseDeciderState(through('delivered')),
      ).events,
    ];
    const at = wib('2025-08-20', '00:00');
    spec
      .given(inForce)
      .when(cmd.periodServed(), { actor: SYSTEM, now: at })
      .then([
        {
          type: 'SanctionPeriodServed',
          data: { sanctionCode: 'PEMOTONGAN_TUKIN_25', endsOn: '2025-08-19', at },
        },
        { type: 'CaseClosed', data: { outcome: 'sanction_served', reason: null, at } },
      ]);
    spec
      .given(inForce)
      .when(cmd.periodServed(), { actor: SYSTEM, now: wib('2025-08-19', '12:00') })
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
            policyVersion: '2025.2',
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

// The state after a history, for chaining scripted steps onto a given history.
function sanctionCaseDeciderState(events: CaseEvent[]) {
  return events.reduce(sanctionCaseDecider.evolve, sanctionCaseDecider.initialState);
}
