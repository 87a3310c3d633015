// The lean append (migration 1767300000000): the stream head read without a lock and written back only if
// it did not move. Chains written before and after the migration verify as one; a writer that waited on
// another one's head learns the version that one committed (conflict) or finds its own events (retry); a
// writer that knew of a version still being committed waits for it, as before; creating a stream races.
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import {
  ConcurrencyConflictError,
  EventStore,
  IdempotencyViolationError,
  openDataSource,
} from '@netral/event-store';
import { appendParams, prepare } from '../../libs/event-store/src/append-statement';
import { createTestDatabase } from '../support/database';
import { waitFor } from '../support/wait';
import { event } from './fixtures';

let url: string;
let dataSource: DataSource;
let store: EventStore;

beforeAll(async () => {
  url = await createTestDatabase('lean_append');
  dataSource = await openDataSource({ url, poolSize: 12 });
  store = new EventStore(dataSource);
});
afterAll(() => dataSource.destroy());

/** Number of appends of `streamId` waiting for a lock. */
const waitingOn = async (): Promise<number> =>
  (
    (await dataSource.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%append_event%'`,
    )) as { n: number }[]
  )[0].n;

/**
 * Appends `events` in a transaction left open on its own connection: the stream's head is written but not
 * committed until `commit` (or `rollback`).
 */
