// Given/when/then specifications: Intake and access: registering a report or finding, who may act on a case.
import { catalogueVersions, spec, through } from '../testing/case-spec';
import { AUDITOR, OFFICER, OTHER_OFFICER, SUPERVISOR, cmd, wib } from '../testing/fixtures';
import { type CaseCommand } from '../case/commands';

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
            // The fixture agency is not in the agency data: no scheme, every sedang variant allowed.
            payScheme: null,
            violationReading: 'moral_dan_disiplin',
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
