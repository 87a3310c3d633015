// Shared test fixtures: actors, a small deterministic working calendar, command builders and scripted
// histories. Test support only; not exported from the package index.
import { DEFAULT_CATALOGUES } from '../catalogue';
import { type Actor, type CaseCommand, type DecisionContext } from '../case/commands';
import { decide } from '../case/decide';
import { type CaseEvent, evolve } from '../case/events';
import { type CaseState, initialState } from '../case/state';
import { DEFAULT_DEADLINE_POLICY } from '../deadlines/policy';
import {
  type CivilDate,
  type Instant,
  type WorkingCalendar,
  createWorkingCalendar,
  localTimeToInstant,
} from '../time';

export const AGENCY = 'pemkot-bekasi';
export const OFFICER: Actor = { id: 'officer-ani', role: 'officer', agency: AGENCY };
export const OTHER_OFFICER: Actor = { id: 'officer-budi', role: 'officer', agency: AGENCY };
export const SUPERVISOR: Actor = { id: 'supervisor-citra', role: 'supervisor', agency: AGENCY };
export const PPK: Actor = { id: 'ppk-walikota', role: 'ppk', agency: AGENCY };
export const ADMIN: Actor = { id: 'admin-1', role: 'admin', agency: AGENCY };
export const AUDITOR: Actor = { id: 'auditor-inspektorat', role: 'auditor', agency: AGENCY };
export const SYSTEM: Actor = { id: 'workflow', role: 'system', agency: 'system' };

/** 09:00 WIB (or another local time) on a date, as an instant. */
export function wib(date: CivilDate, time = '09:00'): Instant {
  return localTimeToInstant(date, time, 'Asia/Jakarta');
}

/** A small calendar with the real 2025 national holidays and cuti bersama around Idul Fitri and in January. */
export const TEST_CALENDAR: WorkingCalendar = createWorkingCalendar({
  version: 'test-calendar-2025',
  timeZone: 'Asia/Jakarta',
  coveredFrom: '2024-01-01',
  coveredTo: '2027-12-31',
  nonWorkingDays: [
    ['2025-01-01', 'Tahun Baru'],
    ['2025-01-27', "Isra Mi'raj"],
    ['2025-01-28', 'Cuti bersama Imlek'],
    ['2025-01-29', 'Imlek'],
    ['2025-03-28', 'Cuti bersama Nyepi'],
    ['2025-03-31', 'Idul Fitri'],
    ['2025-04-01', 'Idul Fitri'],
    ['2025-04-02', 'Cuti bersama Idul Fitri'],
    ['2025-04-03', 'Cuti bersama Idul Fitri'],
    ['2025-04-04', 'Cuti bersama Idul Fitri'],
    ['2025-04-07', 'Cuti bersama Idul Fitri'],
    ['2025-04-18', 'Wafat Yesus Kristus'],
    ['2025-05-01', 'Hari Buruh'],
  ].map(([date, name]) => ({
    date,
    name,
    kind: name.startsWith('Cuti') ? ('cuti_bersama' as const) : ('national_holiday' as const),
    source: 'test',
  })),
});

export interface ContextOverrides {
  now?: Instant;
  actor?: Actor;
  calendar?: WorkingCalendar | null;
  catalogues?: DecisionContext['catalogues'];
  policy?: DecisionContext['policy'];
  agencies?: DecisionContext['agencies'];
  violationReading?: string | null;
}

export function contextFor(overrides: ContextOverrides = {}): DecisionContext {
  return {
    now: overrides.now ?? wib('2025-01-06'),
    actor: overrides.actor ?? OFFICER,
    catalogues: overrides.catalogues ?? DEFAULT_CATALOGUES,
    policy: overrides.policy ?? DEFAULT_DEADLINE_POLICY,
    calendar: overrides.calendar === undefined ? TEST_CALENDAR : overrides.calendar,
    ...(overrides.agencies === undefined ? {} : { agencies: overrides.agencies }),
    ...(overrides.violationReading === undefined ? {} : { violationReading: overrides.violationReading }),
  };
}

type Data<T extends CaseCommand['type']> = Extract<CaseCommand, { type: T }>['data'];

