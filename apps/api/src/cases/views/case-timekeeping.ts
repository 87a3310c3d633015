/**
 * Response schemas of the case's recorded deadlines, reminders and escalations (CaseState in
 * libs/domain/src/case/state.ts; the rules are in GET /catalogues deadlinePolicy).
 */
import { ApiProperty } from '@nestjs/swagger';
import { STAGES, UNTRACKED_REASONS } from '@netral/domain';

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

/**
 * A deadline the system could not compute or record (DeadlineNotTracked), so that nobody counts it: the value
 * of the `untrackedDeadlines` map and the items of `deadlinesNotTracked`. A component of its own for the map
 * (see RecordedDeadlineView).
 */
export class UntrackedDeadlineView {
  @ApiProperty({ example: 'clarification@3' }) deadlineId!: string;
  @ApiProperty({ example: 'clarification' }) ruleId!: string;
  @ApiProperty({ enum: STAGES }) stage!: string;
  @ApiProperty({
    enum: UNTRACKED_REASONS,
    description:
      'calendar_not_covering: the working-day calendar does not cover its dates (tried again daily while it is open); not_planned: computing it failed otherwise; append_refused: the event store refused its record; timer_refused: the system command of one of its timers was refused',
  })
  reason!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'For timer_refused: the timer (reminder, escalation, MarkSanctionInForce, …)',
  })
  timer!: string | null;
  @ApiProperty({ format: 'date-time', description: 'When the system recorded it' }) at!: string;
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
