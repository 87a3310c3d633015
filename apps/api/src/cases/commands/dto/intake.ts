/** Request bodies of the intake stage: registering a report (POST /cases) and assigning its officer. */
import { ApiProperty } from '@nestjs/swagger';
import { type CaseCommandMap, ELECTION_KINDS, EMPLOYEE_TYPES, GRADES, REPORT_SOURCES } from '@netral/domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { CivilDate, IsAbsentOr, LONG_TEXT, OneOf, OptionalNip, OptionalText, Text } from '../validation';
import { type Check, type Mirrors } from './mirrors';
import { WithReason } from './with-reason';

export const TIME_ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;

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
  @OptionalNip('NIP, 18 digits; required for PNS, CPNS and PPPK', '198001012005011001')
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

export class AssignOfficerDto extends WithReason {
  @Text('User id (token subject) of the case officer', 'officer-ani')
  officerId!: string;

  @OptionalText('Display name of the case officer', 'Ani Suryani')
  officerName?: string | null;
}

/** Fails to compile when a DTO drifts from its command (RegisterReport's caseId is assigned by the server). */
export type IntakeDtosMirrorCommands = [
  Check<Mirrors<RegisterReportDto, Omit<CaseCommandMap['RegisterReport'], 'caseId'>>>,
  Check<Mirrors<AssignOfficerDto, CaseCommandMap['AssignOfficer']>>,
];
