import { ConcurrencyConflictError, InvalidEventStoreInputError, writeRefusal } from './errors';

/** An error as pg (and TypeORM's QueryFailedError) carries it: the SQLSTATE in `code`. */
const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

describe('writeRefusal', () => {
  it.each([
    ['22P02', 'invalid JSON (a lone surrogate)'],
    ['22021', 'invalid byte sequence'],
    ['22P05', 'untranslatable character (NUL)'],
    ['23514', 'check constraint'],
    ['23502', 'not null'],
    ['54000', 'program limit exceeded (too many events in one transaction)'],
  ])('refuses %s (%s) for good', (code) => {
    expect(writeRefusal(pgError(code))).toBe(code);
  });

  it('refuses what the store itself refuses', () => {
    expect(writeRefusal(new InvalidEventStoreInputError('too large'))).toBe('INVALID_INPUT');
  });

  it.each([
    ['40001', 'serialization failure'],
    ['40P01', 'deadlock'],
    ['57P01', 'admin shutdown'],
    ['57014', 'query cancelled (statement timeout)'],
    ['53300', 'too many connections'],
    ['08006', 'connection failure'],
    ['55P03', 'lock not available'],
    ['42P01', 'undefined table (a migration not run yet)'],
    ['XX000', 'internal error'],
    ['ECONNRESET', 'a socket error'],
  ])('leaves %s (%s) to be retried', (code) => {
    expect(writeRefusal(pgError(code))).toBeUndefined();
  });

  it('leaves errors without a code, and the store’s conflicts, to their own handling', () => {
    expect(writeRefusal(new Error('Connection terminated unexpectedly'))).toBeUndefined();
    expect(writeRefusal(new ConcurrencyConflictError('s', 1, 2))).toBeUndefined();
    expect(writeRefusal(undefined)).toBeUndefined();
    expect(writeRefusal('22P02')).toBeUndefined();
  });
});
