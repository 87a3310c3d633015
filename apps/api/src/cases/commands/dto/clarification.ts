/**
 * Request bodies of the clarification stage: the clarification by Inspektorat or BKPSDM and its result, or
 * the recommendation of Bawaslu / KASN / BKN that stands in for it.
 */
import { ApiProperty } from '@nestjs/swagger';
import {
  type CaseCommandMap,
  type Clarification,
  type RecommendingBody,
  CLARIFYING_BODIES,
  RECOMMENDING_BODIES,
  SANCTION_LEVELS,
} from '@netral/domain';
import { IsBoolean, IsOptional } from 'class-validator';
import { CivilDate, LONG_TEXT, OneOf, OptionalText, Text } from '../validation';
import { type Check, type Mirrors } from './mirrors';
import { WithReason } from './with-reason';

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

/** Fails to compile when a DTO drifts from its command. */
export type ClarificationDtosMirrorCommands = [
  Check<Mirrors<StartClarificationDto, CaseCommandMap['StartClarification']>>,
  Check<Mirrors<RecordClarificationResultDto, CaseCommandMap['RecordClarificationResult']>>,
  Check<Mirrors<RecordRecommendationDto, CaseCommandMap['RecordRecommendation']>>,
];
