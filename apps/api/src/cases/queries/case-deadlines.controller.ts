/**
 * Deadlines as an officer reads them: for one case, each open deadline with its legal basis, the working
 * days left (counted on the working calendar: weekends, national holidays and cuti bersama) and the
 * escalation chain; and the calendar itself, so date fields can mark the days that do not count.
 * Computed here, with the domain's functions, so the console re-implements no legal rule.
 */
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import {
  type CaseState,
  isCivilDate,
  legalBasisInIndonesian,
  localDateOf,
  openDeadlines,
  workingDaysBetween,
  type Instant,
} from '@netral/domain';
import { currentIndonesianCalendar } from '@netral/workflows';
import { IsOptional, Matches } from 'class-validator';
import { type AuthenticatedUser, CurrentUser, ProblemException } from '../../platform';
import { CaseIdParam, CaseIdPipe, NotFoundResponse } from '../http';
import { CasePolicies } from './case-policy';
import { CaseQueryService } from './case-query.service';

const TIME_ZONE = /^Asia\/(Jakarta|Makassar|Jayapura)$/;

export class EscalationStepView {
  @ApiProperty({ example: 1 }) step!: number;
  @ApiProperty({ example: 'supervisor' }) recipientRole!: string;
  @ApiProperty({ description: 'Units (of the rule) after the due date; 0 = when it passes' }) after!: number;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When this step was taken, if it was',
  })
  takenAt!: string | null;
}

export class CaseDeadlineView {
  @ApiProperty({ example: 'clarification@3' }) deadlineId!: string;
  @ApiProperty({ example: 'clarification' }) ruleId!: string;
  @ApiProperty({ example: 'klarifikasi' }) name!: string;
  @ApiProperty({ example: 'clarification' }) gloss!: string;
  @ApiProperty({ example: 'PP 94/2021 Ps 27' }) legalBasis!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Target layanan internal [I]',
    description:
      'The legal basis in Bahasa Indonesia, with the same citations; null when no translation of this exact text is known (show legalBasis)',
  })
  legalBasisId!: string | null;
  @ApiProperty({ enum: ['C', 'S', 'I'], description: 'C confirmed, S secondary source, I a setting' })
  confidence!: string;
  @ApiProperty() stage!: string;
  @ApiProperty({ example: 14 }) length!: number;
  @ApiProperty({ enum: ['working_days', 'calendar_days', 'months'] }) unit!: string;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'null until the workflow has recorded it',
  })
  dueDate!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt!: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Working days from today to the due date; negative when late',
  })
  workingDaysLeft!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Calendar days from today to the due date' })
  calendarDaysLeft!: number | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'ID-2026.1+date-holidays@3.37.0' }) calendarVersion!:
    string | null;
  @ApiProperty({ example: 'bkn-2024.1' }) policyVersion!: string;
  @ApiProperty({ description: 'Reminders sent' }) reminders!: number;
  @ApiProperty({ type: [EscalationStepView] }) escalation!: EscalationStepView[];
  @ApiProperty({ type: [String], description: 'Commands that meet it' }) expects!: string[];
}

export class CaseDeadlinesView {
  @ApiProperty() caseId!: string;
  @ApiProperty({ format: 'date', description: 'Today in the case’s time zone' }) today!: string;
  @ApiProperty({ type: [CaseDeadlineView] }) items!: CaseDeadlineView[];
}

export class NonWorkingDayView {
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ enum: ['national_holiday', 'cuti_bersama'] }) kind!: string;
  @ApiProperty({ example: 'Hari Raya Idul Fitri' }) name!: string;
}

export class CalendarView {
  @ApiProperty({ example: 'ID-2026.1+date-holidays@3.37.0' }) version!: string;
  @ApiProperty({ example: 'Asia/Jakarta' }) timeZone!: string;
  @ApiProperty({ type: [Number], description: 'ISO weekdays that are working days (1 = Monday)' })
  workingWeekdays!: number[];
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ type: [Number] }) provisionalYears!: number[];
  @ApiProperty({ type: [NonWorkingDayView], description: 'Holidays and cuti bersama in the range' })
  nonWorkingDays!: NonWorkingDayView[];
}

