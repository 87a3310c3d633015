/**
 * Reads for the HTTP API, from the read models only (case_summary, case_deadlines; the reporter's identity
 * from its event for the roles allowed to see it), never from the workflows. Every query is limited to the
 * caller's agency scope. Lists use keyset pagination on indexes that end in the case id (see the read-model
 * migration), so a page costs the same at 100,000 cases as at 100.
 *
 * The service reads one case itself; the lists, the deadlines and the statistics each live in the module of
 * their concept (case-list.query.ts, deadline-list.query.ts, statistics.query.ts), which it delegates to.
 */
import { Inject, Injectable } from '@nestjs/common';
import { type CaseState, mayReadConfidential, type ReporterIdentity } from '@netral/domain';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../../infrastructure';
import {
  type AuthenticatedUser,
  type DeadlineCounts,
  canAccessAgency,
  notFoundProblem,
} from '../../platform';
import { type CaseSummaryItem, listCases, workList, type WorkListItem } from './case-list.query';
import type { Page } from './cursor';
import { type DeadlineItem, deadlineCounts, listDeadlines } from './deadline-list.query';
import type { DeadlinesQuery, ListCasesQuery, StatisticsQuery, WorkListQuery } from './query.dto';
import { type Statistics, statistics } from './statistics.query';

@Injectable()
export class CaseQueryService {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** GET /cases/{id}: the stored state, the reporter's identity only for roles allowed to see it. */
  async getCase(user: AuthenticatedUser, caseId: string): Promise<CaseState> {
    const [row] = (await this.dataSource.query(`SELECT agency, state FROM case_summary WHERE case_id = $1`, [
      caseId,
    ])) as { agency: string; state: CaseState }[];
    if (!row || !canAccessAgency(user, row.agency)) throw notFoundProblem('case');
    // The read model never holds the identity; its event does.
    if (!mayReadConfidential(user.role)) return row.state;
    const [identity] = (await this.dataSource.query(
      `SELECT data->'reporter' AS reporter FROM events
       WHERE stream_id = $1 AND type = 'ReporterIdentityRecorded' ORDER BY version DESC LIMIT 1`,
      [caseId],
    )) as { reporter: ReporterIdentity }[];
    return { ...row.state, confidential: { reporter: identity?.reporter ?? null } };
  }

  /**
   * The cases that linked this one as the case against their ASN's direct superior (PP 94/2021 Ps 28), so the
   * link shows from both sides; only those the caller's agency scope may read.
   */
  async superiorCaseOf(user: AuthenticatedUser, caseId: string): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT case_id, agency FROM case_summary WHERE state->'superiorCase'->>'linkedCaseId' = $1 ORDER BY case_id`,
      [caseId],
    )) as { case_id: string; agency: string }[];
    return rows.filter((r) => canAccessAgency(user, r.agency)).map((r) => r.case_id);
  }

  /** GET /cases */
  listCases(user: AuthenticatedUser, query: ListCasesQuery): Promise<Page<CaseSummaryItem>> {
    return listCases(this.dataSource, user, query);
  }

  /** GET /work-list: the caller's open cases, earliest next deadline first. */
  workList(user: AuthenticatedUser, query: WorkListQuery): Promise<Page<WorkListItem>> {
    return workList(this.dataSource, user, query);
  }

  /** GET /deadlines: open deadlines in scope, soonest (or longest overdue) first. */
  deadlines(user: AuthenticatedUser, query: DeadlinesQuery): Promise<Page<DeadlineItem>> {
    return listDeadlines(this.dataSource, user, query);
  }

  /** GET /statistics (each figure is defined in the OpenAPI description of the endpoint). */
  statistics(user: AuthenticatedUser, query: StatisticsQuery): Promise<Statistics> {
    return statistics(this.dataSource, user, query);
  }

  /** Open deadlines due within the reminder window and past due, for the metrics gauges. */
  deadlineCounts(): Promise<DeadlineCounts> {
    return deadlineCounts(this.dataSource);
  }
}
