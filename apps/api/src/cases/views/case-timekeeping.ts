/**
 * Response schemas of the case's recorded deadlines, reminders and escalations (CaseState in
 * libs/domain/src/case/state.ts; the rules are in GET /catalogues deadlinePolicy).
 */
import { ApiProperty } from '@nestjs/swagger';
import { STAGES } from '@netral/domain';

/**
 * One recorded deadline, the value of the `deadlines` map (keyed by deadlineId). A component of its own, so
 * clients get its enums; Nest registers a map's value class only through @ApiExtraModels (CaseQueriesController).
 */
export class RecordedDeadlineView {
  @ApiProperty({ example: 'clarification@3' }) deadlineId!: string;
  @ApiProperty({ example: 'clarification' }) ruleId!: string;
  @ApiProperty({ enum: STAGES }) stage!: string;
  @ApiProperty({ description: 'The date the deadline counts from', example: '2025-01-06' }) anchor!: string;
  @ApiProperty({ example: 14 }) length!: number;
  @ApiProperty({ enum: ['working_days', 'calendar_days', 'months'] }) unit!: string;
  @ApiProperty({ format: 'date' }) dueDate!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ example: 'id-2025.3' }) calendarVersion!: string;
  @ApiProperty({ description: 'Deadline policy version it was computed with', example: '2026.2' })
  policyVersion!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class ReminderRecordView {
  @ApiProperty({ example: 'clarification@3' }) deadlineId!: string;
  @ApiProperty({ description: "Days (in the deadline's unit) before the due date", example: 3 })
  offset!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class EscalationRecordView {
  @ApiProperty({ example: 'first_summons@7' }) deadlineId!: string;
  @ApiProperty({ example: 1 }) step!: number;
  @ApiProperty({ example: 'supervisor' }) recipientRole!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextDueAt!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
}
