// The append with inline projections is one transaction, opened by BEGIN sent with the append's statement:
// what a projection writes and the events commit together or not at all, and a failed append leaves its
// connection out of any transaction (the pool has one connection, so every later statement uses it).
import type { DataSource } from 'typeorm';
import {
  ConcurrencyConflictError,
  EventStore,
  IdempotencyViolationError,
  openDataSource,
  type Projection,
} from '@netral/event-store';
import { createTestDatabase } from '../support/database';
import { event, streamSummary } from './fixtures';

let dataSource: DataSource;
let store: EventStore;

/** Fails on an event of type Boom, after writing its row: the write must not survive. */
const failing: Projection = {
  name: 'failing',
  tables: [{ name: 'failing_rows', ddl: (t) => [`CREATE TABLE ${t} (event_id text PRIMARY KEY)`] }],
  async apply(events, sql, t) {
    for (const e of events) {
      await sql.query(`INSERT INTO ${t.failing_rows} (event_id) VALUES ($1)`, [e.id]);
      if (e.type === 'Boom') throw new Error(`projection refused ${e.id}`);
    }
  },
};

beforeAll(async () => {
  dataSource = await openDataSource({ url: await createTestDatabase('append_transaction'), poolSize: 1 });
  for (const p of [streamSummary, failing]) {
    for (const t of p.tables) for (const s of t.ddl(t.name)) await dataSource.query(s);
  }
  store = new EventStore(dataSource, { inlineProjections: [streamSummary, failing] });
});
afterAll(() => dataSource.destroy());

/** Whether the pool's one connection is inside a transaction when it runs this statement. */
const inTransaction = async (): Promise<boolean> =>
  ((await dataSource.query(`SELECT now() <> statement_timestamp() AS open`)) as { open: boolean }[])[0].open;

const count = async (sql: string, params: unknown[]): Promise<number> =>
  ((await dataSource.query(sql, params)) as { n: number }[])[0].n;

describe('the append with inline projections', () => {
  it('commits the events and the read models together', async () => {
    const opened = event('CaseOpened');
    expect(await store.append('tx-ok', 0, [opened])).toMatchObject({ nextExpectedVersion: 1 });
    expect(await count(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1`, ['tx-ok'])).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM failing_rows WHERE event_id = $1`, [opened.id])).toBe(
      1,
    );
    expect(await count(`SELECT events AS n FROM test_stream_summary WHERE stream_id = $1`, ['tx-ok'])).toBe(
      1,
    );
    expect(await inTransaction()).toBe(false);
  });

  it('writes nothing when a projection fails, and leaves no transaction open', async () => {
    await store.append('tx-boom', 0, [event('CaseOpened')]);
    const boom = event('Boom');
    await expect(store.append('tx-boom', 1, [event('NoteAdded'), boom])).rejects.toThrow(
      `projection refused ${boom.id}`,
    );
    expect(await inTransaction()).toBe(false);
    expect(await count(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1`, ['tx-boom'])).toBe(1);
    expect(await count(`SELECT version AS n FROM event_streams WHERE stream_id = $1`, ['tx-boom'])).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM failing_rows WHERE event_id = $1`, [boom.id])).toBe(0);
    expect(await count(`SELECT events AS n FROM test_stream_summary WHERE stream_id = $1`, ['tx-boom'])).toBe(
      1,
    );
    // A one-event append that fails too (the one-event function's path), then the stream goes on.
    await expect(store.append('tx-boom', 1, [event('Boom')])).rejects.toThrow(/projection refused/);
    await store.append('tx-boom', 1, [event('NoteAdded')]);
    expect(await store.verifyStream('tx-boom')).toMatchObject({ ok: true, eventsChecked: 2 });
  });

  it('does the same with unnamed statements (a pooler without prepared statements)', async () => {
    const unnamed = new EventStore(dataSource, {
      inlineProjections: [streamSummary, failing],
      namedStatements: false,
    });
    await unnamed.append('tx-unnamed', 0, [event('CaseOpened'), event('NoteAdded')]);
    await expect(unnamed.append('tx-unnamed', 2, [event('Boom')])).rejects.toThrow(/projection refused/);
    expect(await inTransaction()).toBe(false);
    await unnamed.append('tx-unnamed', 2, [event('NoteAdded')]);
    expect(
      await count(`SELECT events AS n FROM test_stream_summary WHERE stream_id = $1`, ['tx-unnamed']),
    ).toBe(3);
    expect(await unnamed.verifyStream('tx-unnamed')).toMatchObject({ ok: true, eventsChecked: 3 });
  });

  it('prepares its statement again after a prepare that failed', async () => {
    // The prefetch names a table that does not exist yet: the statement (BEGIN and the append, one
    // pipeline) fails to prepare. Once the table is there the same statement must prepare on the same
    // connection, not be taken as prepared already.
    const late: Projection = {
      name: 'late',
      tables: [{ name: 'late_rows', ddl: (t) => [`CREATE TABLE ${t} (stream_id text PRIMARY KEY)`] }],
      prefetch: (t) => `SELECT stream_id FROM ${t.late_rows} WHERE stream_id = $1`,
      async apply(events, sql, t) {
        await sql.query(`INSERT INTO ${t.late_rows} (stream_id) VALUES ($1) ON CONFLICT DO NOTHING`, [
          events[0].streamId,
        ]);
      },
    };
    const early = new EventStore(dataSource, { inlineProjections: [late] });
    await expect(early.append('tx-late', 0, [event('CaseOpened')])).rejects.toMatchObject({ code: '42P01' });
    expect(await inTransaction()).toBe(false);
    for (const s of late.tables[0].ddl('late_rows')) await dataSource.query(s);
    await early.append('tx-late', 0, [event('CaseOpened')]);
    await early.append('tx-late', 1, [event('NoteAdded')]);
    expect(await count(`SELECT count(*)::int AS n FROM late_rows WHERE stream_id = $1`, ['tx-late'])).toBe(1);
  });

  it('rolls back after a conflict or a refused id, and the next append goes through', async () => {
    const first = event('CaseOpened');
    await store.append('tx-conflict', 0, [first]);
    await expect(store.append('tx-conflict', 0, [event('NoteAdded')])).rejects.toBeInstanceOf(
      ConcurrencyConflictError,
    );
    expect(await inTransaction()).toBe(false);
    // The id is stored in another stream: the insert fails on its unique index inside the transaction.
    await expect(store.append('tx-thief', 0, [first])).rejects.toBeInstanceOf(IdempotencyViolationError);
    expect(await inTransaction()).toBe(false);
    expect(
      await count(`SELECT count(*)::int AS n FROM event_streams WHERE stream_id = $1`, ['tx-thief']),
    ).toBe(0);
    // A retry of the stored append answers its positions and writes nothing more.
    expect(await store.append('tx-conflict', 0, [first])).toMatchObject({ alreadyAppended: true });
    expect(await store.append('tx-conflict', 1, [event('NoteAdded')])).toMatchObject({
      nextExpectedVersion: 2,
    });
    expect(await inTransaction()).toBe(false);
  });
});
