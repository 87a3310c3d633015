// Reading untrusted command payloads (they arrive as JSON from the API): each accessor either returns a
// well-typed value or throws INVALID_COMMAND / INVALID_DATE naming the field, so bad input never crashes.
import { DomainError } from '../errors';
import { type CivilDate, type Instant, isCivilDate, isInstant } from '../time';

export class Input {
  constructor(
    private readonly data: Record<string, unknown>,
    private readonly path: string = '',
  ) {}

  static of(value: unknown, path = 'data'): Input {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw new DomainError('INVALID_COMMAND', `${path} must be an object`, { field: path });
    }
    return new Input(value as Record<string, unknown>, path);
  }

  private name(field: string): string {
    return this.path ? `${this.path}.${field}` : field;
  }

  private invalid(field: string, problem: string): never {
    throw new DomainError('INVALID_COMMAND', `${this.name(field)} ${problem}`, { field: this.name(field) });
  }

  has(field: string): boolean {
    return this.data[field] !== undefined && this.data[field] !== null;
  }

  str(field: string): string {
    const value = this.data[field];
    if (typeof value !== 'string' || value.trim().length === 0)
      this.invalid(field, 'must be a non-empty string');
    return value.trim();
  }

  optStr(field: string): string | null {
    return this.has(field) ? this.str(field) : null;
  }

  bool(field: string): boolean {
    const value = this.data[field];
    if (typeof value !== 'boolean') this.invalid(field, 'must be true or false');
    return value;
  }

  optBool(field: string): boolean | null {
    return this.has(field) ? this.bool(field) : null;
  }

  int(field: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
    const value = this.data[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.invalid(field, `must be an integer between ${min} and ${max}`);
    }
    return value;
  }

  optInt(field: string, min?: number, max?: number): number | null {
    return this.has(field) ? this.int(field, min, max) : null;
  }

  oneOf<T extends string | number>(field: string, allowed: readonly T[]): T {
    const value = this.data[field];
    if (!allowed.includes(value as T)) this.invalid(field, `must be one of ${allowed.join(', ')}`);
    return value as T;
  }

  optOneOf<T extends string | number>(field: string, allowed: readonly T[]): T | null {
    return this.has(field) ? this.oneOf(field, allowed) : null;
  }

  date(field: string): CivilDate {
    const value = this.data[field];
    if (!isCivilDate(value)) {
      throw new DomainError('INVALID_DATE', `${this.name(field)} must be a YYYY-MM-DD date`, {
        field: this.name(field),
      });
    }
    return value;
  }

  instant(field: string): Instant {
    const value = this.data[field];
    if (!isInstant(value)) {
      throw new DomainError('INVALID_DATE', `${this.name(field)} must be an ISO-8601 instant`, {
        field: this.name(field),
      });
    }
    return value;
  }

  optInstant(field: string): Instant | null {
    return this.has(field) ? this.instant(field) : null;
  }

  obj(field: string): Input {
    return Input.of(this.data[field], this.name(field));
  }

  optObj(field: string): Input | null {
    return this.has(field) ? this.obj(field) : null;
  }

  list(field: string, { optional = false, nonEmpty = false } = {}): Input[] {
    const value = this.data[field];
    if ((value === undefined || value === null) && optional) return [];
    if (!Array.isArray(value)) this.invalid(field, 'must be an array');
    if (nonEmpty && value.length === 0) this.invalid(field, 'must not be empty');
    return value.map((item, i) => Input.of(item, `${this.name(field)}[${i}]`));
  }

  strings(field: string, { nonEmpty = false } = {}): string[] {
    const value = this.data[field];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.trim().length === 0)) {
      this.invalid(field, 'must be an array of non-empty strings');
    }
    if (nonEmpty && value.length === 0) this.invalid(field, 'must not be empty');
    return value.map((v: string) => v.trim());
  }
}
