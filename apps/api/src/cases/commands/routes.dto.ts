/**
 * Request bodies of the routes beside the PP 94/2021 procedure (domain.md "Who else can be reported"):
 * forwarding a non-ASN / BUMD case to the employer (UU 7/2017 Ps 455) and the Sentra Gakkumdu referral with
 * its outcome. Mirrors `CaseCommandMap` field by field, checked at compile time below.
 */
import {
  type CaseCommandMap,
  type CriminalReferralOutcome,
  CRIMINAL_REFERRAL_OUTCOMES,
} from '@netral/domain';
import { type Check, type Mirrors, WithReason } from './command.dto';
import { CivilDate, OneOf, Text } from './validation';

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
  Check<Mirrors<ForwardToEmployerDto, CaseCommandMap['ForwardToEmployer']>>,
  Check<Mirrors<RecordCriminalReferralDto, CaseCommandMap['RecordCriminalReferral']>>,
  Check<Mirrors<RecordCriminalReferralOutcomeDto, CaseCommandMap['RecordCriminalReferralOutcome']>>,
];
