// Given/when/then specifications: which sanction a decision may carry (domain.md "Sanction catalogue"): the
// sedang variant by the agency's pay scheme, the SKB 2022 reading recorded at registration, a moral sanction
// beside the disciplinary one and its delegation, PPPK outcomes, and PTDH for party membership on its own track.
import { DEFAULT_AGENCIES, DEFAULT_CATALOGUES, type PayScheme } from '../catalogue';
import { type CaseCommand } from '../case/commands';
import { type CaseEvent } from '../case/events';
import { spec, through, sanctionCaseDeciderState } from '../testing/case-spec';
import {
  BERAT_PATH,
  MORAL_PATH,
  OFFICER,
  PPK,
  SUPERVISOR,
  cmd,
  historyThrough,
  wib,
} from '../testing/fixtures';

const decideAt = { actor: PPK, now: wib('2025-02-03') };

/** A recorded history whose registration carried other values (as a case of another agency would). */
function registeredWith(events: CaseEvent[], data: Record<string, unknown>): CaseEvent[] {
  return events.map((e) =>
    e.type === 'CaseRegistered' ? ({ ...e, data: { ...e.data, ...data } } as CaseEvent) : e,
  );
}

function withMoral(command: CaseCommand, moralSanctionCode: string): CaseCommand {
  return { ...command, data: { ...command.data, moralSanctionCode } } as CaseCommand;
}

describe('sedang variants by the agency pay scheme (PP 94/2021 Ps 8(3), Ps 42 jo. PP 53/2010 Ps 7(3))', () => {
  const schemeHistory = (payScheme: PayScheme | null) => registeredWith(through('bap'), { payScheme });

  it('RegisterReport records the pay scheme of the registering agency from the agency data', () => {
    const bekasi = { ...OFFICER, agency: 'kota-bekasi' };
    const { events } = spec
      .given([])
      .when(cmd.register(), { actor: bekasi, agencies: DEFAULT_AGENCIES })
      .then([
        expect.objectContaining({
          type: 'CaseRegistered',
          data: expect.objectContaining({ payScheme: 'tpp' }),
        }),
        expect.objectContaining({ type: 'ReporterIdentityRecorded' }),
      ]);
    expect(sanctionCaseDeciderState(events).payScheme).toBe('tpp');
  });

  it('an agency missing from the agency data records no scheme (every variant stays possible)', () => {
    spec
      .given([])
      .when(cmd.register(), { actor: { ...OFFICER, agency: 'kab-unknown' }, agencies: DEFAULT_AGENCIES })
      .then([
        expect.objectContaining({ data: expect.objectContaining({ payScheme: null }) }),
        expect.objectContaining({ type: 'ReporterIdentityRecorded' }),
      ]);
  });

  it('a TPP agency decides the TPP cut and is refused the tukin cut', () => {
    spec
      .given(schemeHistory('tpp'))
      .when(cmd.decide('PEMOTONGAN_TPP_25', 9), decideAt)
      .then([
        expect.objectContaining({ data: expect.objectContaining({ sanctionCode: 'PEMOTONGAN_TPP_25' }) }),
      ]);
    const error = spec
      .given(schemeHistory('tpp'))
      .when(cmd.decide('PEMOTONGAN_TUKIN_25', 6), decideAt)
      .thenThrows('SANCTION_NOT_FOR_PAY_SCHEME');
    expect(error.details).toMatchObject({ payScheme: 'tpp', paySchemes: ['tukin'] });
    expect(error.messageId).toMatch(/^Varian hukuman disiplin sedang/);
  });

  it('the transitional set (penundaan KGB, penundaan pangkat, penurunan pangkat; 1 year) only without tukin or TPP', () => {
    spec
      .given(schemeHistory('pp53_transitional'))
      .when(cmd.decide('PP53_PENUNDAAN_KGB', 12), decideAt)
      .then([
        expect.objectContaining({ data: expect.objectContaining({ level: 'sedang', periodMonths: 12 }) }),
      ]);
    spec
      .given(schemeHistory('pp53_transitional'))
      .when(cmd.decide('PP53_PENURUNAN_PANGKAT', 6), decideAt)
      .thenThrows('INVALID_SANCTION_PERIOD');
    spec
      .given(schemeHistory('tukin'))
      .when(cmd.decide('PP53_PENUNDAAN_PANGKAT', 12), decideAt)
      .thenThrows('SANCTION_NOT_FOR_PAY_SCHEME');
  });

  it('a case recorded before schemes existed (no payScheme on its registration) allows every variant', () => {
    const legacy = through('bap').map((e) => {
      if (e.type !== 'CaseRegistered') return e;
      const {
        payScheme: _p,
        violationReading: _r,
        ...data
      } = e.data as typeof e.data & {
        payScheme?: unknown;
        violationReading?: unknown;
      };
      return { ...e, data } as CaseEvent;
    });
    expect(sanctionCaseDeciderState(legacy)).toMatchObject({ payScheme: null, violationReading: null });
    spec.given(legacy).when(cmd.decide('PEMOTONGAN_TUKIN_25', 6), decideAt).then([expect.anything()]);
  });
});

