/**
 * Request bodies of the officer commands, one class per command, mirroring `CaseCommandMap` of
 * @netral/domain field by field (checked at compile time at the end of this file). Validation at the edge
 * catches malformed input with a 400 listing every field; the domain still decides whether the content is
 * lawful (409/422).
 *
 * Every body also takes an optional `reason` — why the command is given (e.g. the letter number) — that is
 * recorded in the events' metadata. Where the command itself has a `reason` (follow-up, close, withdraw,
 * reopen) that field is both.
 */
import { ApiProperty } from '@nestjs/swagger';
import {
  type CaseCommandMap,
  type Clarification,
  type Delivery,
  type ObjectionOutcome,
  type RecommendingBody,
  type TimPemeriksaRole,
  CLARIFYING_BODIES,
  DELIVERY_METHODS,
  ELECTION_KINDS,
  EMPLOYEE_TYPES,
  GRADES,
  NIP_PATTERN,
  OBJECTION_OUTCOMES,
  RECOMMENDING_BODIES,
  REPORT_SOURCES,
  SANCTION_LEVELS,
  TIM_PEMERIKSA_ROLES,
} from '@netral/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CivilDate,
  everyMemberOf,
  IsAbsentOr,
  LONG_TEXT,
  OneOf,
  OptionalText,
  SHORT_TEXT,
  Text,
} from './validation';

// The vocabularies live in the domain (one home); re-exported for the routes and views that list them.
export {
  CLARIFYING_BODIES,
  DELIVERY_METHODS,
  ELECTION_KINDS,
  OBJECTION_OUTCOMES,
  RECOMMENDING_BODIES,
  TIM_PEMERIKSA_ROLES,
};
export const FOLLOW_UP_ACTIONS = everyMemberOf<CaseCommandMap['RecordPpkFollowUp']['action']>()(
  'examination',
  'majelis_kode_etik',
  'ptdh_partai',
  'not_proven',
);
export const OBJECTION_KINDS = everyMemberOf<NonNullable<CaseCommandMap['FileObjection']['kind']>>()(
  'keberatan',
  'banding',
);
export const TIME_ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;

const REASON_DOC = 'Why the command is given (e.g. the letter number); recorded in the events as the reason';

/** The audit reason most commands accept besides their own data. */
export class WithReason {
  @OptionalText(REASON_DOC, 'Nota dinas 800/123/Insp/2025', LONG_TEXT)
  reason?: string | null;

  @OptionalText(
    'A fact dated more than the backdating horizon (policy, 60 days) before today is recorded only by a supervisor with this reason, which is recorded on its events',
    'Surat diterima terlambat dari Bawaslu; lihat nota dinas 800/130/Insp/2026',
    LONG_TEXT,
  )
  lateRecordingReason?: string | null;
}

// --- RegisterReport (POST /cases) ------------------------------------------------------------------------

export class ReportSourceDto {
  @OneOf(REPORT_SOURCES, 'Where the report comes from (temuan/rekomendasi Bawaslu, laporan masyarakat, …)', {
    example: 'public_report',
  })
  kind!: (typeof REPORT_SOURCES)[number];

  @OptionalText('Letter or report number (nomor surat / nomor laporan)', 'LAP-001/2025')
  reference?: string | null;

  @CivilDate('When the report was received', '2025-01-03')
  receivedOn!: string;
}

export class ReportedAsnDto {
  @ApiProperty({
    type: String,
    description: 'NIP, 18 digits; required for PNS, CPNS and PPPK',
    example: '198001012005011001',
    required: false,
    nullable: true,
  })
  @IsOptional()
  @IsString()
  @Matches(NIP_PATTERN, { message: '$property must be 18 digits' })
  nip?: string | null;

  @Text('Full name of the reported ASN', 'Dedi Kurniawan')
  name!: string;

  @Text('Position (jabatan)', 'Kepala Seksi Pelayanan')
  position!: string;

  @Text('Work unit (unit kerja)', 'Kecamatan Bekasi Timur')
  unit!: string;

  @Text('Employing government (instansi)', 'Pemerintah Kota Bekasi')
  agency!: string;

  @OneOf(EMPLOYEE_TYPES, 'Employee type', { example: 'PNS' })
  employeeType!: (typeof EMPLOYEE_TYPES)[number];

  @OneOf(
    GRADES,
    'Golongan (PNS "III/c", PPPK "PPPK-IX"); when given, Tim Pemeriksa members may not rank below it',
    {
      optional: true,
      example: 'III/c',
    },
  )
  grade?: string | null;
}

