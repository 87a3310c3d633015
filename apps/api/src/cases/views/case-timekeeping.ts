/**
 * Response schemas of the case's recorded deadlines, reminders and escalations (CaseState in
 * libs/domain/src/case/state.ts; the rules are in GET /catalogues deadlinePolicy).
 */
import { ApiProperty, type SchemaObject } from '@nestjs/swagger';
import { STAGES } from '@netral/domain';

/**
 * One recorded deadline, as the value schema of the `deadlines` map (keyed by deadlineId). Inline, not a class:
 * Nest registers component schemas only for classes a controller or property names, not for map values.
 */
export const RECORDED_DEADLINE_SCHEMA: SchemaObject = {
  type: 'object',
  required: [
    'deadlineId',
    'ruleId',
    'stage',
    'anchor',
    'length',
    'unit',
    'dueDate',
    'dueAt',
    'calendarVersion',
    'policyVersion',
    'recordedAt',
  ],
  properties: {
    deadlineId: { type: 'string', example: 'clarification@3' },
    ruleId: { type: 'string', example: 'clarification' },
    stage: { type: 'string', enum: [...STAGES] },
    anchor: { type: 'string', description: 'The date the deadline counts from', example: '2025-01-06' },
    length: { type: 'number', example: 14 },
    unit: { type: 'string', enum: ['working_days', 'calendar_days', 'months'] },
    dueDate: { type: 'string', format: 'date' },
    dueAt: { type: 'string', format: 'date-time' },
    calendarVersion: { type: 'string', example: 'id-2025.3' },
    policyVersion: {
      type: 'string',
      description: 'Deadline policy version it was computed with',
      example: '2026.2',
    },
    recordedAt: { type: 'string', format: 'date-time' },
  },
};

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