function command<T extends CaseCommand['type']>(type: T, data: Data<T>): CaseCommand {
  return { type, data } as CaseCommand;
}

export const cmd = {
  register: (overrides: Partial<Data<'RegisterReport'>> = {}) =>
    command('RegisterReport', {
      caseId: 'case-2025-001',
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
      reporter: { name: 'Siti Rahma', address: 'Jl. Melati 5, Bekasi', contact: '0812000000' },
      ...overrides,
    }),
  assign: (officerId = OFFICER.id) => command('AssignOfficer', { officerId, officerName: 'Ani' }),
  startClarification: () =>
    command('StartClarification', { by: 'inspektorat', letterReference: 'INS/01/2025' }),
  clarifyProceed: (likelyLevel: Data<'RecordClarificationResult'>['likelyLevel'] = 'sedang', tim = false) =>
    command('RecordClarificationResult', {
      result: 'proceed',
      likelyLevel,
      timPemeriksaNeeded: tim,
      reportReference: 'LHP-01/2025',
      summary: 'Cukup bukti untuk pemeriksaan',
    }),
  clarifyNotProven: () =>
    command('RecordClarificationResult', {
      result: 'not_proven',
      reportReference: 'LHP-02/2025',
      summary: 'Tidak cukup bukti',
    }),
  recommendation: (
    body: Data<'RecordRecommendation'>['body'] = 'BKN',
    letterDate = '2025-01-08',
    proven = true,
    receivedOn = letterDate,
  ) =>
    command('RecordRecommendation', {
      body,
      letterNumber: `${body}/REK/01/2025`,
      letterDate,
      receivedOn,
      proven,
      recommendedSanction: 'PEMOTONGAN_TUKIN_25',
    }),
  followUp: (action: Data<'RecordPpkFollowUp'>['action'] = 'examination', reason?: string) =>
    command('RecordPpkFollowUp', {
      action,
      letterNumber: 'PPK/TL/01/2025',
      letterDate: '2025-01-10',
      ...(reason ? { reason } : {}),
    }),
  formTim: (members: Data<'FormTimPemeriksa'>['members'] = FULL_TIM) =>
    command('FormTimPemeriksa', { decreeNumber: 'SK-TIM/01/2025', decreeDate: '2025-01-10', members }),
  summons: (sequence: 1 | 2, deliveredOn: CivilDate, hearingDate: CivilDate) =>
    command('IssueSummons', {
      sequence,
      letterNumber: `PGL-${sequence}/2025`,
      issuedOn: deliveredOn,
      deliveredOn,
      deliveryProofRef: `TT-${sequence}`,
      hearingDate,
    }),
  attendance: (sequence: 1 | 2, attended: boolean) => command('RecordAttendance', { sequence, attended }),
  bap: (signedOn = '2025-01-22', asnSigned = true, refusalNote?: string) =>
    command('RecordBap', {
      number: 'BAP-01/2025',
      signedOn,
      asnSigned,
      ...(refusalNote ? { refusalNote } : {}),
    }),
  convene: () =>
    command('ConveneMajelisKodeEtik', {
      decreeNumber: 'SK-MKE/01/2025',
      decreeDate: '2025-01-13',
      members: ['Ketua', 'Sekretaris', 'Anggota'],
      hearingDate: '2025-01-20',
    }),
  majelis: (proven: boolean, recommendedSanction: string | null = 'PERNYATAAN_TERBUKA') =>
    command('RecordMajelisRecommendation', {
      proven,
      recommendedSanction: proven ? recommendedSanction : null,
      minutesRef: 'MKE-REK/01/2025',
      decidedOn: '2025-01-22',
    }),
  approveDeparture: (sanctionCode: string) =>
    command('ApproveSanctionDeparture', {
      sanctionCode,
      justification: 'Pelanggaran ringan, pertama kali, telah meminta maaf secara terbuka',
    }),
  decide: (
    sanctionCode = 'PEMOTONGAN_TUKIN_25',
    periodMonths: number | null = 6,
    authority: 'ppk' | 'delegated' = 'ppk',
  ) =>
    command('DecideSanction', {
      sanctionCode,
      periodMonths,
      decreeNumber: 'SK-HD/800/01/2025',
      decreeDate: '2025-02-03',
      decidingOfficial: {
        name: 'Wali Kota Bekasi',
        position: 'Pejabat Pembina Kepegawaian',
        authority,
        ...(authority === 'delegated' ? { delegationRef: 'DEL/01/2025' } : {}),
      },
    }),
  deliver: (deliveredOn = '2025-02-05') =>
    command('RecordDelivery', { deliveredOn, method: 'in_person', proofRef: 'TT-SK-01' }),
  object: (filedOn: CivilDate, kind?: 'keberatan' | 'banding') =>
    command('FileObjection', {
      filedOn,
      grounds: 'Hukuman terlalu berat',
      reference: 'KEB-01/2025',
      ...(kind ? { kind } : {}),
    }),
  lateObjection: (filedOn: CivilDate) =>
    command('RecordLateObjection', { filedOn, reference: 'KEB-LATE/2025' }),
  appealAnswer: (answeredOn: CivilDate) =>
    command('RecordAppealAnswer', { answeredOn, letterNumber: 'PPK/BPASN/01' }),
  outcome: (
    outcome: Data<'RecordObjectionOutcome'>['outcome'],
    decidedOn: CivilDate,
    sanctionCode?: string,
    periodMonths?: number | null,
  ) =>
    command('RecordObjectionOutcome', {
      outcome,
      decidedOn,
      decisionRef: 'PUT-KEB/01/2025',
      ...(sanctionCode ? { sanctionCode } : {}),
      ...(periodMonths !== undefined ? { periodMonths } : {}),
    }),
  close: () => command('CloseCase', { outcome: 'not_proven', reason: 'Tidak terbukti dalam pemeriksaan' }),
  withdraw: () => command('WithdrawCase', { reason: 'Laporan dicabut oleh pelapor' }),
  reopen: () => command('ReopenCase', { reason: 'Bukti baru dari Bawaslu' }),
  recordDeadline: (deadlineId: string, dueDate: CivilDate, calendarVersion = TEST_CALENDAR.version) =>
    command('RecordDeadline', {
      deadlineId,
      dueDate,
      dueAt: localTimeToInstant(dueDate, '23:59', 'Asia/Jakarta'),
      calendarVersion,
      policyVersion: DEFAULT_DEADLINE_POLICY.version,
    }),
  notTracked: (deadlineId: string, reason: Data<'RecordDeadlineNotTracked'>['reason'], timer?: string) =>
    command('RecordDeadlineNotTracked', { deadlineId, reason, ...(timer ? { timer } : {}) }),
  reminder: (deadlineId: string, offset: number) => command('RecordReminder', { deadlineId, offset }),
  escalate: (deadlineId: string, step: number, recipientRole: Data<'RecordEscalation'>['recipientRole']) =>
    command('RecordEscalation', { deadlineId, step, recipientRole }),
  inForce: () => command('MarkSanctionInForce', {}),
  periodServed: () => command('MarkSanctionPeriodServed', {}),
};