export class ElectionDto {
  @OneOf(ELECTION_KINDS, 'pemilu (national) or pilkada (regional)', { example: 'pilkada' })
  kind!: (typeof ELECTION_KINDS)[number];

  @ApiProperty({ description: 'Election year', example: 2024, minimum: 2000, maximum: 2100 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;
}

export class EvidenceDto {
  @Text('Evidence reference', 'EV-1')
  ref!: string;

  @Text('What the evidence shows', 'Foto kegiatan kampanye', LONG_TEXT)
  description!: string;
}

export class ReporterDto {
  @Text("Reporter's name (confidential)", 'Siti Rahma')
  name!: string;

  @Text("Reporter's address (confidential)", 'Jl. Melati 5, Bekasi', 500)
  address!: string;

  @OptionalText("Reporter's phone or e-mail (confidential)", '0812000000')
  contact?: string | null;
}

export class RegisterReportDto extends WithReason {
  @OneOf(TIME_ZONES, 'Time zone of the agency (WIB, WITA or WIT); Asia/Jakarta by default', {
    absent: true,
  })
  timeZone?: string;

  @ApiProperty({ type: ReportSourceDto })
  @ValidateNested()
  @Type(() => ReportSourceDto)
  source!: ReportSourceDto;

  @ApiProperty({ type: ReportedAsnDto })
  @ValidateNested()
  @Type(() => ReportedAsnDto)
  reportedAsn!: ReportedAsnDto;

  @Text('Violation type code from the violation catalogue', 'PP94_5N_1_IKUT_KAMPANYE')
  violationType!: string;

  @Text('What the ASN did, in the reporter’s or finder’s words', 'Ikut kampanye terbuka', LONG_TEXT)
  conduct!: string;

  @ApiProperty({ type: ElectionDto })
  @ValidateNested()
  @Type(() => ElectionDto)
  election!: ElectionDto;

  @ApiProperty({ type: [EvidenceDto], required: false, maxItems: 50 })
  @IsAbsentOr()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence?: EvidenceDto[];

  @ApiProperty({
    type: ReporterDto,
    required: false,
    nullable: true,
    description:
      'Required for a public report (reports are not anonymous, UU 7/2017 Ps 454(4)); shown only to supervisors, PPK, auditors and admins',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReporterDto)
  reporter?: ReporterDto | null;
}

// --- Intake and clarification ----------------------------------------------------------------------------

export class AssignOfficerDto extends WithReason {
  @Text('User id (token subject) of the case officer', 'officer-ani')
  officerId!: string;

  @OptionalText('Display name of the case officer', 'Ani Suryani')
  officerName?: string | null;
}

export class StartClarificationDto extends WithReason {
  @OneOf(CLARIFYING_BODIES, 'Who clarifies: Inspektorat or BKPSDM')
  by!: Clarification['by'];

  @OptionalText('Assignment letter number', 'INS/01/2025')
  letterReference?: string | null;

  @CivilDate(
    'The day the clarification started: not before the report was received, not in the future; absent, the day it is recorded stands in and the event says so (occurredOnDefaulted: true; nothing later is checked against it)',
    '2025-01-07',
    { optional: true },
  )
  occurredOn?: string | null;
}

export class RecordClarificationResultDto extends WithReason {
  @CivilDate(
    'The date of the clarification report (LHP): on or after the clarification started; absent, the day it is recorded stands in and the event says so (occurredOnDefaulted: true)',
    '2025-01-09',
    { optional: true },
  )
  occurredOn?: string | null;

  @OneOf(['not_proven', 'proceed'], 'not_proven closes the case; proceed sends it to the PPK', {
    example: 'proceed',
  })
  result!: 'not_proven' | 'proceed';

  @OneOf(SANCTION_LEVELS, 'Likely sanction level when proceeding', { optional: true, example: 'sedang' })
  likelyLevel?: (typeof SANCTION_LEVELS)[number] | null;

  @ApiProperty({
    type: Boolean,
    description: 'Whether a Tim Pemeriksa is needed',
    required: false,
    nullable: true,
  })
  @IsOptional()
  @IsBoolean()
  timPemeriksaNeeded?: boolean | null;

  @Text('Clarification report number (LHP)', 'LHP-01/2025')
  reportReference!: string;

  @Text('Summary of the findings', 'Cukup bukti untuk pemeriksaan', LONG_TEXT)
  summary!: string;
}

export class RecordRecommendationDto extends WithReason {
  @OneOf(RECOMMENDING_BODIES, 'Recommending body: Bawaslu, or KASN (to 24 Aug 2024) / BKN (after)', {
    example: 'BKN',
  })
  body!: RecommendingBody;

  @Text('Letter number', 'BKN/REK/01/2025')
  letterNumber!: string;

  @CivilDate('Letter date', '2025-01-08')
  letterDate!: string;

  @CivilDate('Date received', '2025-01-08')
  receivedOn!: string;

  @ApiProperty({ description: 'Whether the body found the violation proven' })
  @IsBoolean()
  proven!: boolean;

  @OptionalText('Recommended sanction code', 'PEMOTONGAN_TUKIN_25')
  recommendedSanction?: string | null;
}

export class RecordPpkFollowUpDto {
  @OneOf(
    FOLLOW_UP_ACTIONS,
    'Disciplinary examination, Majelis Kode Etik, PTDH for party membership on proof of membership (UU 20/2023 Ps 52(3) huruf j; no hearing), or not proven',
  )
  action!: CaseCommandMap['RecordPpkFollowUp']['action'];

  @Text('Follow-up letter number', 'PPK/TL/01/2025')
  letterNumber!: string;

  @CivilDate('Letter date', '2025-01-10')
  letterDate!: string;

  @OptionalText('Reason for the follow-up (also recorded as the events’ reason)', 'Sesuai rekomendasi BKN')
  reason?: string | null;

  @OptionalText(
    'Required for ptdh_partai: the proof of party membership (e.g. the party membership card or KPU data reference)',
    'KTA-PARTAI/2026/0042',
  )
  membershipProofRef?: string | null;
}

// --- Examination ---------------------------------------------------------------------------------------

export class TimPemeriksaMemberDto {
  @Text('Member name', 'Kepala Kecamatan')
  name!: string;

  @OneOf(TIM_PEMERIKSA_ROLES, 'Role in the Tim Pemeriksa', { example: 'atasan_langsung' })
  role!: TimPemeriksaRole;

  @OneOf(
    GRADES,
    "Golongan; required when the ASN's grade is known, and not below it (PP 94/2021 [S]; refused with TIM_MEMBER_RANK_BELOW_ASN)",
    { absent: true, example: 'IV/a' },
  )
  grade?: string;
}

export class FormTimPemeriksaDto extends WithReason {
  @Text('Decree number', 'SK-TIM/01/2025')
  decreeNumber!: string;

  @CivilDate('Decree date', '2025-01-10')
  decreeDate!: string;

  @ApiProperty({ type: [TimPemeriksaMemberDto], minItems: 1, maxItems: 20 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => TimPemeriksaMemberDto)
  members!: TimPemeriksaMemberDto[];
}

export class IssueSummonsDto extends WithReason {
  @OneOf([1, 2], 'Summons I or II (surat panggilan)', { example: 1 })
  sequence!: 1 | 2;

  @Text('Summons letter number', 'PGL-1/2025')
  letterNumber!: string;

  @CivilDate('Issued on', '2025-01-13')
  issuedOn!: string;

  @CivilDate('Delivered to the ASN on', '2025-01-13')
  deliveredOn!: string;

  @Text('Delivery proof reference (tanda terima)', 'TT-1')
  deliveryProofRef!: string;

  @CivilDate('Hearing date (at least 7 working days after delivery)', '2025-01-22')
  hearingDate!: string;
}

export class RecordAttendanceDto extends WithReason {
  @OneOf([1, 2], 'Which summons the hearing answered', { example: 1 })
  sequence!: 1 | 2;

  @ApiProperty({ description: 'Whether the ASN attended the hearing' })
  @IsBoolean()
  attended!: boolean;
}

export class RecordBapDto extends WithReason {
  @Text('BAP number (Berita Acara Pemeriksaan)', 'BAP-01/2025')
  number!: string;

  @CivilDate('Signed on', '2025-01-22')
  signedOn!: string;

  @ApiProperty({ description: 'Whether the ASN signed the BAP' })
  @IsBoolean()
  asnSigned!: boolean;

  @OptionalText('Required when the ASN refused to sign', 'Menolak menandatangani', LONG_TEXT)
  refusalNote?: string | null;
}

// --- Majelis Kode Etik ---------------------------------------------------------------------------------

export class ConveneMajelisKodeEtikDto extends WithReason {
  @Text('Decree number', 'SK-MKE/01/2025')
  decreeNumber!: string;

  @CivilDate('Decree date', '2025-01-13')
  decreeDate!: string;

  @ApiProperty({ type: [String], example: ['Ketua', 'Sekretaris', 'Anggota'], minItems: 1, maxItems: 20 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(SHORT_TEXT, { each: true })
  members!: string[];

  @CivilDate('Hearing date', '2025-01-20')
  hearingDate!: string;
}

export class RecordMajelisRecommendationDto extends WithReason {
  @ApiProperty({ description: 'Whether the Majelis found the breach proven' })
  @IsBoolean()
  proven!: boolean;

  @OptionalText('Recommended moral sanction code', 'PERNYATAAN_TERBUKA')
  recommendedSanction?: string | null;

  @Text('Minutes reference', 'MKE-REK/01/2025')
  minutesRef!: string;

  @CivilDate('Decided on', '2025-01-22')
  decidedOn!: string;
}

// --- Decision and delivery -----------------------------------------------------------------------------

export class ApproveSanctionDepartureDto extends WithReason {
  @Text('Sanction code the catalogue does not list for the violation', 'PERNYATAAN_TERBUKA')
  sanctionCode!: string;

  @Text('Written justification', 'Pelanggaran pertama, telah meminta maaf secara terbuka', LONG_TEXT)
  justification!: string;
}

export class DecidingOfficialDto {
  @Text('Name of the deciding official', 'Wali Kota Bekasi')
  name!: string;

  @Text('Position', 'Pejabat Pembina Kepegawaian')
  position!: string;

  @OneOf(['ppk', 'delegated'], 'The PPK himself, or an official with delegated authority', {
    example: 'ppk',
  })
  authority!: 'ppk' | 'delegated';

  @OptionalText('Delegation reference (required when delegated)', 'DEL/01/2025')
  delegationRef?: string | null;
}

export class DecideSanctionDto extends WithReason {
  @Text('Sanction code from the sanction catalogue', 'PEMOTONGAN_TUKIN_25')
  sanctionCode!: string;

  @ApiProperty({
    type: Number,
    description: 'Months, for time-bound sanctions',
    required: false,
    nullable: true,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  periodMonths?: number | null;

  @OptionalText(
    'A moral sanction (PERNYATAAN_TERTUTUP or PERNYATAAN_TERBUKA) imposed beside the disciplinary one for the same act (PP 42/2004 Ps 16); examination track only',
    'PERNYATAAN_TERTUTUP',
  )
  moralSanctionCode?: string | null;

  @Text('Decree number (keputusan hukuman disiplin)', 'SK-HD/800/01/2025')
  decreeNumber!: string;

  @CivilDate('Decree date', '2025-02-03')
  decreeDate!: string;

  @ApiProperty({ type: DecidingOfficialDto })
  @ValidateNested()
  @Type(() => DecidingOfficialDto)
  decidingOfficial!: DecidingOfficialDto;
}

export class RecordDeliveryDto extends WithReason {
  @CivilDate('Delivered on', '2025-02-05')
  deliveredOn!: string;

  @OneOf(DELIVERY_METHODS, 'In person, or sent to the last known address')
  method!: Delivery['method'];

  @Text('Delivery proof reference', 'TT-SK-01')
  proofRef!: string;

  @OptionalText(
    'Required when sent to the last known address (the ASN was absent); recorded on the delivery',
    'Jl. Kenanga 12, Bekasi Timur',
  )
  lastKnownAddress?: string | null;
}

// --- Objection -----------------------------------------------------------------------------------------

export class FileObjectionDto extends WithReason {
  @OneOf(OBJECTION_KINDS, 'keberatan, or banding administratif (dismissals); keberatan by default', {
    absent: true,
  })
  kind?: 'keberatan' | 'banding';

  @CivilDate('Filed on', '2025-02-10')
  filedOn!: string;

  @Text('Grounds', 'Hukuman terlalu berat', LONG_TEXT)
  grounds!: string;

  @Text('Objection reference', 'KEB-01/2025')
  reference!: string;
}

export class RecordLateObjectionDto extends WithReason {
  @CivilDate('Filed on', '2025-03-10')
  filedOn!: string;

  @Text('Objection reference', 'KEB-LATE/2025')
  reference!: string;
}

export class RecordAppealAnswerDto extends WithReason {
  @CivilDate('Answered on', '2025-02-20')
  answeredOn!: string;

  @Text('Answer letter number', 'PPK/BPASN/01')
  letterNumber!: string;
}

export class RecordObjectionOutcomeDto extends WithReason {
  @OneOf(OBJECTION_OUTCOMES, 'Upheld, lightened, increased, changed or annulled')
  outcome!: ObjectionOutcome;

  @CivilDate('Decided on', '2025-03-01')
  decidedOn!: string;

  @Text('Decision reference', 'PUT-KEB/01/2025')
  decisionRef!: string;

  @OptionalText('New sanction code (lightened, increased, changed)', 'TEGURAN_TERTULIS')
  sanctionCode?: string | null;

  @ApiProperty({
    type: Number,
    description: 'Months of the new sanction, if time-bound',
    required: false,
    nullable: true,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  periodMonths?: number | null;
}

// --- Closing -------------------------------------------------------------------------------------------

export class CloseCaseDto {
  @OneOf(['not_proven'], 'Why the case closes', { example: 'not_proven' })
  outcome!: 'not_proven';

  @Text('Reason (also recorded as the events’ reason)', 'Tidak terbukti dalam pemeriksaan', LONG_TEXT)
  reason!: string;
}

export class WithdrawCaseDto {
  @Text('Reason (also recorded as the events’ reason)', 'Laporan dicabut oleh pelapor', LONG_TEXT)
  reason!: string;
}

export class ReopenCaseDto {
  @Text('Reason (also recorded as the events’ reason)', 'Bukti baru dari Bawaslu', LONG_TEXT)
  reason!: string;
}

// --- Compile-time mirror of CaseCommandMap ---------------------------------------------------------------

/** Same keys and compatible types both ways (the DTO's own `reason` and `lateRecordingReason` aside). */
export type Mirrors<Dto, Data> = [Exclude<keyof Dto, 'reason' | 'lateRecordingReason'>] extends [keyof Data]
  ? [Exclude<keyof Data, 'reason'>] extends [keyof Dto]
    ? [Omit<Dto, 'reason' | 'lateRecordingReason'>] extends [Omit<Data, 'reason'>]
      ? [Omit<Data, 'reason' | 'caseId'>] extends [Omit<Dto, 'reason' | 'lateRecordingReason'>]
        ? true
        : 'data does not fit the DTO'
      : 'DTO does not fit the data'
    : 'DTO lacks a field'
  : 'DTO has an extra field';

export type Check<T extends true> = T;

/** Fails to compile when a DTO drifts from its command (RegisterReport's caseId is assigned by the server). */
export type DtoMirrorsCommands = [
  Check<Mirrors<RegisterReportDto, Omit<CaseCommandMap['RegisterReport'], 'caseId'>>>,
  Check<Mirrors<AssignOfficerDto, CaseCommandMap['AssignOfficer']>>,
  Check<Mirrors<StartClarificationDto, CaseCommandMap['StartClarification']>>,
  Check<Mirrors<RecordClarificationResultDto, CaseCommandMap['RecordClarificationResult']>>,
  Check<Mirrors<RecordRecommendationDto, CaseCommandMap['RecordRecommendation']>>,
  Check<Mirrors<RecordPpkFollowUpDto, CaseCommandMap['RecordPpkFollowUp']>>,
  Check<Mirrors<FormTimPemeriksaDto, CaseCommandMap['FormTimPemeriksa']>>,
  Check<Mirrors<IssueSummonsDto, CaseCommandMap['IssueSummons']>>,
  Check<Mirrors<RecordAttendanceDto, CaseCommandMap['RecordAttendance']>>,
  Check<Mirrors<RecordBapDto, CaseCommandMap['RecordBap']>>,
  Check<Mirrors<ConveneMajelisKodeEtikDto, CaseCommandMap['ConveneMajelisKodeEtik']>>,
  Check<Mirrors<RecordMajelisRecommendationDto, CaseCommandMap['RecordMajelisRecommendation']>>,
  Check<Mirrors<ApproveSanctionDepartureDto, CaseCommandMap['ApproveSanctionDeparture']>>,
  Check<Mirrors<DecideSanctionDto, CaseCommandMap['DecideSanction']>>,
  Check<Mirrors<RecordDeliveryDto, CaseCommandMap['RecordDelivery']>>,
  Check<Mirrors<FileObjectionDto, CaseCommandMap['FileObjection']>>,
  Check<Mirrors<RecordLateObjectionDto, CaseCommandMap['RecordLateObjection']>>,
  Check<Mirrors<RecordAppealAnswerDto, CaseCommandMap['RecordAppealAnswer']>>,
  Check<Mirrors<RecordObjectionOutcomeDto, CaseCommandMap['RecordObjectionOutcome']>>,
  Check<Mirrors<CloseCaseDto, CaseCommandMap['CloseCase']>>,
  Check<Mirrors<WithdrawCaseDto, CaseCommandMap['WithdrawCase']>>,
  Check<Mirrors<ReopenCaseDto, CaseCommandMap['ReopenCase']>>,
];
