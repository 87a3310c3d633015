// An inline projection's first read sent with the append's own statement (Projection.prefetch): used when
// the statement's snapshot already saw the stream at the version appended to, read anew when it did not
// (a writer that guessed the next version while the previous append was still waiting to commit).
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { EventStore, openDataSource, type Projection } from '@netral/event-store';
import { createTestDatabase } from '../support/database';
import { waitFor } from '../support/wait';
import { event } from './fixtures';

let url: string;
let dataSource: DataSource;
let store: EventStore;
/** How each apply got its row: 'prefetched' with the append, or 'read' by the projection itself. */
const sources: string[] = [];

/** Counts a stream's events from the row it starts from, so a stale starting row shows in the count. */
const counted: Projection = {
  name: 'counted',
  tables: [
    { name: 'counted', ddl: (t) => [`CREATE TABLE ${t} (stream_id text PRIMARY KEY, events int NOT NULL)`] },
  ],
  prefetch: (t) => `SELECT events FROM ${t.counted} WHERE stream_id = $1`,
  async apply(events, sql, t, prefetched) {
    const streamId = events[0].streamId;
    sources.push(prefetched === undefined ? 'read' : 'prefetched');
    const row =
      prefetched === undefined
        ? (
            await sql.query<{ events: number }>(`SELECT events FROM ${t.counted} WHERE stream_id = $1`, [
              streamId,
            ])
          )[0]
        : (prefetched as { events: number } | null);
    await sql.query(
      `INSERT INTO ${t.counted} (stream_id, events) VALUES ($1, $2)
       ON CONFLICT (stream_id) DO UPDATE SET events = EXCLUDED.events`,
      [streamId, (row?.events ?? 0) + events.length],
    );
  },
};

beforeAll(async () => {
  url = await createTestDatabase('inline_prefetch');
  dataSource = await openDataSource({ url, poolSize: 8 });
  for (const t of counted.tables) for (const s of t.ddl(t.name)) await dataSource.query(s);
  store = new EventStore(dataSource, { inlineProjections: [counted] });
});
afterAll(() => dataSource.destroy());

const countOf = async (streamId: string) =>
  (
    (await dataSource.query(`SELECT events FROM counted WHERE stream_id = $1`, [streamId])) as {
      events: number;
    }[]
  )[0]?.events;

it('uses the row sent with the append when the statement saw the stream as appended to', async () => {
  sources.length = 0;
  await store.append('plain', 0, [event('CaseOpened')]);
  await store.append('plain', 1, [event('NoteAdded'), event('NoteAdded')]);
  expect(sources).toEqual(['prefetched', 'prefetched']);
  expect(await countOf('plain')).toBe(3);
});

it('reads anew when the previous append committed after the statement began', async () => {
  await store.append('raced', 0, [event('CaseOpened')]);
  sources.length = 0;
  const holder = new Client({ connectionString: url });
  await holder.connect();
  try {
    // Hold the stream row so that the next two appends start their statements and wait.
    await holder.query('BEGIN');
    await holder.query(`SELECT 1 FROM event_streams WHERE stream_id = 'raced' FOR UPDATE`);
    const waiting = async (n: number) =>
      (
        (await dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%append_event%'`,
        )) as { n: number }[]
      )[0].n >= n;
    const first = store.append('raced', 1, [event('NoteAdded')]);
    await waitFor(() => waiting(1));
    // A writer that guesses the version the first append will make, before that append commits.
    const guessed = store.append('raced', 2, [event('NoteAdded')]);
    await waitFor(() => waiting(2));
    await holder.query('COMMIT');
    await first;
    await guessed;
  } finally {
    await holder.end();
  }
  expect(sources).toEqual(['prefetched', 'read']);
  expect(await countOf('raced')).toBe(3);
});
