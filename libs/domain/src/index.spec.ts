// The public surface: what the workflow and the API rely on.
jest.mock('date-holidays', () => {
  throw new Error('the main entry point must not load date-holidays (it runs in the workflow sandbox)');
});

import * as domain from '.';
import {
  COMMANDS,
  COMMAND_TYPES,
  CONFIDENTIAL_STATE_PATHS,
  DEFAULT_CATALOGUES,
  DomainError,
  isConfidentialEvent,
  mayReadConfidential,
  parseSanctionCatalogue,
  parseSupervisoryBodySetting,
  parseViolationCatalogue,
  redactEvent,
  redactState,
  rolesAllowedFor,
  sanctionCaseDecider,
  supervisoryBodyOn,
  versionInForce,
  allowedSanctionsFor,
} from '.';
import { SEDANG_PATH, run } from './testing/fixtures';

describe('@netral/domain entry point', () => {
  it('loads without the holiday library and exposes the decider', () => {
    expect(typeof domain.decide).toBe('function');
    expect(typeof domain.evolve).toBe('function');
    expect(sanctionCaseDecider.initialState).toBe(domain.initialState);
    expect(domain.initialState.version).toBe(0);
    expect(Object.isFrozen(domain.initialState)).toBe(true);
  });
});

describe('DomainError', () => {
  it('is an Error with a stable code, English and Indonesian messages, and survives JSON', () => {
    const error = new DomainError('LATE_OBJECTION', 'filed 2025-02-20, window ended 2025-02-19', {
      dueDate: '2025-02-19',
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DomainError');
    expect(error.code).toBe('LATE_OBJECTION');
    expect(error.message).toBe(
      'The objection was filed after the statutory window: filed 2025-02-20, window ended 2025-02-19',
    );
    // The Indonesian message stays wholly Indonesian: English specifics go to the English message only.
    expect(error.messageId).toBe('Keberatan/banding diajukan melewati tenggang waktu');
    const withIndonesian = new DomainError(
      'LATE_OBJECTION',
      'filed 2025-02-20',
      {},
      'diajukan 20 Februari 2025',
    );
    expect(withIndonesian.messageId).toBe(
      'Keberatan/banding diajukan melewati tenggang waktu: diajukan 20 Februari 2025',
    );
    const json = JSON.parse(JSON.stringify(error));
    expect(json).toEqual({
      name: 'DomainError',
      code: 'LATE_OBJECTION',
      message: error.message,
      messageId: error.messageId,
      details: { dueDate: '2025-02-19' },
    });
    const back = DomainError.fromJSON(json);
    expect(back).toBeInstanceOf(DomainError);
    expect(back.toJSON()).toEqual(json);
  });
});

describe('command catalogue for the API', () => {
  it('lists every command with its roles; auditors issue none; system commands only by the system', () => {
    expect(new Set(COMMAND_TYPES).size).toBe(COMMANDS.length);
    for (const descriptor of COMMANDS) {
      expect(descriptor.roles).not.toContain('auditor');
      expect(descriptor.roles.length).toBeGreaterThan(0);
      if (descriptor.system) expect(descriptor.roles).toEqual(['system']);
      else expect(descriptor.roles).not.toContain('system');
    }
    expect(rolesAllowedFor('DecideSanction')).toEqual(['ppk']);
    expect(rolesAllowedFor('ReopenCase')).toEqual(['supervisor']);
    expect(COMMANDS.filter((c) => c.system).map((c) => c.type)).toEqual([
      'RecordDeadline',
      'RecordDeadlineNotTracked',
      'RecordReminder',
      'RecordEscalation',
      'MarkSanctionInForce',
      'MarkSanctionPeriodServed',
    ]);
  });
});

describe('confidentiality of the reporter (UU 14/2008 Ps 17a)', () => {
  const { state, events } = run(SEDANG_PATH.slice(0, 1));

  it('redacts the reporter identity from state and events', () => {
    expect(CONFIDENTIAL_STATE_PATHS).toEqual(['confidential.reporter']);
    expect(state.confidential.reporter).toMatchObject({ name: 'Siti Rahma' });
    expect(redactState(state).confidential.reporter).toBeNull();
    expect(redactState(state).reportedAsn).toEqual(state.reportedAsn);
    const reporterEvent = events.find(isConfidentialEvent)!;
    expect(reporterEvent.type).toBe('ReporterIdentityRecorded');
    expect(redactEvent(reporterEvent)).toEqual({
      type: 'ReporterIdentityRecorded',
      data: { redacted: true },
    });
    expect(redactEvent(events[0])).toBe(events[0]);
    expect(JSON.stringify(events[0])).not.toContain('Siti Rahma');
  });

  it('shows it by default to the roles that need it, never to case officers', () => {
    expect(mayReadConfidential('supervisor')).toBe(true);
    expect(mayReadConfidential('ppk')).toBe(true);
    expect(mayReadConfidential('auditor')).toBe(true);
    expect(mayReadConfidential('officer')).toBe(false);
    expect(mayReadConfidential('system')).toBe(false);
    expect(mayReadConfidential('auditor', ['supervisor'])).toBe(false);
    expect(mayReadConfidential('officer', ['officer', 'supervisor'])).toBe(true);
  });
});

describe('catalogues as versioned data', () => {
  it('maps violations to the levels of PP 94/2021 Ps 13 g / 14 i and the SKB 2022 annex', () => {
    const codes = (violation: string) =>
      allowedSanctionsFor(DEFAULT_CATALOGUES, violation).map((s) => s.code);
    // The sedang variants of every pay scheme (tukin, TPP, PP 53/2010 transitional set); the scheme of the
    // case's agency picks among them at decision time.
    expect(codes('PP94_5N_1_IKUT_KAMPANYE')).toEqual([
      'PEMOTONGAN_TUKIN_25',
      'PEMOTONGAN_TPP_25',
      'PP53_PENUNDAAN_KGB',
      'PP53_PENUNDAAN_PANGKAT',
      'PP53_PENURUNAN_PANGKAT',
    ]);
    expect(codes('PP94_5N_4_FASILITAS_NEGARA')).toEqual([
      'PENURUNAN_JABATAN',
      'PEMBEBASAN_JABATAN',
      'PDHTAPS',
      'PPPK_PEMUTUSAN_PERJANJIAN',
    ]);
    expect(codes('SKB_ANGGOTA_PARPOL')).toEqual(['PTDH']);
    // SKB 2022: social-media behaviours carry a moral and a disciplinary level (default reading) ...
    expect(codes('SKB_ETIK_MEDSOS_INTERAKSI')).toEqual([
      'PEMOTONGAN_TUKIN_25',
      'PEMOTONGAN_TPP_25',
      'PP53_PENUNDAAN_KGB',
      'PP53_PENUNDAAN_PANGKAT',
      'PP53_PENURUNAN_PANGKAT',
      'PERNYATAAN_TERTUTUP',
      'PERNYATAAN_TERBUKA',
    ]);
    // ... moral only under the older reading, berat under the strict one.
    const under = (reading: string) =>
      allowedSanctionsFor(DEFAULT_CATALOGUES, 'SKB_ETIK_MEDSOS_INTERAKSI', reading).map((s) => s.level);
    expect(new Set(under('moral_saja'))).toEqual(new Set(['moral']));
    expect(new Set(under('ketat'))).toEqual(new Set(['moral', 'berat']));
    expect(() => allowedSanctionsFor(DEFAULT_CATALOGUES, 'NOPE')).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_VIOLATION_TYPE' }),
    );
  });

  it('the supervisory body is a dated setting: KASN until 24 Aug 2024, BKN after', () => {
    const setting = DEFAULT_CATALOGUES.supervisoryBodies;
    expect(supervisoryBodyOn(setting, '2024-08-24')?.body).toBe('KASN');
    expect(supervisoryBodyOn(setting, '2024-08-25')?.body).toBe('BKN');
    expect(supervisoryBodyOn(setting, '2030-01-01')?.body).toBe('BKN');
    expect(supervisoryBodyOn(setting, '2010-01-01')).toBeUndefined();
    expect(() =>
      parseSupervisoryBodySetting({
        version: 'x',
        periods: [
          { body: 'A', name: 'A', from: '2020-01-01', to: null, legalBasis: 'x', confidence: 'C' },
          { body: 'B', name: 'B', from: '2021-01-01', to: null, legalBasis: 'x', confidence: 'C' },
        ],
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_DATA', details: { where: 'periods' } }));
  });

  it('selects the version in force on a date', () => {
    const versions = [
      { version: 'v1', effectiveFrom: '2022-09-22' },
      { version: 'v2', effectiveFrom: '2025-07-01' },
    ];
    expect(versionInForce(versions, '2025-06-30')?.version).toBe('v1');
    expect(versionInForce(versions, '2025-07-01')?.version).toBe('v2');
    expect(versionInForce(versions, '2020-01-01')).toBeUndefined();
  });

  it('refuses malformed amendments with INVALID_DATA naming the field', () => {
    const sanctions = JSON.parse(JSON.stringify(DEFAULT_CATALOGUES.sanctions));
    sanctions.sanctions[0].level = 'sangat berat';
    expect(() => parseSanctionCatalogue(sanctions)).toThrow(
      expect.objectContaining({ code: 'INVALID_DATA', details: { where: 'sanctions[0].level' } }),
    );
    const violations = JSON.parse(JSON.stringify(DEFAULT_CATALOGUES.violations));
    violations.violations.push(violations.violations[0]);
    expect(() => parseViolationCatalogue(violations)).toThrow(
      expect.objectContaining({ code: 'INVALID_DATA' }),
    );
    expect(Object.isFrozen(DEFAULT_CATALOGUES.sanctions.sanctions[0])).toBe(true);
  });
});