export class CalendarQuery {
  @ApiProperty({ format: 'date', description: 'First day (default: today)', required: false })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be YYYY-MM-DD' })
  from?: string;
  @ApiProperty({
    format: 'date',
    description: 'Last day (default: from + 1 year; at most 2 years)',
    required: false,
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be YYYY-MM-DD' })
  to?: string;
  @ApiProperty({ required: false, example: 'Asia/Jakarta' })
  @IsOptional()
  @Matches(TIME_ZONE, { message: 'timeZone must be Asia/Jakarta, Asia/Makassar or Asia/Jayapura' })
  timeZone?: string;
}

@ApiTags('case queries')
@Controller()
export class CaseDeadlinesController {
  private readonly calendarFor = currentIndonesianCalendar();

  constructor(
    @Inject(CaseQueryService) private readonly queries: CaseQueryService,
    @Inject(CasePolicies) private readonly policies: CasePolicies,
  ) {}

  @Get('cases/:id/deadlines')
  @ApiOperation({
    operationId: 'caseDeadlines',
    summary: 'Open deadlines of one case, with working days left and the escalation chain',
  })
  @CaseIdParam()
  @ApiOkResponse({ type: CaseDeadlinesView })
  @NotFoundResponse()
  async caseDeadlines(
    @Param('id', CaseIdPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<CaseDeadlinesView> {
    const state: CaseState = await this.queries.getCase(user, id);
    const calendar = this.calendarFor(state.timeZone);
    const now = new Date().toISOString();
    const today = localDateOf(now as Instant, state.timeZone);
    // Described by the case's own policy version: its recorded due dates follow that version's rules.
    const policy = await this.policies.policyOf(state);
    const items = openDeadlines(state, policy).map((d): CaseDeadlineView => {
      const recorded = d.recorded ?? state.deadlines[d.deadlineId] ?? null;
      const dueDate = recorded?.dueDate ?? null;
      const covered = dueDate !== null && dueDate >= calendar.coveredFrom && dueDate <= calendar.coveredTo;
      return {
        deadlineId: d.deadlineId,
        ruleId: d.ruleId,
        name: d.name,
        gloss: d.gloss,
        legalBasis: d.legalBasis,
        legalBasisId: legalBasisInIndonesian(d.legalBasis),
        confidence: d.confidence,
        stage: d.stage,
        length: d.length,
        unit: d.unit,
        dueDate,
        dueAt: recorded?.dueAt ?? null,
        workingDaysLeft:
          covered && today >= calendar.coveredFrom ? workingDaysBetween(calendar, today, dueDate) : null,
        calendarDaysLeft:
          dueDate === null ? null : Math.round((Date.parse(dueDate) - Date.parse(today)) / 86_400_000),
        overdue: recorded !== null && recorded.dueAt < now,
        calendarVersion: recorded?.calendarVersion ?? null,
        policyVersion: recorded?.policyVersion ?? d.policyVersion,
        reminders: state.reminders.filter((r) => r.deadlineId === d.deadlineId).length,
        escalation: d.escalation.map((e) => ({
          step: e.step,
          recipientRole: e.recipientRole,
          after: e.after,
          takenAt:
            state.escalations.find((x) => x.deadlineId === d.deadlineId && x.step === e.step)?.at ?? null,
        })),
        expects: [...d.expects],
      };
    });
    return { caseId: id, today, items };
  }

  @Get('calendar')
  @ApiOperation({
    operationId: 'workingCalendar',
    summary: 'The working calendar: holidays and cuti bersama (weekends are not listed)',
  })
  @ApiOkResponse({ type: CalendarView })
  calendar(@Query() query: CalendarQuery): CalendarView {
    const timeZone = query.timeZone ?? 'Asia/Jakarta';
    const calendar = this.calendarFor(timeZone);
    const from = query.from ?? localDateOf(new Date().toISOString() as Instant, timeZone);
    const to = query.to ?? `${Number(from.slice(0, 4)) + 1}${from.slice(4)}`;
    if (
      !isCivilDate(from) ||
      !isCivilDate(to) ||
      to < from ||
      Date.parse(to) - Date.parse(from) > 731 * 86_400_000
    ) {
      throw new ProblemException({
        status: 400,
        code: 'VALIDATION_FAILED',
        detail: 'The request is invalid: from and to must be real dates, in order, at most two years apart.',
        detailId:
          'Permintaan tidak valid: from dan to harus tanggal yang sah, berurutan, paling lama dua tahun.',
      });
    }
    return {
      version: calendar.version,
      timeZone,
      workingWeekdays: [...calendar.workingWeekdays],
      from,
      to,
      provisionalYears: [...calendar.provisionalYears],
      nonWorkingDays: calendar.nonWorkingDays
        .filter((d) => d.date >= from && d.date <= to)
        .map((d) => ({ date: d.date, kind: d.kind, name: d.name })),
    };
  }
}