describe('SKB 2022 readings chosen by the administrator, recorded at registration', () => {
  const medsos = cmd.register({ violationType: 'SKB_ETIK_MEDSOS_INTERAKSI' });

  it('records the chosen reading, or the default when none (or an unknown one) is chosen', () => {
    for (const [chosen, recorded] of [
      ['ketat', 'ketat'],
      [null, 'moral_dan_disiplin'],
      ['nope', 'moral_dan_disiplin'],
    ] as const) {
      spec
        .given([])
        .when(medsos, { violationReading: chosen })
        .then([
          expect.objectContaining({ data: expect.objectContaining({ violationReading: recorded }) }),
          expect.anything(),
        ]);
    }
  });

  it('social-media behaviour: sedang under the default reading, not under moral_saja, berat under ketat', () => {
    const history = (violationReading: string) =>
      registeredWith(through('bap'), { violationType: 'SKB_ETIK_MEDSOS_INTERAKSI', violationReading });
    spec
      .given(history('moral_dan_disiplin'))
      .when(cmd.decide('PEMOTONGAN_TUKIN_25', 6), decideAt)
      .then([expect.objectContaining({ data: expect.objectContaining({ allowedByCatalogue: true }) })]);
    const refused = spec
      .given(history('moral_saja'))
      .when(cmd.decide('PEMOTONGAN_TUKIN_25', 6), decideAt)
      .thenThrows('SANCTION_NOT_ALLOWED_FOR_VIOLATION');
    expect(refused.details).toMatchObject({ reading: 'moral_saja', allowedLevels: ['moral'] });
    spec
      .given(history('ketat'))
      .when(cmd.decide('PEMOTONGAN_TUKIN_25', 6), decideAt)
      .thenThrows('SANCTION_NOT_ALLOWED_FOR_VIOLATION');
  });

  it('a departure is approved against the recorded reading, then lets the decision through', () => {
    const moralOnly = registeredWith(through('bap'), {
      violationType: 'SKB_ETIK_MEDSOS_INTERAKSI',
      violationReading: 'moral_saja',
    });
    const { events } = spec
      .given(moralOnly)
      .when(cmd.approveDeparture('PEMOTONGAN_TUKIN_25'), { actor: SUPERVISOR })
      .then([expect.objectContaining({ type: 'SanctionDepartureApproved' })]);
    spec
      .given([...moralOnly, ...events])
      .when(cmd.decide('PEMOTONGAN_TUKIN_25', 6), decideAt)
      .then([expect.objectContaining({ data: expect.objectContaining({ allowedByCatalogue: false }) })]);
    // Under the default reading the same sanction needs no departure.
    spec
      .given(registeredWith(through('bap'), { violationType: 'SKB_ETIK_MEDSOS_INTERAKSI' }))
      .when(cmd.approveDeparture('PEMOTONGAN_TUKIN_25'), { actor: SUPERVISOR })
      .thenThrows('INVALID_COMMAND');
  });
});

