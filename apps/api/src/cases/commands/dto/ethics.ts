/** Request bodies of the ethics track: convening the Majelis Kode Etik and recording its recommendation. */
import { ApiProperty } from '@nestjs/swagger';
import { type CaseCommandMap } from '@netral/domain';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsNotEmpty,
  IsString,
  MaxLength,
} from 'class-validator';
import { CivilDate, OptionalText, SHORT_TEXT, Text } from '../validation';
import { type Check, type Mirrors } from './mirrors';
import { WithReason } from './with-reason';

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

/** Fails to compile when a DTO drifts from its command. */
export type EthicsDtosMirrorCommands = [
  Check<Mirrors<ConveneMajelisKodeEtikDto, CaseCommandMap['ConveneMajelisKodeEtik']>>,
  Check<Mirrors<RecordMajelisRecommendationDto, CaseCommandMap['RecordMajelisRecommendation']>>,
];
