// Given/when/then specifications: Decision and delivery: the sanction, its catalogue fit, track, period, authority; the decree delivered.
import { DEFAULT_CATALOGUES, type Catalogues } from '../catalogue';
import { type CaseCommand } from '../case/commands';
import { catalogueVersions, spec, through } from '../testing/case-spec';
import {
  BERAT_PATH,
  MORAL_PATH,
  NO_SHOW_PATH,
  OFFICER,
  PPK,
  SEDANG_PATH,
  SUPERVISOR,
  cmd,
  historyThrough,
  run,
  step,
  wib,
} from '../testing/fixtures';

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
            moralSanctionCode: null,
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
    const decree = cmd.decide();
    const dated = (decreeDate: string) =>
      ({ ...decree, data: { ...decree.data, decreeDate } }) as CaseCommand;
    spec
      .given(run(NO_SHOW_PATH).events)
      .when(dated('2025-02-10'), { ...decideAt, now: wib('2025-02-10') })
      .then([expect.objectContaining({ data: expect.objectContaining({ withoutExamination: true }) })]);
    // Not dated before the second hearing it rests on (7 Feb).
    spec
      .given(run(NO_SHOW_PATH).events)
      .when(dated('2025-02-03'), { ...decideAt, now: wib('2025-02-10') })
      .thenThrows('FACT_BEFORE_DEPENDENCY', (e) =>
        expect(e.details).toEqual({
          field: 'decreeDate',
          date: '2025-02-03',
          dependsOn: 'missedHearing',
          dependsOnDate: '2025-02-07',
        }),
      );
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
            catalogueVersion: 'skb-2022.3',
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
    // Such a case no longer reaches the examination (routes.spec.ts); a history from before that rule can.
    const nonAsn = through('bap').map((e) =>
      e.type === 'CaseRegistered'
        ? {
            ...e,
            data: {
              ...e.data,
              reportedAsn: { ...e.data.reportedAsn, nip: null, employeeType: 'NON_ASN' as const },
            },
          }
        : e,
    );
    spec.given(nonAsn).when(cmd.decide(), decideAt).thenThrows('SANCTION_NOT_APPLICABLE_TO_EMPLOYEE_TYPE');
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
      .thenThrows('FACT_BEFORE_DEPENDENCY');
    spec
      .given(through('decided'))
      .when(cmd.deliver('2025-02-06'), { now: wib('2025-02-05') })
      .thenThrows('FUTURE_DATE');
  });
});
