/**
 * Response schemas of the case after its decision (CaseState in libs/domain/src/case/state.ts): delivery of the
 * decree, keberatan / banding, late objections and the sanction in force.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DELIVERY_METHODS, OBJECTION_OUTCOMES } from '@netral/domain';

export class DeliveryView {
  @ApiProperty({ format: 'date' }) deliveredOn!: string;
  @ApiProperty({ enum: DELIVERY_METHODS }) method!: string;
  @ApiProperty({ example: 'TT-SK-1' }) proofRef!: string;
  @ApiPropertyOptional({ description: 'The address it was sent to when the ASN was absent' })
  lastKnownAddress?: string;
  @ApiProperty({
    enum: ['keberatan', 'banding', 'none'],
    description: 'keberatan, banding administratif to BPASN (dismissals), none (moral sanctions)',
  })
  objectionRoute!: string;
  @ApiProperty({ description: 'Stream version of the DecisionDelivered event (names the objection window)' })
  version!: number;
}

export class AppealAnswerView {
  @ApiProperty({ format: 'date' }) answeredOn!: string;
  @ApiProperty() letterNumber!: string;
}

export class ObjectionOutcomeView {
  @ApiProperty({ enum: OBJECTION_OUTCOMES }) outcome!: string;
  @ApiProperty({ format: 'date' }) decidedOn!: string;
  @ApiProperty() decisionRef!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The sanction that applies after it' })
  sanctionCode!: string | null;
  @ApiProperty({ type: Number, nullable: true }) periodMonths!: number | null;
}

/** Keberatan to the official's superior, or banding administratif to BPASN (PP 79/2021). */
export class ObjectionView {
  @ApiProperty({ enum: ['keberatan', 'banding'] }) kind!: string;
  @ApiProperty({ enum: ['atasan_pejabat', 'BPASN'] }) decidedBy!: string;
  @ApiProperty({ format: 'date' }) filedOn!: string;
  @ApiProperty() grounds!: string;
  @ApiProperty({ example: 'KEB-1/2025' }) reference!: string;
  @ApiProperty({
    enum: ['in_time', 'unverified'],
    description: 'unverified: no calendar was available to check the window',
  })
  timeliness!: string;
  @ApiProperty({ type: AppealAnswerView, nullable: true }) appealAnswer!: AppealAnswerView | null;
  @ApiProperty({ type: ObjectionOutcomeView, nullable: true }) outcome!: ObjectionOutcomeView | null;
}

/** An objection filed after its window: recorded, not decided. */
export class LateObjectionView {
  @ApiProperty({ format: 'date' }) filedOn!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ format: 'date', description: 'The last day of the window it missed' }) dueDate!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class SanctionInForceView {
  @ApiProperty({ example: 'PEMOTONGAN_TPP_25' }) sanctionCode!: string;
  @ApiProperty({ type: Number, nullable: true }) periodMonths!: number | null;
  @ApiProperty({ format: 'date' }) effectiveOn!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Null when not time-bound' })
  endsOn!: string | null;
}