export const FULL_TIM: Data<'FormTimPemeriksa'>['members'] = [
  { name: 'Kepala Kecamatan', role: 'atasan_langsung' },
  { name: 'Auditor Inspektorat', role: 'pengawasan' },
  { name: 'Analis BKPSDM', role: 'kepegawaian' },
];

export interface Step {
  name: string;
  command: CaseCommand;
  actor: Actor;
  now: Instant;
}

export const step = (
  name: string,
  command: CaseCommand,
  actor: Actor,
  date: CivilDate,
  time = '09:00',
): Step => ({
  name,
  command,
  actor,
  now: wib(date, time),
});

/** Runs steps through decide/evolve; throws on the first refusal (histories must be valid). */
export function run(
  steps: Step[],
  from: CaseState = initialState,
  overrides: ContextOverrides = {},
): { events: CaseEvent[]; state: CaseState } {
  let state = from;
  const events: CaseEvent[] = [];
  for (const s of steps) {
    const decided = decide(s.command, state, contextFor({ ...overrides, now: s.now, actor: s.actor }));
    events.push(...decided);
    state = decided.reduce(evolve, state);
  }
  return { events, state };
}

/** Events of the steps up to and including the named one. */
export function historyThrough(steps: Step[], name: string, overrides: ContextOverrides = {}): CaseEvent[] {
  const index = steps.findIndex((s) => s.name === name);
  if (index < 0) throw new Error(`no step ${name}`);
  return run(steps.slice(0, index + 1), initialState, overrides).events;
}

