// The append without an inline projection: one named statement straight on the pg pool (no TypeORM query
// runner). The same guarantees as through the projection path: one winner among concurrent writers,
// concurrent retries stored once, an id reused in another stream refused, and a chain that verifies.
import type { DataSource } from 'typeorm';
import {
  ConcurrencyConflictError,
  EventStore,
  IdempotencyViolationError,
  openDataSource,
} from '@netral/event-store';
import { createTestDatabase } from '../support/database';
import { event } from './fixtures';

let dataSource: DataSource;
let store: EventStore;

beforeAll(async () => {
  dataSource = await openDataSource({ url: await createTestDatabase('append_direct'), poolSize: 12 });
  store = new EventStore(dataSource);
});
afterAll(() => dataSource.destroy());

const stored = async (streamId: string) =>
  Number(
    (
      (await dataSource.query(`SELECT count(*) AS n FROM events WHERE stream_id = $1`, [streamId])) as {
        n: string;
      }[]
    )[0].n,
  );

describe('append without an inline projection', () => {
  it('lets exactly one of several concurrent writers at the same expected version win', async () => {
    await store.append('direct-race', 0, [event('CaseOpened')]);
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => store.append('direct-race', 1, [event('NoteAdded', { i })])),
    );
    const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    expect(lost).toHaveLength(9);
    for (const l of lost) {
      expect(l.reason).toBeInstanceOf(ConcurrencyConflictError);
      expect(l.reason).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
    }
    expect(await stored('direct-race')).toBe(2);
  });

  it('stores concurrent retries of one append once, new stream or not, with the original positions', async () => {
    for (const [streamId, version] of [
      ['direct-retry-new', 0],
      ['direct-retry-new', 2],
    ] as const) {
      const events = [event('NoteAdded'), event('NoteAdded')];
      const results = await Promise.all(
        Array.from({ length: 6 }, () => store.append(streamId, version, events)),
      );
      expect(results.filter((r) => !r.alreadyAppended)).toHaveLength(1);
      expect(new Set(results.map((r) => r.positions.join()))).toEqual(new Set([results[0].positions.join()]));
      expect(results.map((r) => r.nextExpectedVersion)).toEqual(Array(6).fill(version + 2));
    }
    expect(await stored('direct-retry-new')).toBe(4);
  });

  it('refuses an event id that another stream holds, even when both appends race', async () => {
    const shared = event('CaseOpened');
    const attempts = await Promise.allSettled(
      ['direct-owner-a', 'direct-owner-b'].map((s) => store.append(s, 0, [shared])),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    const [refused] = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    expect(refused.reason).toBeInstanceOf(IdempotencyViolationError);
    expect((await stored('direct-owner-a')) + (await stored('direct-owner-b'))).toBe(1);
  });

  it('keeps a chain the verifier accepts after many concurrent appends to many streams', async () => {
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let v = 0; v < 25; v++) await store.append(`direct-chain-${w}`, v, [event('NoteAdded', { v })]);
      }),
    );
    for (let w = 0; w < 8; w++) {
      expect(await store.verifyStream(`direct-chain-${w}`)).toMatchObject({
        ok: true,
        eventsChecked: 25,
        headVersion: 25,
      });
    }
  });

  it('appends and retries the same without named statements (for a pooler that does not keep them)', async () => {
    const unnamed = new EventStore(dataSource, { namedStatements: false });
    const events = [event('CaseOpened')];
    const first = await unnamed.append('direct-unnamed', 0, events);
    expect(await unnamed.append('direct-unnamed', 0, events)).toEqual({ ...first, alreadyAppended: true });
    await expect(unnamed.append('direct-unnamed', 0, [event('NoteAdded')])).rejects.toBeInstanceOf(
      ConcurrencyConflictError,
    );
    expect(await unnamed.verifyStream('direct-unnamed')).toMatchObject({ ok: true, eventsChecked: 1 });
  });
});
