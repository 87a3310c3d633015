/**
 * Read endpoints, from the read models (never from the workflows), all limited to the caller's agency scope.
 */
import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AllowedCommand,
  type CaseState,
  DEFAULT_DEADLINE_POLICY,
  type UntrackedDeadline,
  allowedCommands,
  untrackedDeadlines,
} from '@netral/domain';
import type { Response } from 'express';
import { ALL_AGENCIES, type AuthenticatedUser, CurrentUser } from '../../platform';
import { CaseIdParam, CaseIdPipe, NotFoundResponse, setETag } from '../http';
import { CaseListView, CaseStateView, DeadlineListView, StatisticsView, WorkListView } from '../views';
import { RecordedDeadlineView, UntrackedDeadlineView } from '../views/case-timekeeping';
import { type CaseSummaryItem, type WorkListItem } from './case-list.query';
import { CaseQueryService } from './case-query.service';
import { type Page } from './cursor';
import { type DeadlineItem } from './deadline-list.query';
// Value imports on purpose: the validation pipe reads these classes from the parameters' design types.
import { DeadlinesQuery, ListCasesQuery, StatisticsQuery, WorkListQuery } from './query.dto';
import { type Statistics } from './statistics.query';

@ApiTags('case queries')
// The value schemas of CaseStateView.deadlines and .untrackedDeadlines (maps): Nest registers them only here.
@ApiExtraModels(RecordedDeadlineView, UntrackedDeadlineView)
@Controller()
export class CaseQueriesController {
  constructor(@Inject(CaseQueryService) private readonly queries: CaseQueryService) {}

  @Get('cases')
  @ApiOperation({
    operationId: 'listCases',
    summary: 'List and search cases',
    description:
      'Cases of your agency scope, filtered and sorted, one page at a time. Pass `nextCursor` as `cursor` for the next page: pages are stable when cases are added meanwhile. A cursor only works with the filters and sort it came from.',
  })
  @ApiOkResponse({ type: CaseListView })
  listCases(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListCasesQuery,
  ): Promise<Page<CaseSummaryItem>> {
    return this.queries.listCases(user, query);
  }

  @Get('cases/:id')
  @ApiOperation({
    operationId: 'getCase',
    summary: 'One case',
    description:
      'The case as recorded, with its version in ETag. The reporter’s identity (`confidential.reporter`) is shown to supervisors, PPK, auditors and admins only. `deadlinesNotTracked` lists the open deadlines the system could not compute or record (nobody counts them). `allowedCommands` lists the commands you may issue on it now (role, agency, assignment, stage and preconditions hold; the payload may still be refused); auditors get none.',
  })
  @CaseIdParam()
  @ApiOkResponse({
    type: CaseStateView,
    headers: { ETag: { description: 'The case version, e.g. "12"', schema: { type: 'string' } } },
  })
  @NotFoundResponse()
  async getCase(
    @Param('id', CaseIdPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<
    CaseState & {
      allowedCommands: AllowedCommand[];
      superiorCaseOf: string[];
      deadlinesNotTracked: UntrackedDeadline[];
    }
  > {
    const state = await this.queries.getCase(user, id);
    const superiorCaseOf = await this.queries.superiorCaseOf(user, id);
    setETag(res, state.version);
    // A national admin acts within the case's agency, as the command service does.
    const agency = user.agency === ALL_AGENCIES ? (state.agency ?? user.agency) : user.agency;
    return {
      ...state,
      superiorCaseOf,
      // Counted as the read model counts them (case_summary.untracked_deadlines), with the bundled policy.
      deadlinesNotTracked: untrackedDeadlines(state, DEFAULT_DEADLINE_POLICY),
      allowedCommands: allowedCommands(state, { id: user.id, role: user.role, agency }),
    };
  }

  @Get('work-list')
  @ApiOperation({
    operationId: 'workList',
    summary: 'My work list',
    description:
      'Open cases, earliest next deadline first, each with that deadline. Officers get the cases assigned to them; supervisors, PPK, auditors and admins the open cases of their agency scope.',
  })
  @ApiOkResponse({ type: WorkListView })
  workList(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: WorkListQuery,
  ): Promise<Page<WorkListItem>> {
    return this.queries.workList(user, query);
  }

  @Get('deadlines')
  @ApiOperation({
    operationId: 'deadlines',
    summary: 'Upcoming and overdue deadlines',
    description:
      'Open statutory and internal deadlines of the cases in your scope. `upcoming`: due between now and now + `within` (default P7D), soonest first. `overdue`: past due and not yet met, longest overdue first; with `within`, only those that fell due in that period.',
  })
  @ApiOkResponse({ type: DeadlineListView })
  async deadlines(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: DeadlinesQuery,
  ): Promise<Page<DeadlineItem>> {
    return this.queries.deadlines(user, query);
  }

  @Get('statistics')
  @ApiOperation({
    operationId: 'statistics',
    summary: 'Case statistics',
    description: [
      'Figures over the cases of your scope (or one agency in it), computed now from the read models:',
      '- `totalCases`, `openCases` (not closed), `overdueCases` (earliest open deadline passed);',
      '- `byStage`, `byViolationType`, `byAgency`: number of cases per current stage, violation type, agency;',
      '- `bySanction`: cases per sanction that applies now (the decided sanction, or the one set on keberatan/banding; annulled ones are not counted);',
      '- `recommendationFollowUp`: recommendation letters (Bawaslu, KASN/BKN) recorded on the cases, how many the PPK followed up (a tindak lanjut recorded after the letter), and the rate followedUp / received (null when none);',
      '- `medianDaysPerStage`: for each stage, the median of the calendar days between entering and leaving it, over completed stays (the stage a case is in now does not count).',
    ].join('\n'),
  })
  @ApiOkResponse({ type: StatisticsView })
  statistics(@CurrentUser() user: AuthenticatedUser, @Query() query: StatisticsQuery): Promise<Statistics> {
    return this.queries.statistics(user, query);
  }
}