describe('moral sanction beside the disciplinary one (PP 42/2004 Ps 15-16)', () => {
  const medsosBap = registeredWith(through('bap'), {
    violationType: 'SKB_ETIK_MEDSOS_INTERAKSI',
    violationReading: 'moral_dan_disiplin',
  });

  it('a decision carries the moral sanction next to the disciplinary one', () => {
    const { state } = spec
      .given(medsosBap)
      .when(withMoral(cmd.decide('PEMOTONGAN_TUKIN_25', 6), 'PERNYATAAN_TERBUKA'), decideAt)
      .then([
        expect.objectContaining({
          data: expect.objectContaining({
            sanctionCode: 'PEMOTONGAN_TUKIN_25',
            moralSanctionCode: 'PERNYATAAN_TERBUKA',
          }),
        }),
      ]);
    expect(state.decision?.moralSanctionCode).toBe('PERNYATAAN_TERBUKA');
  });

  it('refuses two disciplinary sanctions, or a moral one the violation does not carry', () => {
    spec
      .given(medsosBap)
      .when(withMoral(cmd.decide('PEMOTONGAN_TUKIN_25', 6), 'TEGURAN_LISAN'), decideAt)
      .thenThrows('MORAL_SANCTION_COMBINATION_NOT_ALLOWED');
    // PP 94/2021 Ps 5 n angka 1 carries no ethics consequence in the catalogue: needs an approved departure.
    spec
      .given(through('bap'))
      .when(withMoral(cmd.decide('PEMOTONGAN_TUKIN_25', 6), 'PERNYATAAN_TERTUTUP'), decideAt)
      .thenThrows('SANCTION_NOT_ALLOWED_FOR_VIOLATION');
  });

  it('refuses a second moral sanction on the Majelis Kode Etik track', () => {
    spec
      .given(historyThrough(MORAL_PATH, 'recommended'))
      .when(withMoral(cmd.decide('PERNYATAAN_TERBUKA', null), 'PERNYATAAN_TERTUTUP'), decideAt)
      .thenThrows('MORAL_SANCTION_COMBINATION_NOT_ALLOWED');
  });

  it('the PPK may delegate a moral sanction to a lower official (Ps 15(5)), with the delegation reference', () => {
    spec
      .given(historyThrough(MORAL_PATH, 'recommended'))
      .when(cmd.decide('PERNYATAAN_TERBUKA', null, 'delegated'), decideAt)
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
  });
});

describe('objection to a moral sanction: a catalogue setting, off by default (domain.md [I])', () => {
  const decided = historyThrough(MORAL_PATH, 'decided');
  const deliverAt = { now: wib('2025-02-05') };

  it('off: delivered without a route, the case closes as moral_sanction', () => {
    spec
      .given(decided)
      .when(cmd.deliver('2025-02-05'), deliverAt)
      .then([
        expect.objectContaining({ data: expect.objectContaining({ objectionRoute: 'none' }) }),
        expect.objectContaining({
          type: 'CaseClosed',
          data: expect.objectContaining({ outcome: 'moral_sanction' }),
        }),
      ]);
  });

  it('on: delivered with the keberatan route, and an upheld moral sanction closes as moral_sanction', () => {
    const catalogues = {
      ...DEFAULT_CATALOGUES,
      sanctions: { ...DEFAULT_CATALOGUES.sanctions, moralSanctionObjection: true },
    };
    const { events: delivered, state } = spec
      .given(decided)
      .when(cmd.deliver('2025-02-05'), { ...deliverAt, catalogues })
      .then([expect.objectContaining({ data: expect.objectContaining({ objectionRoute: 'keberatan' }) })]);
    expect(state.stage).toBe('objection_window');
    const { events: filed } = spec
      .given([...decided, ...delivered])
      .when(cmd.object('2025-02-10'), { now: wib('2025-02-10'), catalogues })
      .then([expect.objectContaining({ type: 'ObjectionFiled' })]);
    spec
      .given([...decided, ...delivered, ...filed])
      .when(cmd.outcome('upheld', '2025-02-20'), { now: wib('2025-02-20'), catalogues })
      .then([
        expect.objectContaining({ type: 'ObjectionDecided' }),
        expect.objectContaining({ type: 'SanctionTookEffect' }),
        expect.objectContaining({
          type: 'CaseClosed',
          data: expect.objectContaining({ outcome: 'moral_sanction' }),
        }),
      ]);
  });
});

