/** Request and response shapes of the deadline policy endpoints (OpenAPI: every field named and typed). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEADLINE_RULE_IDS, RECIPIENT_ROLES } from '@netral/domain';
import {
  ArrayMaxSize,
  IsArray,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { POLICY_VERSION_PATTERN, type PublishedPolicy } from './deadline-policy.service';

export class EscalationStepView {
  @ApiProperty({ example: 1 }) step!: number;
  @ApiProperty({ enum: RECIPIENT_ROLES }) recipientRole!: string;
  @ApiProperty({ description: 'Units of the rule after the due date; 0 = when it passes', example: 0 })
  after!: number;
}

export class DeadlineRuleView {
  @ApiProperty({ enum: DEADLINE_RULE_IDS }) id!: string;
  @ApiProperty({ example: 'Tenggat keberatan' }) name!: string;
  @ApiProperty({ example: 'window for the ASN to file a keberatan' }) gloss!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'null only for sanction_period', example: 14 })
  length!: number | null;
  @ApiProperty({ enum: ['working_days', 'calendar_days', 'months'] }) unit!: string;
  @ApiProperty({ type: [Number], description: 'Reminders this many units before the due date' })
  reminderOffsets!: number[];
  @ApiProperty({ type: [EscalationStepView] }) escalation!: EscalationStepView[];
  @ApiProperty({ enum: ['escalate', 'MarkSanctionInForce', 'MarkSanctionPeriodServed'] }) onDue!: string;
  @ApiProperty({ type: [String], description: 'Commands that meet the deadline' }) expects!: string[];
  @ApiProperty({ enum: ['C', 'S', 'I'], description: 'C: certain, S: supported, I: internal setting' })
  confidence!: string;
  @ApiProperty({ example: 'PerBKN 6/2022 Ps 50(1) [S]' }) legalBasis!: string;
}

export class DeadlinePolicyParametersView {
  @ApiProperty({ example: 7 }) summonsMinimumNoticeWorkingDays!: number;
  @ApiProperty({ type: Number, nullable: true, example: 15 }) inForceOnWorkingDayAfterReceipt!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: null }) inForceDaysAfterObjectionWindow!:
    number | null;
  @ApiProperty({ example: 60 }) backdatingHorizonDays!: number;
  @ApiProperty({ example: '08:00' }) reminderTimeOfDay!: string;
}

export class DeadlinePolicyDocument {
  @ApiProperty({ example: '2026.2', pattern: POLICY_VERSION_PATTERN.source }) version!: string;
  @ApiProperty({ type: DeadlinePolicyParametersView }) parameters!: DeadlinePolicyParametersView;
  @ApiProperty({ type: [DeadlineRuleView] }) rules!: DeadlineRuleView[];
}

export class DeadlinePolicyVersionView {
  @ApiProperty({ example: '2026.1' }) version!: string;
  @ApiProperty({ description: 'Why it was published' }) reason!: string;
  @ApiProperty({ description: 'Who published it (netral: bundled)' }) publishedBy!: string;
  @ApiProperty({ format: 'date-time' }) publishedAt!: string;
  @ApiProperty({ description: 'SHA-256 of the policy content' }) contentHash!: string;
  @ApiProperty({ type: DeadlinePolicyDocument }) policy!: DeadlinePolicyDocument;
}

export function versionView(p: PublishedPolicy): DeadlinePolicyVersionView {
  return {
    version: p.version,
    reason: p.reason,
    publishedBy: p.publishedBy,
    publishedAt: p.publishedAt,
    contentHash: p.contentHash,
    policy: p.policy as unknown as DeadlinePolicyDocument,
  };
}

export class PublishDeadlinePolicyDto {
  @ApiProperty({ description: 'Why this version is published (recorded)', example: 'Koreksi SE BKN 2026' })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason!: string;

  @ApiProperty({
    type: DeadlinePolicyDocument,
    description: 'The whole policy: every rule with its length, unit, legal basis and confidence',
  })
  @IsObject()
  policy!: Record<string, unknown>;
}

export class MigrateDeadlinePolicyDto {
  @ApiProperty({ description: 'A published version (GET /deadline-policies)', example: '2026.2' })
  @IsString()
  @Matches(POLICY_VERSION_PATTERN)
  toVersion!: string;

  @ApiProperty({ description: 'Why the case moves to it (recorded on the event)', example: 'Koreksi SE BKN' })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason!: string;
}

export class PolicyMigrationFilterDto {
  @ApiPropertyOptional({ type: [String], description: 'Only cases in these stages' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  stages?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Only these cases' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  caseIds?: string[];
}

export class BulkPolicyMigrationDto extends MigrateDeadlinePolicyDto {
  @ApiPropertyOptional({ type: PolicyMigrationFilterDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PolicyMigrationFilterDto)
  filter?: PolicyMigrationFilterDto;
}

export class PolicyMigrationRefusalView {
  @ApiProperty() caseId!: string;
  @ApiProperty({ example: 'WRONG_AGENCY' }) code!: string;
  @ApiProperty() detail!: string;
}

export class PolicyMigrationReportView {
  @ApiProperty({ example: '2026.2' }) toVersion!: string;
  @ApiProperty({ description: 'Open cases in scope that matched the filter' }) considered!: number;
  @ApiProperty({ description: 'Moved to the version by this request' }) migrated!: number;
  @ApiProperty({ description: 'Already on the version' }) already!: number;
  @ApiProperty({ description: 'Refused (see refusals)' }) refused!: number;
  @ApiProperty({ type: [String] }) migratedCaseIds!: string[];
  @ApiProperty({ type: [PolicyMigrationRefusalView] }) refusals!: PolicyMigrationRefusalView[];
}
