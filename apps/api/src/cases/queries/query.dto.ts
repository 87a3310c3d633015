/**
 * Query-string parameters of the read endpoints. Values arrive as strings and are never coerced silently:
 * numbers and booleans must be written plainly (`limit=20`, `overdue=true`), anything else is a 400.
 */
import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { INSTANT_PATTERN, STAGES } from '@netral/domain';
import { isCivilDate } from '@netral/domain';
import {
  IsIn,
  isISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { AGENCY_PATTERN } from '../../platform';
import { ELECTION_KINDS } from '../commands/command.dto';
import { CASE_DATE_YEARS, isCaseDate } from '../commands/validation';

export const SORT_FIELDS = ['nextDueAt', 'updatedAt', 'createdAt'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

const STAGE_LIST = new RegExp(`^(${STAGES.join('|')})(,(${STAGES.join('|')}))*$`);
const LIMIT = /^(100|[1-9][0-9]?)$/;

/**
 * A real civil date (YYYY-MM-DD: 2026-02-30 and 2026-13-45 are not) or a real ISO-8601 instant with a
 * zone, in years 0001–9999; anything else would reach SQL as an impossible timestamp.
 */
export function isDateOrInstant(value: unknown): boolean {
  if (typeof value !== 'string' || value.startsWith('0000')) return false;
  if (isCivilDate(value)) return true;
  return (
    INSTANT_PATTERN.test(value) && isISO8601(value, { strict: true }) && Number.isFinite(Date.parse(value))
  );
}

const IsDateOrInstant = (message: string) =>
  ValidateBy({
    name: 'isDateOrInstant',
    validator: { validate: isDateOrInstant, defaultMessage: () => message },
  });
/**
 * The end of a range must not come before its start (`field`): a reversed range would answer an empty page
 * that looks like "nothing matched". Checked only when both are valid dates or instants (their own decorators
 * report the rest); instants are compared as times, so zones may differ.
 */
export const NotBefore = (field: string) =>
  ValidateBy({
    name: 'notBefore',
    constraints: [field],
    validator: {
      validate: (value: unknown, args) => {
        const start: unknown = (args?.object as Record<string, unknown>)[field];
        if (!isDateOrInstant(value) || !isDateOrInstant(start)) return true;
        return Date.parse(value as string) >= Date.parse(start as string);
      },
      defaultMessage: (args) => `${args?.property ?? 'the end'} must not be before ${field}`,
    },
  });

/** What a name, NIP or letter number is written with; anything else (quotes, `;`, `<`) is refused. */
const SEARCH_TEXT = /^[\p{L}\p{M}\p{N} .,/'()_-]{1,100}$/u;
/** ISO-8601 durations of weeks, days, hours and minutes (P7D, P2W, PT12H, P1DT6H). */
export const DURATION = /^P(?!$)(\d{1,3}W)?(\d{1,3}D)?(T(?!$)(\d{1,4}H)?(\d{1,5}M)?)?$/;

export class PageQuery {
  @ApiProperty({ required: false, description: 'Page size, 1–100 (default 20)', example: '20' })
  @IsOptional()
  @Matches(LIMIT, { message: 'limit must be a whole number from 1 to 100' })
  limit?: string;

  @ApiProperty({ required: false, description: 'Opaque cursor from the previous page’s `nextCursor`' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  cursor?: string;
}

/**
 * A registration date: a real date in the years a case's dates can fall in (CASE_DATE_YEARS). Year 0000 is a
 * real date on paper, but its start in WIB falls in year -1, which PostgreSQL cannot read: it was a 500.
 */
const IsRegistrationDate = (field: string) =>
  ValidateBy({
    name: 'isCivilDate',
    validator: {
      validate: isCaseDate,
      defaultMessage: () =>
        `${field} must be a real date (YYYY-MM-DD) in the years ${CASE_DATE_YEARS.from}–${CASE_DATE_YEARS.to}`,
    },
  });

/**
 * The filters the case search and the statistics share, so a view of the statistics is the view of a
 * search (one definition; the SQL is in case-filters.ts).
 */
export class CaseFilterQuery {
  @ApiProperty({
    required: false,
    description: `Stage, or several separated by commas: ${STAGES.filter((s) => s !== 'none').join(', ')}`,
    example: 'clarification,examination',
  })
  @IsOptional()
  @Matches(STAGE_LIST, { message: `stage must be one or more of ${STAGES.join(', ')} (comma-separated)` })
  stage?: string;

  @ApiProperty({
    required: false,
    description: 'Agency slug; only within your own scope (national tokens may pick any)',
    example: 'kota-bekasi',
  })
  @IsOptional()
  @Matches(AGENCY_PATTERN, { message: 'agency must be an agency slug such as kota-bekasi' })
  agency?: string;

  @ApiProperty({ required: false, description: 'Violation type code', example: 'PP94_5N_1_IKUT_KAMPANYE' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_]{1,100}$/, { message: 'violationType must be a violation code' })
  violationType?: string;

  @ApiProperty({ required: false, description: 'Assigned case officer (user id)', example: 'officer-ani' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  officerId?: string;

  @ApiProperty({
    required: false,
    enum: ['true', 'false'],
    description:
      'true: cases with an open deadline the system could not compute or record, which nobody counts (`deadlinesNotTracked` of GET /cases/{id}); false: cases without one',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  deadlinesNotTracked?: string;

  @ApiProperty({ required: false, enum: ELECTION_KINDS, description: 'Election the violation concerns' })
  @IsOptional()
  @IsIn([...ELECTION_KINDS])
  electionKind?: (typeof ELECTION_KINDS)[number];

  @ApiProperty({ required: false, description: 'Year of that election', example: '2024' })
  @IsOptional()
  @Matches(/^(20\d\d|2100)$/, { message: 'electionYear must be a year from 2000 to 2100' })
  electionYear?: string;

  @ApiProperty({
    required: false,
    description: 'Registered on or after this date (YYYY-MM-DD, from 00:00 WIB)',
    example: '2026-01-01',
  })
  @IsOptional()
  @IsRegistrationDate('registeredFrom')
  registeredFrom?: string;

  @ApiProperty({
    required: false,
    description: 'Registered on or before this date (YYYY-MM-DD, until 24:00 WIB)',
    example: '2026-12-31',
  })
  @IsOptional()
  @IsRegistrationDate('registeredTo')
  @NotBefore('registeredFrom')
  registeredTo?: string;
}

export class ListCasesQuery extends IntersectionType(PageQuery, CaseFilterQuery) {
  @ApiProperty({
    required: false,
    enum: ['true', 'false'],
    description: 'true: the earliest open deadline has passed; false: it has not (or there is none)',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: string;

  @ApiProperty({
    required: false,
    description:
      'Next deadline before this instant (ISO-8601) or date (YYYY-MM-DD, from 00:00 WIB of that day)',
    example: '2025-03-01',
  })
  @IsOptional()
  @IsDateOrInstant('dueBefore must be a real date (YYYY-MM-DD) or an ISO-8601 instant with zone')
  dueBefore?: string;

  @ApiProperty({
    required: false,
    description:
      'Text search (case-insensitive substring) in the reported ASN’s name and NIP and in every letter, decree and report number of the case',
    example: 'dedi',
  })
  @IsOptional()
  @IsString()
  @Matches(SEARCH_TEXT, {
    message: "q may hold 1–100 letters, digits, spaces and . , / - _ ' ( ) only",
  })
  q?: string;

  @ApiProperty({ required: false, enum: SORT_FIELDS, description: 'Sort field (default nextDueAt)' })
  @IsOptional()
  @IsIn([...SORT_FIELDS])
  sort?: SortField;

  @ApiProperty({ required: false, enum: SORT_ORDERS, description: 'Sort order (default asc)' })
  @IsOptional()
  @IsIn([...SORT_ORDERS])
  order?: SortOrder;
}

export class WorkListQuery extends PageQuery {}

export class DeadlinesQuery extends PageQuery {
  @ApiProperty({
    required: false,
    enum: ['upcoming', 'overdue'],
    description: 'upcoming: due from now until now + within; overdue: already past due (default upcoming)',
  })
  @IsOptional()
  @IsIn(['upcoming', 'overdue'])
  status?: 'upcoming' | 'overdue';

  @ApiProperty({
    required: false,
    description:
      'ISO-8601 duration. upcoming: how far ahead (default P7D); overdue: at most this long past due (default: no limit)',
    example: 'P7D',
  })
  @IsOptional()
  @Matches(DURATION, { message: 'within must be an ISO-8601 duration such as P7D, P2W or PT12H' })
  within?: string;
}

/** The statistics take the search's filters (without paging, sorting or text search). */
export class StatisticsQuery extends CaseFilterQuery {}

/** Seconds in an ISO-8601 duration matched by DURATION. */
export function durationSeconds(duration: string): number {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(duration);
  if (!m) throw new Error(`not a duration: ${duration}`);
  const [w, d, h, min] = m.slice(1).map((x) => Number(x ?? 0));
  return ((w * 7 + d) * 24 + h) * 3600 + min * 60;
}
