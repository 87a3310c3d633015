// The append of one event by `append_event` (migration 1767700000000), which EventStore.append uses for every
// one-event append: the same answers as `append_events` with one-element arrays (appended, stored, conflict),
// hashes the verifier recomputes, positions from the transaction's id and counter (also next to
// `append_events` in one transaction), and the refusal of a transaction older than the stream's last append.
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { EventStore, GENESIS_HASH, eventHash, openDataSource } from '@netral/event-store';
import {
  APPEND_ONE_STATEMENT,
  APPEND_SQL,
  appendOneParams,
  appendParams,
  prepare,
} from '../../libs/event-store/src/append-statement';
import { createTestDatabase } from '../support/database';
import { event } from './fixtures';

let url: string;
let dataSource: DataSource;
let store: EventStore;

beforeAll(async () => {
  url = await createTestDatabase('append_one_event');
  dataSource = await openDataSource({ url, poolSize: 8 });
  store = new EventStore(dataSource);
});
afterAll(() => dataSource.destroy());

type Row = Record<string, unknown> & { outcome: string };

/** One event appended by either function on `client`, rows as the function answered them. */
async function call(
  client: Client,
  fn: 'one' | 'many',
  streamId: string,
  version: number,
  e: ReturnType<typeof event>,
): Promise<Row[]> {
  const prepared = prepare(streamId, version, [e]);
  const { rows } =
    fn === 'one'
      ? await client.query<Row>(APPEND_ONE_STATEMENT.text, appendOneParams(streamId, version, prepared))
      : await client.query<Row>(APPEND_SQL, appendParams(streamId, version, prepared));
  return rows;
}

async function connected<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('append_event', () => {
  it('hashes exactly as the verifier recomputes, one awkward event at a time', async () => {
    const awkward = [
      event('NoteAdded', { text: 'Kepala Dinas "hadir" di\\ kampanye\n\t\u0001 ✓ 😀 é', n: [0, -0, 1e21] }),
      event('NoteAdded', { ünïcödé: { z: 1, a: 2, '\u00e9': 3, '😀': 5, '\uff5e': 6 }, nested: [[{}], []] }),
      {
        ...event('NoteAdded', { recordedAt: '2020-01-01T00:00:00.000Z' }),
        metadata: { actorId: 'a', role: 'officer', recordedAt: '"recordedAt":"', reason: 'x' },
        schemaVersion: 3,
      },
    ];
    for (const [i, e] of awkward.entries()) await store.append('one-awkward', i, [e]);
    let previous = GENESIS_HASH;
    for (const e of await store.readStream('one-awkward')) {
      expect(e.previousHash).toBe(previous);
      expect(eventHash(previous, e)).toBe(e.hash);
      previous = e.hash;
    }
    expect(await store.verifyStream('one-awkward')).toMatchObject({ ok: true, eventsChecked: 3 });
  });

  it('answers a retry and a conflict as append_events does', async () => {
    await connected(async (client) => {
      const first = event('CaseOpened');
      const [appended] = await call(client, 'one', 'one-answers', 0, first);
      expect(appended).toMatchObject({ outcome: 'appended', event_id: first.id, version: 1 });
      // The same event again, at the version it was appended at and at a stale one: the stored row.
      for (const fn of ['one', 'many'] as const) {
        expect(await call(client, fn, 'one-answers', 0, first)).toEqual([{ ...appended, outcome: 'stored' }]);
      }
      // Another event at a version that moved on: the version now stored, whichever function.
      const conflict = await call(client, 'one', 'one-answers', 0, event('NoteAdded'));
      expect(conflict).toEqual(await call(client, 'many', 'one-answers', 0, event('NoteAdded')));
      expect(conflict).toMatchObject([{ outcome: 'conflict', version: 1, event_id: null }]);
      // A new stream at a version other than 0: a conflict at version 0, nothing created.
      expect(await call(client, 'one', 'one-missing', 3, event('NoteAdded'))).toMatchObject([
        { outcome: 'conflict', version: 0 },
      ]);
      expect(await dataSource.query(`SELECT 1 FROM event_streams WHERE stream_id = 'one-missing'`)).toEqual(
        [],
      );
    });
  });

  it('numbers the events of one transaction in order, next to append_events, and the chain stays whole', async () => {
    await connected(async (client) => {
      await client.query('BEGIN');
      await call(client, 'one', 'one-xact', 0, event('CaseOpened'));
      await call(client, 'many', 'one-xact', 1, event('NoteAdded'));
      await call(client, 'one', 'one-xact', 2, event('NoteAdded'));
      await call(client, 'one', 'one-xact-other', 0, event('CaseOpened'));
      await client.query('COMMIT');
    });
    const positions = [
      ...(await store.readStream('one-xact')),
      ...(await store.readStream('one-xact-other')),
    ].map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions.map((p) => Math.floor(p / 65536))).size).toBe(1); // one transaction's slot
    expect(await store.verifyStream('one-xact')).toMatchObject({ ok: true, eventsChecked: 3 });
  });

  it('refuses a transaction older than the stream it appends to', async () => {
    await connected(async (older) => {
      await older.query('BEGIN');
      await older.query('SELECT pg_current_xact_id()'); // this transaction now has the older id
      await store.append('one-older', 0, [event('CaseOpened')]);
      await expect(call(older, 'one', 'one-older', 1, event('NoteAdded'))).rejects.toMatchObject({
        code: '40001',
      });
      await older.query('ROLLBACK');
    });
    await store.append('one-older', 1, [event('NoteAdded')]);
    expect(await store.verifyStream('one-older')).toMatchObject({ ok: true, eventsChecked: 2 });
  });
});
