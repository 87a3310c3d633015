// Small structural checks for data an administrator can amend: bad data is refused with INVALID_DATA naming
// the offending field, never a crash later inside decide().
import { DomainError } from '../errors';
import { isCivilDate } from '../time';

export type Json = Record<string, unknown>;

export function fail(where: string, problem: string): never {
  throw new DomainError('INVALID_DATA', `${where}: ${problem}`, { where });
}

export function asObject(value: unknown, where: string): Json {
  if (!value || typeof value !== 'object' || Array.isArray(value)) fail(where, 'expected an object');
  return value as Json;
}

export function asArray(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) fail(where, 'expected an array');
  return value;
}

export function asString(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) fail(where, 'expected a non-empty string');
  return value;
}

export function asDate(value: unknown, where: string): string {
  if (!isCivilDate(value)) fail(where, 'expected a YYYY-MM-DD date');
  return value;
}

export function asOneOf<T extends string>(value: unknown, allowed: readonly T[], where: string): T {
  if (typeof value !== 'string' || !allowed.includes(value as T))
    fail(where, `expected one of ${allowed.join(', ')}`);
  return value as T;
}

export function asNonNegativeInt(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    fail(where, 'expected an integer ≥ 0');
  return value;
}

export function asBoolean(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') fail(where, 'expected true or false');
  return value;
}
