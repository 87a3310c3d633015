/**
 * Request bodies of the decision stage: approving a departure from the sanction catalogue, the sanction
 * decree and its delivery to the ASN.
 */
import { ApiProperty } from '@nestjs/swagger';
import { type CaseCommandMap, type Delivery, DELIVERY_METHODS } from '@netral/domain';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { CivilDate, LONG_TEXT, OneOf, OptionalPeriodMonths, OptionalText, Text } from '../validation';
import { type Check, type Mirrors } from './mirrors';
import { WithReason } from './with-reason';

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

  @OptionalPeriodMonths('Months, for time-bound sanctions')
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

/** Fails to compile when a DTO drifts from its command. */
export type DecisionDtosMirrorCommands = [
  Check<Mirrors<ApproveSanctionDepartureDto, CaseCommandMap['ApproveSanctionDeparture']>>,
  Check<Mirrors<DecideSanctionDto, CaseCommandMap['DecideSanction']>>,
  Check<Mirrors<RecordDeliveryDto, CaseCommandMap['RecordDelivery']>>,
];
