/**
 * Request bodies of the routes beside the PP 94/2021 procedure (domain.md "Who else can be reported"):
 * forwarding a non-ASN / BUMD case to the employer (UU 7/2017 Ps 455) and the Sentra Gakkumdu referral with
 * its outcome, and the linked case against the direct superior (PP 94/2021 Ps 28). Mirrors `CaseCommandMap`
 * field by field, checked at compile time below.
 */
import { ApiProperty } from '@nestjs/swagger';
import {
  type CaseCommandMap,
  type CriminalReferralOutcome,
  CASE_ID_PATTERN,
  CRIMINAL_REFERRAL_OUTCOMES,
} from '@netral/domain';
import { Type } from 'class-transformer';
import { Matches, ValidateNested } from 'class-validator';
import { type Check, type Mirrors, WithReason } from './command.dto';
import { CivilDate, OneOf, OptionalNip, Text } from './validation';

export class SuperiorDto {
  @Text('Name of the direct superior (atasan langsung)', 'Drs. Bambang Sutrisno')
  name!: string;

  @OptionalNip('NIP, 18 digits', '197501012000031002')
  nip?: string | null;

  @Text('Position (jabatan)', 'Camat Bekasi Timur')
  position!: string;
}

export class LinkSuperiorCaseDto extends WithReason {
  @Text('The case registered against the superior (RegisterReport, source internal)', 'NTR-7KQ2M9XD4HBB')
  @Matches(CASE_ID_PATTERN, { message: '$property must be a case id' })
  linkedCaseId!: string;

  @ApiProperty({ type: SuperiorDto })
  @ValidateNested()
  @Type(() => SuperiorDto)
  superior!: SuperiorDto;
}

export class ForwardToEmployerDto extends WithReason {
  @Text('The employer the case is forwarded to (BUMD direksi, the hiring unit)', 'Direksi PDAM Tirta Patriot')
  employer!: string;

  @Text('Forwarding letter number', '800/45/BKPSDM/2026')
  letterNumber!: string;

  @CivilDate('Forwarding letter date: not before the report was received, not in the future', '2026-11-05')
  letterDate!: string;
}

export class RecordCriminalReferralDto extends WithReason {
  @Text('Referral reference (nomor penerusan ke Sentra Gakkumdu)', 'GAKKUMDU/12/XI/2026')
  reference!: string;

  @CivilDate('Referred on: not before the report was received, not in the future', '2026-11-04')
  referredOn!: string;

  @Text('The suspected election crime as the referral names it', 'UU 7/2017 Ps 494')
  offence!: string;
}

export class RecordCriminalReferralOutcomeDto extends WithReason {
  @Text('Reference of the referral this outcome ends', 'GAKKUMDU/12/XI/2026')
  reference!: string;

  @OneOf(CRIMINAL_REFERRAL_OUTCOMES, 'Not pursued, stopped, convicted or acquitted', {
    example: 'not_pursued',
  })
  outcome!: CriminalReferralOutcome;

  @CivilDate('Decided on: not before the referral', '2026-11-20')
  decidedOn!: string;

  @Text('Decision reference (Gakkumdu minutes or court judgment)', 'BA-GAKKUMDU/20/XI/2026')
  decisionRef!: string;
}

/** Fails to compile when a DTO drifts from its command. */
export type RouteDtosMirrorCommands = [
  Check<Mirrors<LinkSuperiorCaseDto, CaseCommandMap['LinkSuperiorCase']>>,
  Check<Mirrors<ForwardToEmployerDto, CaseCommandMap['ForwardToEmployer']>>,
  Check<Mirrors<RecordCriminalReferralDto, CaseCommandMap['RecordCriminalReferral']>>,
  Check<Mirrors<RecordCriminalReferralOutcomeDto, CaseCommandMap['RecordCriminalReferralOutcome']>>,
];