/** A sedang case through examination, decision, delivery and an unchallenged 6-month sanction. */
export const SEDANG_PATH: Step[] = [
  step('registered', cmd.register(), OFFICER, '2025-01-06'),
  step('assigned', cmd.assign(), SUPERVISOR, '2025-01-06', '10:00'),
  step('clarifying', cmd.startClarification(), OFFICER, '2025-01-07'),
  step('clarified', cmd.clarifyProceed('sedang'), OFFICER, '2025-01-09'),
  step('followed-up', cmd.followUp('examination'), PPK, '2025-01-10'),
  step('summoned', cmd.summons(1, '2025-01-13', '2025-01-22'), OFFICER, '2025-01-13'),
  step('attended', cmd.attendance(1, true), OFFICER, '2025-01-22', '15:00'),
  step('bap', cmd.bap('2025-01-22'), OFFICER, '2025-01-22', '16:00'),
  step('decided', cmd.decide(), PPK, '2025-02-03'),
  step('delivered', cmd.deliver('2025-02-05'), OFFICER, '2025-02-05'),
];

/** A case where the ASN ignores both summonses (decision on the evidence held). */
export const NO_SHOW_PATH: Step[] = [
  ...SEDANG_PATH.slice(0, 6),
  step('missed-1', cmd.attendance(1, false), OFFICER, '2025-01-22', '15:00'),
  step('summoned-2', cmd.summons(2, '2025-01-23', '2025-02-07'), OFFICER, '2025-01-23'),
  step('missed-2', cmd.attendance(2, false), OFFICER, '2025-02-07', '15:00'),
];

/** A berat case (state facilities) with a Tim Pemeriksa, ending in dismissal (PDHTAPS). */
export const BERAT_PATH: Step[] = [
  step('registered', cmd.register({ violationType: 'PP94_5N_4_FASILITAS_NEGARA' }), OFFICER, '2025-01-06'),
  step('assigned', cmd.assign(), SUPERVISOR, '2025-01-06', '10:00'),
  step('clarifying', cmd.startClarification(), OFFICER, '2025-01-07'),
  step('clarified', cmd.clarifyProceed('berat', true), OFFICER, '2025-01-09'),
  step('followed-up', cmd.followUp('examination'), PPK, '2025-01-10'),
  step('tim', cmd.formTim(), PPK, '2025-01-10', '11:00'),
  step('summoned', cmd.summons(1, '2025-01-13', '2025-01-22'), OFFICER, '2025-01-13'),
  step('attended', cmd.attendance(1, true), OFFICER, '2025-01-22', '15:00'),
  step('bap', cmd.bap('2025-01-22'), OFFICER, '2025-01-22', '16:00'),
  step('decided', cmd.decide('PDHTAPS', null), PPK, '2025-02-03'),
  step('delivered', cmd.deliver('2025-02-05'), OFFICER, '2025-02-05'),
];

/** An ethics case (liking posts) through the Majelis Kode Etik to a moral sanction. */
export const MORAL_PATH: Step[] = [
  step('registered', cmd.register({ violationType: 'SKB_ETIK_MEDSOS_INTERAKSI' }), OFFICER, '2025-01-06'),
  step('assigned', cmd.assign(), SUPERVISOR, '2025-01-06', '10:00'),
  step('clarifying', cmd.startClarification(), OFFICER, '2025-01-07'),
  step('clarified', cmd.clarifyProceed('moral'), OFFICER, '2025-01-09'),
  step('followed-up', cmd.followUp('majelis_kode_etik'), PPK, '2025-01-10'),
  step('convened', cmd.convene(), PPK, '2025-01-13'),
  step('recommended', cmd.majelis(true), OFFICER, '2025-01-22'),
  step('decided', cmd.decide('PERNYATAAN_TERBUKA', null), PPK, '2025-02-03'),
];
