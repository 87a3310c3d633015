/**
 * Response schemas of the case lists: the summaries of GET /cases, the officer's work list, the deadline list
 * and the statistics. The case in detail is in ../views.ts.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STAGES } from '@netral/domain';

import { ReportedAsnView } from './reported-asn';

export class CaseSummaryView {
  @ApiProperty({ example: 'NTR-7KQ2M9XD4HBA' }) caseId!: string;
  @ApiProperty({ example: 'kota-bekasi' }) agency!: string;
  @ApiProperty({ enum: STAGES }) stage!: string;
  @ApiProperty({ type: String, nullable: true, example: 'PP94_5N_1_IKUT_KAMPANYE' }) violationType!:
    string | null;
  @ApiProperty({ type: ReportedAsnView, nullable: true }) reportedAsn!: ReportedAsnView | null;
  @ApiProperty({ type: String, nullable: true, example: 'officer-ani' }) officerId!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Earliest open deadline' })
  nextDueAt!: string | null;
  @ApiProperty({ description: 'The earliest open deadline has passed' }) overdue!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Sanction that applies (decided or changed on objection)',
  })
  sanctionCode!: string | null;
  @ApiProperty({ type: [String], example: ['LAP-001/2025', 'INS/01/2025'] }) letterNumbers!: string[];
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({
    example: 0,
    description:
      'Open deadlines the system could not compute or record, which nobody counts (`deadlinesNotTracked` of GET /cases/{id})',
  })
  untrackedDeadlines!: number;
}

export class CaseListView {
  @ApiProperty({ type: [CaseSummaryView] }) items!: CaseSummaryView[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Cursor of the next page; null on the last page',
  })
  nextCursor!: string | null;
  @ApiProperty({ example: 20 }) limit!: number;
}

export class NextDeadlineView {
  @ApiProperty({ example: 'clarification@3' }) deadlineId!: string;
  @ApiProperty({ example: 'clarification' }) ruleId!: string;
  @ApiProperty({ example: 'Klarifikasi selesai' }) ruleName!: string;
  @ApiProperty({ format: 'date', example: '2025-01-21' }) dueDate!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
}

export class WorkListItemView extends CaseSummaryView {
  @ApiProperty({ type: NextDeadlineView, nullable: true }) nextDeadline!: NextDeadlineView | null;
}

export class WorkListView {
  @ApiProperty({ type: [WorkListItemView] }) items!: WorkListItemView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiProperty({ example: 20 }) limit!: number;
}

export class DeadlineView {
  @ApiProperty({ example: 'NTR-7KQ2M9XD4HBA' }) caseId!: string;
  @ApiProperty({ example: 'kota-bekasi' }) agency!: string;
  @ApiProperty({ example: 'first_summons@7' }) deadlineId!: string;
  @ApiProperty({ example: 'first_summons' }) ruleId!: string;
  @ApiProperty({ example: 'Surat panggilan I' }) ruleName!: string;
  @ApiProperty({ enum: STAGES }) stage!: string;
  @ApiProperty({ format: 'date', example: '2025-01-24' }) dueDate!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ enum: ['upcoming', 'overdue'] }) status!: string;
  @ApiProperty({ description: 'Reminders sent so far' }) reminders!: number;
  @ApiProperty({ description: 'Escalation steps taken so far' }) escalations!: number;
  @ApiProperty({ type: String, nullable: true }) officerId!: string | null;
  @ApiProperty({ type: String, nullable: true }) reportedAsnName!: string | null;
}

export class DeadlineListView {
  @ApiProperty({ type: [DeadlineView] }) items!: DeadlineView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiProperty({ example: 20 }) limit!: number;
}

export class CountView {
  @ApiProperty({ example: 'clarification' }) key!: string;
  @ApiProperty({ example: 12 }) count!: number;
}

export class FollowUpRateView {
  @ApiProperty({ description: 'Recommendation letters recorded on the cases counted' }) received!: number;
  @ApiProperty({ description: 'Of those, followed up by the PPK (tindak lanjut recorded)' })
  followedUp!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'followedUp / received; null when none received',
    example: 0.8,
  })
  rate!: number | null;
}

export class StageDurationView {
  @ApiProperty({ enum: STAGES }) stage!: string;
  @ApiProperty({ description: 'Median days between entering and leaving the stage', example: 6.5 })
  medianDays!: number;
  @ApiProperty({ description: 'Completed stays the median is taken over' }) stays!: number;
}

export class StatisticsView {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The agency counted; null = every agency in scope',
  })
  agency!: string | null;
  @ApiProperty() totalCases!: number;
  @ApiProperty({ description: 'Cases not closed' }) openCases!: number;
  @ApiProperty({ description: 'Cases whose earliest open deadline has passed' }) overdueCases!: number;
  @ApiProperty({ type: [CountView], description: 'Cases per current stage' }) byStage!: CountView[];
  @ApiProperty({ type: [CountView], description: 'Cases per violation type' }) byViolationType!: CountView[];
  @ApiProperty({ type: [CountView], description: 'Cases per sanction that applies (decided cases only)' })
  bySanction!: CountView[];
  @ApiProperty({ type: [CountView], description: 'Cases per agency' }) byAgency!: CountView[];
  @ApiProperty({ type: FollowUpRateView }) recommendationFollowUp!: FollowUpRateView;
  @ApiProperty({ type: [StageDurationView] }) medianDaysPerStage!: StageDurationView[];
}
