/**
 * SQL of the filters the case search and the statistics share (CaseFilterQuery), over case_summary `s`,
 * with the helpers the queries build their WHERE clauses with.
 */
import { isCivilDate, localTimeToInstant } from '@netral/domain';
import { agencyScope, type AuthenticatedUser } from '../../platform';
import type { CaseFilterQuery } from './query.dto';

/** Dates in filters are days in WIB, the zone of the law's working-day calendar. */
const FILTER_ZONE = 'Asia/Jakarta';

/** Collects SQL conditions with numbered parameters. */
export class Where {
  readonly conditions: string[] = [];
  readonly params: unknown[] = [];

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  add(condition: string): void {
    this.conditions.push(condition);
  }

  sql(): string {
    return this.conditions.length > 0 ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}

/** The agency to filter on: the caller's scope, narrowed by a requested agency; null = nothing visible. */
export function scopedAgency(user: AuthenticatedUser, requested?: string): string | undefined | null {
  const scope = agencyScope(user);
  if (requested === undefined) return scope;
  return scope === undefined || scope === requested ? requested : null;
}

/** `%`, `_` and `\` are literal in a search, not LIKE wildcards. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function instantOf(value: string): string {
  return isCivilDate(value) ? localTimeToInstant(value, '00:00', FILTER_ZONE) : value;
}

/** Adds the shared filters (the caller adds the agency scope, which it narrows first). */
export function addCaseFilters(where: Where, query: Omit<CaseFilterQuery, 'agency'>): void {
  if (query.stage) {
    const stages = query.stage.split(',');
    // One stage as an equality, so the (agency, stage, due) index returns the page in order instead of
    // the due index being scanned past every other stage.
    where.add(
      stages.length === 1
        ? `s.stage = ${where.param(stages[0])}`
        : `s.stage = ANY(${where.param(stages)}::text[])`,
    );
  }
  if (query.violationType) where.add(`s.violation_type = ${where.param(query.violationType)}`);
  if (query.officerId) where.add(`s.officer_id = ${where.param(query.officerId)}`);
  // The partial index over the few cases that have one serves `true`.
  if (query.deadlinesNotTracked === 'true') where.add(`s.untracked_deadlines > 0`);
  if (query.deadlinesNotTracked === 'false') where.add(`s.untracked_deadlines = 0`);
  if (query.electionKind) where.add(`s.state->'election'->>'kind' = ${where.param(query.electionKind)}`);
  if (query.electionYear) where.add(`s.state->'election'->>'year' = ${where.param(query.electionYear)}`);
  if (query.registeredFrom) {
    where.add(`s.created_at >= ${where.param(instantOf(query.registeredFrom))}::timestamptz`);
  }
  if (query.registeredTo) {
    // The whole day: before 00:00 WIB of the next one.
    where.add(`s.created_at < ${where.param(instantOf(query.registeredTo))}::timestamptz + interval '1 day'`);
  }
}
