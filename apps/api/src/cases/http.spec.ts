import { ifMatchVersions } from './http';
import { isDateOrInstant } from './queries/query.dto';
import { fingerprint } from './idempotency/idempotency.store';

describe('If-Match (RFC 9110)', () => {
  it.each<[string, number[] | undefined]>([
    ['"12"', [12]],
    ['"11", "12"', [11, 12]],
    ['"11","12" ,"11"', [11, 12]],
    ['W/"12"', []], // strong comparison: weak tags never match
    ['W/"12", "13"', [13]],
    ['"abc"', []], // not one of our ETags
    ['"0"', [0]],
    ['12', undefined],
    ['"12', undefined],
    ['"12" "13"', undefined],
    ['', undefined],
  ])('%s → %j', (header, versions) => {
    expect(ifMatchVersions(header)).toEqual(versions);
  });
});

describe('dates in queries', () => {
  it.each(['2026-02-28', '2024-02-29', '2026-03-01T00:00Z', '2026-03-01T23:59:59.123+07:00', '9999-12-31'])(
    '%s is a date or instant',
    (value) => expect(isDateOrInstant(value)).toBe(true),
  );
  it.each([
    '2026-02-30',
    '2026-13-45',
    '9999-99-99',
    '2025-02-29',
    '0000-01-01',
    '2026-02-30T00:00Z',
    '2026-01-01T25:00Z',
    '2026-01-01T10:00', // no zone
    '2026-1-1',
  ])('%s is not', (value) => expect(isDateOrInstant(value)).toBe(false));
});

describe('request fingerprints for Idempotency-Key', () => {
  it('ignore key order and whitespace but not method, path or values', () => {
    const a = fingerprint('post', '/cases/X/assignment', { officerId: 'a', officerName: 'A' });
    expect(fingerprint('POST', '/cases/X/assignment', { officerName: 'A', officerId: 'a' })).toEqual(a);
    expect(fingerprint('POST', '/cases/Y/assignment', { officerId: 'a', officerName: 'A' }).digest).not.toBe(
      a.digest,
    );
    expect(fingerprint('POST', '/cases/X/assignment', { officerId: 'b', officerName: 'A' }).digest).not.toBe(
      a.digest,
    );
    expect(fingerprint('PUT', '/cases/X/assignment', { officerId: 'a', officerName: 'A' }).digest).not.toBe(
      a.digest,
    );
  });
});
