// An inline projection's writes (SqlExecutor.write) are held and sent with COMMIT, in one round trip: an
// append with projections costs two round trips whatever they write (BEGIN with the append, then the writes
// with COMMIT). A read between writes sees them; a write PostgreSQL refuses fails the append and leaves
// nothing of it, and no transaction open.
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { EventStore, openDataSource, type Projection } from '@netral/event-store';
import { createTestDatabase } from '../support/database';
import { event } from './fixtures';

let dataSource: DataSource;
let store: EventStore;

/** Per event: two writes, a read of what they wrote, a third write from that read. Refuses type Bad. */
const written: Projection = {
  name: 'written',
  tables: [
    {
      name: 'written_rows',
      ddl: (t) => [`CREATE TABLE ${t} (id text PRIMARY KEY, n int NOT NULL CHECK (n < 100))`],
    },
  ],
  async apply(events, sql, t) {
    for (const e of events) {
      await sql.write!(`INSERT INTO ${t.written_rows} (id, n) VALUES ($1, 1)`, [`${e.id}/a`]);
      await sql.write!(`INSERT INTO ${t.written_rows} (id, n) VALUES ($1, $2)`, [
        `${e.id}/b`,
        e.type === 'Bad' ? 100 : 2,
      ]);
      if (e.type === 'Read') {
        const [row] = await sql.query<{ n: number }>(
          `SELECT sum(n)::int AS n FROM ${t.written_rows} WHERE id LIKE $1`,
          [`${e.id}/%`],
        );
        await sql.write!(`INSERT INTO ${t.written_rows} (id, n) VALUES ($1, $2)`, [`${e.id}/sum`, row.n]);
      }
    }
  },
};

/** The round trips of the pool's client (the one connection): every query call is one. */
const calls: string[] = [];
const query = Client.prototype.query;

beforeAll(async () => {
  dataSource = await openDataSource({ url: await createTestDatabase('held_writes'), poolSize: 1 });
  for (const t of written.tables) for (const s of t.ddl(t.name)) await dataSource.query(s);
  store = new EventStore(dataSource, { inlineProjections: [written] });
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    calls.push(typeof first === 'string' ? first : (first?.text ?? '?'));
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
});
afterAll(async () => {
  Client.prototype.query = query;
  await dataSource.destroy();
});

const ids = async (like: string): Promise<Record<string, number>> =>
  Object.fromEntries(
    (
      (await dataSource.query(`SELECT id, n FROM written_rows WHERE id LIKE $1 ORDER BY id`, [like])) as {
        id: string;
        n: number;
      }[]
    ).map((r) => [r.id, r.n]),
  );
const inTransaction = async (): Promise<boolean> =>
  ((await dataSource.query(`SELECT now() <> statement_timestamp() AS open`)) as { open: boolean }[])[0].open;

it('sends the writes with COMMIT: two round trips for an append of two events and four writes', async () => {
  const [a, b] = [event('CaseOpened'), event('NoteAdded')];
  calls.length = 0;
  await store.append('held-1', 0, [a, b]);
  expect(calls).toHaveLength(2);
  expect(calls[1]).toMatch(/^INSERT INTO written_rows[\s\S]*;\nCOMMIT$/);
  expect(await ids(`${a.id}/%`)).toEqual({ [`${a.id}/a`]: 1, [`${a.id}/b`]: 2 });
  expect(await ids(`${b.id}/%`)).toEqual({ [`${b.id}/a`]: 1, [`${b.id}/b`]: 2 });
  expect(await inTransaction()).toBe(false);
});

it('sends the held writes before a read, which sees them', async () => {
  const read = event('Read');
  calls.length = 0;
  await store.append('held-2', 0, [read]);
  // The append, the two writes (before the read), the read, the third write with COMMIT.
  expect(calls).toHaveLength(4);
  expect(await ids(`${read.id}/%`)).toEqual({
    [`${read.id}/a`]: 1,
    [`${read.id}/b`]: 2,
    [`${read.id}/sum`]: 3,
  });
});

it('fails the append when PostgreSQL refuses a held write, and keeps nothing of it', async () => {
  await store.append('held-3', 0, [event('CaseOpened')]);
  const bad = event('Bad');
  await expect(store.append('held-3', 1, [event('NoteAdded'), bad])).rejects.toMatchObject({
    code: '23514', // check_violation
  });
  expect(await inTransaction()).toBe(false);
  expect(await ids(`${bad.id}/%`)).toEqual({});
  const [{ version }] = (await dataSource.query(`SELECT version FROM event_streams WHERE stream_id = $1`, [
    'held-3',
  ])) as { version: number }[];
  expect(version).toBe(1);
  // The connection goes on: the next append on it commits.
  await store.append('held-3', 1, [event('NoteAdded')]);
  expect(await store.verifyStream('held-3')).toMatchObject({ ok: true, eventsChecked: 2 });
});

it('refuses a value pg cannot send without running any of the batch', async () => {
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  const odd: Projection = {
    name: 'odd',
    tables: [],
    async apply(events, sql) {
      await sql.write!(`INSERT INTO written_rows (id, n) VALUES ($1, 1)`, [`${events[0].id}/odd`]);
      await sql.write!(`SELECT $1::jsonb`, [circular]);
    },
  };
  const oddStore = new EventStore(dataSource, { inlineProjections: [odd] });
  const e = event('CaseOpened');
  await expect(oddStore.append('held-4', 0, [e])).rejects.toThrow(/circular/i);
  expect(await inTransaction()).toBe(false);
  expect(await ids(`${e.id}/%`)).toEqual({});
});
