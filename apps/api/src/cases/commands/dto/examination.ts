/**
 * Request bodies of the disciplinary examination: forming the Tim Pemeriksa, the summonses, attendance at the
 * hearing and the BAP.
 */
import { ApiProperty } from '@nestjs/swagger';
import { type CaseCommandMap, type TimPemeriksaRole, GRADES, TIM_PEMERIKSA_ROLES } from '@netral/domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, ValidateNested } from 'class-validator';
import { CivilDate, LONG_TEXT, OneOf, OptionalText, Text } from '../validation';
import { type Check, type Mirrors } from './mirrors';
import { WithReason } from './with-reason';

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

/** Fails to compile when a DTO drifts from its command. */
export type ExaminationDtosMirrorCommands = [
  Check<Mirrors<FormTimPemeriksaDto, CaseCommandMap['FormTimPemeriksa']>>,
  Check<Mirrors<IssueSummonsDto, CaseCommandMap['IssueSummons']>>,
  Check<Mirrors<RecordAttendanceDto, CaseCommandMap['RecordAttendance']>>,
  Check<Mirrors<RecordBapDto, CaseCommandMap['RecordBap']>>,
];