describe('PPPK outcomes (PP 49/2018 Ps 53)', () => {
  const pppk = (employeeType: 'PPPK' | 'PPPK_PARUH_WAKTU') =>
    historyThrough(BERAT_PATH, 'bap').map((e) =>
      e.type === 'CaseRegistered'
        ? ({ ...e, data: { ...e.data, reportedAsn: { ...e.data.reportedAsn, employeeType } } } as CaseEvent)
        : e,
    );

  it('a PPPK gets contract termination, appealed by banding to BPASN, never a PNS dismissal', () => {
    for (const type of ['PPPK', 'PPPK_PARUH_WAKTU'] as const) {
      spec
        .given(pppk(type))
        .when(cmd.decide('PDHTAPS', null), decideAt)
        .thenThrows('SANCTION_NOT_APPLICABLE_TO_EMPLOYEE_TYPE');
      spec
        .given(pppk(type))
        .when(cmd.decide('PENURUNAN_JABATAN', 12), decideAt)
        .thenThrows('SANCTION_NOT_APPLICABLE_TO_EMPLOYEE_TYPE');
    }
    const { events } = spec
      .given(pppk('PPPK_PARUH_WAKTU'))
      .when(cmd.decide('PPPK_PEMUTUSAN_PERJANJIAN', null), decideAt)
      .then([
        expect.objectContaining({ data: expect.objectContaining({ dismissal: true, level: 'berat' }) }),
      ]);
    spec
      .given([...pppk('PPPK_PARUH_WAKTU'), ...events])
      .when(cmd.deliver('2025-02-05'), { now: wib('2025-02-05') })
      .then([expect.objectContaining({ data: expect.objectContaining({ objectionRoute: 'banding' }) })]);
  });
});

describe('PTDH for party membership: its own track, not the PP 94/2021 hearing (UU 20/2023 Ps 52(3) j)', () => {
  const partyCase = (events: CaseEvent[]) =>
    registeredWith(events, { violationType: 'SKB_ANGGOTA_PARPOL', violationReading: 'moral_dan_disiplin' });
  const ptdhFollowUp = (membershipProofRef?: string) =>
    ({
      type: 'RecordPpkFollowUp',
      data: {
        action: 'ptdh_partai',
        letterNumber: 'PPK/TL/02/2025',
        letterDate: '2025-01-10',
        ...(membershipProofRef ? { membershipProofRef } : {}),
      },
    }) as CaseCommand;
  const followUpAt = { actor: PPK, now: wib('2025-01-10') };

  it('the follow-up on proof of membership goes straight to the decision; PTDH needs no hearing or Tim', () => {
    const { events, state } = spec
      .given(partyCase(through('clarified')))
      .when(ptdhFollowUp('KTA-PARTAI/0042'), followUpAt)
      .then([
        expect.objectContaining({
          type: 'PpkFollowUpRecorded',
          data: expect.objectContaining({ action: 'ptdh_partai', membershipProofRef: 'KTA-PARTAI/0042' }),
        }),
      ]);
    expect(state.stage).toBe('decision');
    spec
      .given([...partyCase(through('clarified')), ...events])
      .when(cmd.decide('PTDH', null), decideAt)
      .then([expect.objectContaining({ data: expect.objectContaining({ level: 'ptdh', dismissal: true }) })]);
    spec
      .given([...partyCase(through('clarified')), ...events])
      .when(cmd.decide('PEMOTONGAN_TUKIN_25', 6), decideAt)
      .thenThrows('SANCTION_TRACK_MISMATCH');
  });

  it('needs the proof of membership, and a violation that carries PTDH', () => {
    spec
      .given(partyCase(through('clarified')))
      .when(ptdhFollowUp(), followUpAt)
      .thenThrows('INVALID_COMMAND');
    spec
      .given(through('clarified'))
      .when(ptdhFollowUp('KTA-PARTAI/0042'), followUpAt)
      .thenThrows('PARTY_MEMBERSHIP_TRACK_NOT_APPLICABLE');
  });

  it('PTDH is not decided after the hearing procedure of the examination track', () => {
    spec
      .given(partyCase(through('bap')))
      .when(cmd.decide('PTDH', null), decideAt)
      .thenThrows('SANCTION_TRACK_MISMATCH');
  });
});