async function openAppend(streamId: string, version: number, events: ReturnType<typeof event>[]) {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  const { rows } = await client.query<{ outcome: string }>(
    `SELECT * FROM append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    appendParams(streamId, version, prepare(streamId, version, events)),
  );
  expect(rows.map((r) => r.outcome)).toEqual(events.map(() => 'appended'));
  const end = async (how: 'COMMIT' | 'ROLLBACK') => {
    await client.query(how);
    await client.end();
  };
  return { commit: () => end('COMMIT'), rollback: () => end('ROLLBACK') };
}

describe('the lean append', () => {
  it('tells a writer that waited on a head another writer moved the version now stored', async () => {
    await store.append('lean-waited', 0, [event('CaseOpened')]);
    const other = await openAppend('lean-waited', 1, [event('NoteAdded'), event('NoteAdded')]);
    const mine = store.append('lean-waited', 1, [event('NoteAdded')]);
    await waitFor(async () => (await waitingOn()) >= 1);
    await other.commit();
    const lost = await mine.catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(ConcurrencyConflictError);
    expect(lost).toMatchObject({ expectedVersion: 1, actualVersion: 3 });
    expect(await store.verifyStream('lean-waited')).toMatchObject({ ok: true, eventsChecked: 3 });
  });

  it('answers a retry that waited on its own first attempt with what that attempt stored', async () => {
    await store.append('lean-retry', 0, [event('CaseOpened')]);
    const events = [event('NoteAdded'), event('NoteAdded')];
    const first = await openAppend('lean-retry', 1, events);
    const retry = store.append('lean-retry', 1, events);
    await waitFor(async () => (await waitingOn()) >= 1);
    await first.commit();
    const result = await retry;
    expect(result).toMatchObject({ alreadyAppended: true, nextExpectedVersion: 3 });
    expect(result.positions).toEqual(
      (await store.readStream('lean-retry', { fromVersion: 2 })).map((e) => e.position),
    );
  });

  it('appends after a writer it waited on rolled back', async () => {
    await store.append('lean-rollback', 0, [event('CaseOpened')]);
    const other = await openAppend('lean-rollback', 1, [event('NoteAdded')]);
    const mine = store.append('lean-rollback', 1, [event('NoteAdded', { mine: true })]);
    await waitFor(async () => (await waitingOn()) >= 1);
    await other.rollback();
    expect(await mine).toMatchObject({ alreadyAppended: false, nextExpectedVersion: 2 });
    const [, second] = await store.readStream('lean-rollback');
    expect(second.data).toEqual({ mine: true });
    expect(await store.verifyStream('lean-rollback')).toMatchObject({ ok: true, eventsChecked: 2 });
  });

  it('lets a writer that knows of a version still being committed wait for it and append after it', async () => {
    await store.append('lean-known', 0, [event('CaseOpened')]);
    const other = await openAppend('lean-known', 1, [event('NoteAdded')]);
    const next = store.append('lean-known', 2, [event('NoteAdded')]);
    await waitFor(async () => (await waitingOn()) >= 1);
    await other.commit();
    expect(await next).toMatchObject({ alreadyAppended: false, nextExpectedVersion: 3 });
    expect(await store.verifyStream('lean-known')).toMatchObject({ ok: true, eventsChecked: 3 });
  });

  it('lets exactly one of many writers create a stream; the others learn its version', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        store.append('lean-created', 0, [event('CaseOpened', { i }), event('NoteAdded', { i })]),
      ),
    );
    const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    for (const l of lost) {
      expect(l.reason).toBeInstanceOf(ConcurrencyConflictError);
      expect(l.reason).toMatchObject({ expectedVersion: 0, actualVersion: 2 });
    }
    expect(await store.verifyStream('lean-created')).toMatchObject({ ok: true, eventsChecked: 2 });
  });

  it('still refuses an id stored in another stream, and a partial retry', async () => {
    const shared = event('CaseOpened');
    await store.append('lean-owner', 0, [shared]);
    await expect(store.append('lean-thief', 0, [shared])).rejects.toBeInstanceOf(IdempotencyViolationError);
    await expect(store.append('lean-owner', 0, [shared, event('NoteAdded')])).rejects.toBeInstanceOf(
      IdempotencyViolationError,
    );
    expect(await dataSource.query(`SELECT 1 FROM event_streams WHERE stream_id = 'lean-thief'`)).toEqual([]);
  });
});

describe('migration 1767300000000', () => {
  it('keeps chains written before it verifiable and continues them; down restores the previous function', async () => {
    const fresh = await openDataSource({ url: await createTestDatabase('lean_append_migration') });
    try {
      const mixed = new EventStore(fresh);
      // One event written by the function the schema has while the migrations are down (the store sends one
      // event to `append_event`, which they drop).
      const appendByFunction = async (
        streamId: string,
        version: number,
        events: ReturnType<typeof event>[],
      ) =>
        expect(
          (
            (await fresh.query(
              `SELECT outcome FROM append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
              appendParams(streamId, version, prepare(streamId, version, events)),
            )) as { outcome: string }[]
          ).map((r) => r.outcome),
        ).toEqual(['appended']);
      await fresh.undoLastMigration(); // the one-event function (1767700000000)
      await fresh.undoLastMigration();
      expect(
        await fresh.query(`SELECT count(*)::int AS n FROM pg_constraint WHERE conrelid = 'events'::regclass
           AND contype IN ('c', 'f')`),
      ).toEqual([{ n: 5 }]);
      // Written by the function of migration 1766000000000.
      await mixed.append('before-after', 0, [event('CaseOpened'), event('NoteAdded')]);
      await appendByFunction('before-only', 0, [event('CaseOpened')]);

      await fresh.runMigrations();
      await mixed.append('before-after', 2, [event('NoteAdded'), event('NoteAdded')]);
      await mixed.append('after-only', 0, [event('CaseOpened')]);
      for (const [streamId, events] of [
        ['before-after', 4],
        ['before-only', 1],
        ['after-only', 1],
      ] as const) {
        expect(await mixed.verifyStream(streamId)).toMatchObject({ ok: true, eventsChecked: events });
      }
      const positions = (await mixed.readStream('before-after')).map((e) => e.position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));

      // Down with events of both in place: the previous function continues the chain, up again too.
      await fresh.undoLastMigration();
      await fresh.undoLastMigration();
      await appendByFunction('before-after', 4, [event('NoteAdded')]);
      await fresh.runMigrations();
      await mixed.append('before-after', 5, [event('NoteAdded')]);
      expect(await mixed.verifyStream('before-after')).toMatchObject({ ok: true, eventsChecked: 6 });
      expect(
        await fresh.query(
          `SELECT to_regproc('append_events_1766')::text AS f, to_regproc('append_events')::text AS g`,
        ),
      ).toEqual([{ f: 'append_events_1766', g: 'append_events' }]);
    } finally {
      await fresh.destroy();
    }
  });
});
