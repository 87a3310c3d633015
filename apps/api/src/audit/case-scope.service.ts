/**
 * Which agency a case belongs to, and which cases a caller may see. The event store is the source of
 * truth (the agency in the case's `CaseRegistered` event); the case_summary read model only stands in
 * when that event is missing, so that a damaged stream stays in its agency's view (and is then reported by
 * verification) instead of vanishing from it.
 */
import { Inject, Injectable } from '@nestjs/common';
import { CASE_SUMMARY_TABLE } from '@netral/event-store';
import type { DataSource } from 'typeorm';
import { STREAM_ID_PATTERN } from '@netral/domain';
import { DATA_SOURCE } from '../infrastructure';
import { agencyScope, assertAgencyAccess, notFoundProblem, type AuthenticatedUser } from '../platform';

/** Case ids are stream ids: the event store's id rule. Anything else cannot exist (→ 404). */
export { STREAM_ID_PATTERN as CASE_ID_PATTERN };

export interface VisibleCase {
  caseId: string;
  /** The agency handling the case; null only for a stream without registration (national scope only). */
  agency: string | null;
}

@Injectable()
export class CaseScope {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** The case if it exists and the caller may see it; otherwise the one 404 for both. */
  async requireVisible(user: AuthenticatedUser, caseId: string): Promise<VisibleCase> {
    if (!STREAM_ID_PATTERN.test(caseId)) throw notFoundProblem('case');
    const [row] = (await this.dataSource.query(
      `SELECT s.stream_id,
              (SELECT e.data->>'agency' FROM events e
                WHERE e.stream_id = s.stream_id AND e.type = 'CaseRegistered' ORDER BY e.version LIMIT 1)
                AS registered_agency,
              (SELECT c.agency FROM ${CASE_SUMMARY_TABLE} c WHERE c.case_id = s.stream_id) AS summary_agency
       FROM event_streams s WHERE s.stream_id = $1`,
      [caseId],
    )) as { stream_id: string; registered_agency: string | null; summary_agency: string | null }[];
    if (!row) throw notFoundProblem('case');
    const agency = row.registered_agency ?? row.summary_agency;
    // A stream without a registered agency is visible to national scope only.
    assertAgencyAccess(user, agency ?? '\u0000no-agency');
    return { caseId, agency };
  }

  /** Every case in the caller's scope, in id order (national scope: every stream). */
  async visibleCases(user: AuthenticatedUser): Promise<VisibleCase[]> {
    const agency = agencyScope(user);
    const rows = (await this.dataSource.query(
      `SELECT s.stream_id AS case_id,
              coalesce(r.agency, c.agency) AS agency
       FROM event_streams s
       LEFT JOIN LATERAL (SELECT e.data->>'agency' AS agency FROM events e
                          WHERE e.stream_id = s.stream_id AND e.type = 'CaseRegistered'
                          ORDER BY e.version LIMIT 1) r ON true
       LEFT JOIN ${CASE_SUMMARY_TABLE} c ON c.case_id = s.stream_id
       WHERE $1::text IS NULL OR coalesce(r.agency, c.agency) = $1
       ORDER BY s.stream_id`,
      [agency ?? null],
    )) as { case_id: string; agency: string | null }[];
    return rows.map((r) => ({ caseId: r.case_id, agency: r.agency }));
  }
}
