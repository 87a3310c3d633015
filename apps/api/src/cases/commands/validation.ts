/**
 * Small validation helpers for the command DTOs: civil dates (`YYYY-MM-DD`, a real calendar day), text
 * fields (non-blank, bounded) and enumerations that must list every member of a domain union.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { isCivilDate, NIP_PATTERN, SANCTION_PERIOD_MONTHS } from '@netral/domain';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
} from 'class-validator';

/**
 * Years a date in a case can fall in. Letters, decrees and hearings of a civil-service case are never older
 * than the modern civil service nor centuries ahead: a year outside is a typo (0025 for 2025), which would
 * otherwise reach deadline arithmetic and the database as an impossible timestamp.
 */
export const CASE_DATE_YEARS = { from: 1900, to: 2999 } as const;

/** A real calendar date; its year within CASE_DATE_YEARS. */
export function isCaseDate(value: unknown): boolean {
  if (!isCivilDate(value)) return false;
  const year = Number(value.slice(0, 4));
  return year >= CASE_DATE_YEARS.from && year <= CASE_DATE_YEARS.to;
}

/** A date without time (tanggal), as the law counts days: `YYYY-MM-DD`, e.g. 2025-01-13. */
export function IsCivilDate() {
  return ValidateBy({
    name: 'isCivilDate',
    validator: {
      validate: isCaseDate,
      defaultMessage: (args) =>
        `${args?.property ?? 'value'} must be a real date as YYYY-MM-DD, in the years ` +
        `${CASE_DATE_YEARS.from}–${CASE_DATE_YEARS.to}`,
    },
  });
}

/** Longest text accepted in a free-text field (a summary, grounds, a justification). */
export const LONG_TEXT = 5_000;
/** Longest name, position, unit or letter number. */
export const SHORT_TEXT = 200;

const NOT_BLANK = /\S/;
/**
 * No markup and no control characters (line breaks and tabs aside) in any text: case data ends up in
 * printed files and HTML timelines, and nothing in a letter number or a summary needs `<` or `>`.
 */
export function isPlainText(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (char === '<' || char === '>' || code === 0x7f) return false;
    if (code < 0x20 && char !== '\n' && char !== '\r' && char !== '\t') return false;
  }
  return true;
}

function IsPlainText() {
  return ValidateBy({
    name: 'isPlainText',
    validator: {
      validate: isPlainText,
      defaultMessage: (args) =>
        `${args?.property ?? 'value'} must be plain text (no < > or control characters)`,
    },
  });
}

/** A required, non-blank string of at most `max` characters. */
export function Text(description: string, example: string, max = SHORT_TEXT) {
  return applyDecorators(
    ApiProperty({ type: String, description, example, maxLength: max }),
    IsString(),
    IsNotEmpty(),
    Matches(NOT_BLANK, { message: '$property must not be blank' }),
    IsPlainText(),
    MaxLength(max),
  );
}

/** An optional (absent or null) non-blank string of at most `max` characters. */
export function OptionalText(description: string, example: string, max = SHORT_TEXT) {
  return applyDecorators(
    ApiProperty({ type: String, description, example, maxLength: max, required: false, nullable: true }),
    IsOptional(),
    IsString(),
    Matches(NOT_BLANK, { message: '$property must not be blank' }),
    IsPlainText(),
    MaxLength(max),
  );
}

export function CivilDate(description: string, example: string, options: { optional?: boolean } = {}) {
  const doc: ApiPropertyOptions = {
    description: `${description} (YYYY-MM-DD)`,
    example,
    type: 'string',
    format: 'date',
    ...(options.optional ? { required: false, nullable: true } : {}),
  };
  return options.optional
    ? applyDecorators(ApiProperty(doc), IsOptional(), IsCivilDate())
    : applyDecorators(ApiProperty(doc), IsCivilDate());
}

// The two below list their decorators bottom-up, in the order TypeScript applies a stack written out on the
// field (where they came from), so that a 400 lists the failed constraints in the same order as before.

/** An optional (absent or null) NIP: 18 digits. */
export function OptionalNip(description: string, example: string) {
  return applyDecorators(
    Matches(NIP_PATTERN, { message: '$property must be 18 digits' }),
    IsString(),
    IsOptional(),
    ApiProperty({ type: String, description, example, required: false, nullable: true }),
  );
}

/** An optional (absent or null) sanction period in whole months, within the domain's bounds. */
export function OptionalPeriodMonths(description: string) {
  return applyDecorators(
    Max(SANCTION_PERIOD_MONTHS.max),
    Min(SANCTION_PERIOD_MONTHS.min),
    IsInt(),
    IsOptional(),
    ApiProperty({ type: Number, description, required: false, nullable: true }),
  );
}

/** Optional but, when present, not null (for command fields typed `field?: T` without `| null`). */
export const IsAbsentOr = () => ValidateIf((_object, value) => value !== undefined);

/** One of `values` (a domain enumeration). `optional`: may be absent or null; `absent`: may be absent only. */
export function OneOf(
  values: readonly (string | number)[],
  description: string,
  options: { optional?: boolean; absent?: boolean; example?: string | number } = {},
) {
  const doc: ApiPropertyOptions = {
    description,
    enum: [...values],
    example: options.example ?? values[0],
    ...(options.optional ? { required: false, nullable: true } : {}),
    ...(options.absent ? { required: false } : {}),
  };
  const rule = IsIn([...values], { message: `$property must be one of: ${values.join(', ')}` });
  if (options.optional) return applyDecorators(ApiProperty(doc), IsOptional(), rule);
  if (options.absent) return applyDecorators(ApiProperty(doc), IsAbsentOr(), rule);
  return applyDecorators(ApiProperty(doc), rule);
}

/**
 * The members of a string union as a runtime list; compilation fails if one is missing or foreign, so the
 * API's enumerations cannot drift from the domain's types.
 */
export function everyMemberOf<T extends string | number>() {
  return <const A extends readonly T[]>(
    ...values: A & ([Exclude<T, A[number]>] extends [never] ? unknown : never)
  ): A => values;
}
