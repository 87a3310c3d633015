// The append as one call of the stored function `append_events`: hashes byte-identical to the verifier's,
// many concurrent writers on one stream and on many, readers that never go back, the guard against a
// transaction older than the stream's last append, and a migration that keeps earlier chains verifiable.
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import {
  ConcurrencyConflictError,
  EventStore,
  GENESIS_HASH,
  eventHash,
  openDataSource,
  type Projection,
} from '@netral/event-store';
import { createTestDatabase } from '../support/database';
import { event, streamSummary } from './fixtures';

let url: string;
let dataSource: DataSource;
let store: EventStore;

beforeAll(async () => {
  url = await createTestDatabase('append_function');
  dataSource = await openDataSource({ url, poolSize: 24 });
  for (const t of streamSummary.tables) for (const s of t.ddl(t.name)) await dataSource.query(s);
  store = new EventStore(dataSource, { inlineProjections: [streamSummary] });
});
afterAll(() => dataSource.destroy());

const positionsOf = async (streamId: string) =>
  (
    (await dataSource.query(`SELECT position FROM events WHERE stream_id = $1 ORDER BY version`, [
      streamId,
    ])) as {
      position: string;
    }[]
  ).map((r) => Number(r.position));

/** Appends `count` events to a shared stream, re-reading the version after each lost race. */
async function appendContended(streamId: string, writer: number, count: number): Promise<number> {
  let version = 0;
  let conflicts = 0;
  for (let n = 0; n < count;) {
    try {
      version = (await store.append(streamId, version, [event('NoteAdded', { writer, n })]))
        .nextExpectedVersion;
      n++;
    } catch (e) {
      if (!(e instanceof ConcurrencyConflictError)) throw e;
      version = e.actualVersion;
      conflicts++;
    }
  }
  return conflicts;
}

describe('append_events', () => {
  it('hashes in PostgreSQL exactly as the verifier recomputes, whatever the content', async () => {
    const awkward = [
      event('NoteAdded', {
        text: 'Kepala Dinas "hadir" di\\ kampanye\n\t\u0001 ✓ 😀 é',
        n: [0, -0, 0.1, 1e21, 1.5e-7],
      }),
      event('NoteAdded', {
        ünïcödé: { z: 1, a: 2, '\u00e9': 3, e: 4, '😀': 5, '\uff5e': 6 },
        nested: [[{}], []],
      }),
      {
        ...event('NoteAdded', { recordedAt: '2020-01-01T00:00:00.000Z' }),
        metadata: { actorId: 'a', role: 'officer', recordedAt: '"recordedAt":"', reason: 'x' },
        schemaVersion: 3,
      },
    ];
    await store.append('hash-awkward', 0, awkward);
    const stored = await store.readStream('hash-awkward');
    let previous = GENESIS_HASH;
    for (const e of stored) {
      expect(e.previousHash).toBe(previous);
      expect(eventHash(previous, e)).toBe(e.hash);
      previous = e.hash;
    }
    expect(await store.verifyStream('hash-awkward')).toMatchObject({ ok: true, eventsChecked: 3 });
  });

  it('lets many writers race on one stream: every version once, positions rising with versions, chain whole', async () => {
    const writers = 8;
    const each = 6;
    const conflicts = await Promise.all(
      Array.from({ length: writers }, (_, w) => appendContended('contended', w, each)),
    );
    expect(conflicts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0); // they did race
    const versions = (await store.readStream('contended')).map((e) => e.version);
    expect(versions).toEqual(Array.from({ length: writers * each }, (_, i) => i + 1));
    const positions = await positionsOf('contended');
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions).size).toBe(positions.length);
    expect(await store.verifyStream('contended')).toMatchObject({ ok: true, eventsChecked: writers * each });
    const [summary] = (await dataSource.query(
      `SELECT events, last_version FROM test_stream_summary WHERE stream_id = 'contended'`,
    )) as { events: number; last_version: number }[];
    expect(summary).toEqual({ events: writers * each, last_version: writers * each });
  });

  it('lets many writers append to many streams while readers never see a position and later an earlier one', async () => {
    // A projection that stalls at random keeps some transactions open longer than later ones.
    const stalling = new EventStore(dataSource, {
      inlineProjections: [
        streamSummary,
        { name: 'stall', tables: [], apply: () => new Promise((r) => setTimeout(r, Math.random() * 10)) },
      ] satisfies Projection[],
    });
    const start = Number((await dataSource.query(`SELECT coalesce(max(position), 0) AS n FROM events`))[0].n);
    let writing = true;
    const reader = async () => {
      const seen: number[] = [];
      let checkpoint = start;
      while (writing || (await store.readAll(checkpoint, 1)).length > 0) {
        const batch = await store.readAll(checkpoint, 25);
        seen.push(...batch.map((e) => e.position));
        if (batch.length > 0) checkpoint = batch[batch.length - 1].position;
      }
      return seen;
    };
    const readers = Array.from({ length: 3 }, reader);
    const streams = 16;
    const appends = 6;
    await Promise.all(
      Array.from({ length: streams }, async (_, w) => {
        for (let v = 0; v < appends; v++) {
          // Plain appends (one round trip) and appends with projections (a transaction) interleave.
          const writer = v % 2 === 0 ? stalling : new EventStore(dataSource);
          await writer.append(`many-${w}`, v * 2, [
            event('NoteAdded', { w, v }),
            event('NoteAdded', { w, v, b: 1 }),
          ]);
        }
      }),
    );
    writing = false;
    const all = (
      (await dataSource.query(`SELECT position FROM events WHERE position > $1 ORDER BY position`, [
        start,
      ])) as {
        position: string;
      }[]
    ).map((r) => Number(r.position));
    expect(all).toHaveLength(streams * appends * 2);
    for (const seen of await Promise.all(readers)) expect(seen).toEqual(all);
    for (let w = 0; w < streams; w++) {
      expect(await store.verifyStream(`many-${w}`)).toMatchObject({ ok: true, eventsChecked: appends * 2 });
    }
  });

  it('verifies a stream that is being appended to from one snapshot: never a false break', async () => {
    await store.append('verified-live', 0, [event('CaseOpened')]);
    let writing = true;
    const writer = (async () => {
      for (let version = 1; writing;) {
        version = (await store.append('verified-live', version, [event('NoteAdded', { version })]))
          .nextExpectedVersion;
      }
    })();
    const reports = [];
    try {
      // Heads and events read apart let an append slip in between them (seen as "truncated").
      for (let i = 0; i < 40; i++) reports.push(await store.verifyStream('verified-live'));
    } finally {
      writing = false;
      await writer;
    }
    expect(reports.filter((r) => !r.ok)).toEqual([]);
    expect(reports.at(-1)!.eventsChecked).toBeGreaterThan(reports[0].eventsChecked); // appends did run alongside
  });

  it('makes readers wait for an open transaction, and refuses one older than the stream it appends to', async () => {
    const older = new Client({ connectionString: url });
    await older.connect();
    try {
      await older.query('BEGIN');
      await older.query('SELECT pg_current_xact_id()'); // this transaction now has the older id
      const before = (await store.readAll(0, 10_000)).at(-1)?.position ?? 0;
      const appended = await store.append('older-xact', 0, [event('CaseOpened')]);
      // Committed, but a transaction that started before it is still running: readers stop short of it.
      const mine = async () =>
        (await store.readAll(before)).filter((e) => e.streamId === 'older-xact').map((e) => e.position);
      expect(await mine()).toEqual([]);
      await expect(
        older.query(`SELECT * FROM append_events('older-xact', 1, $1, $2, $3, $4, $5, $6, $7, $8)`, [
          ['e-older'],
          ['NoteAdded'],
          [1],
          ['{}'],
          ['{"actorId":"a","role":"officer"}'],
          ['2026-03-02T03:00:00.000Z'],
          ['{'],
          ['}'],
        ]),
      ).rejects.toMatchObject({ code: '40001' });
      await older.query('ROLLBACK');
      expect(await mine()).toEqual(appended.positions);
    } finally {
      await older.end();
    }
    // The event store's own append starts a new transaction, so it goes through.
    await store.append('older-xact', 1, [event('NoteAdded')]);
    expect(await store.verifyStream('older-xact')).toMatchObject({ ok: true, eventsChecked: 2 });
  });
});

describe('migrations', () => {
  it('are reversible, and chains written by the append before the function still verify and continue', async () => {
    const fresh = await openDataSource({ url: await createTestDatabase('append_function_migrations') });
    try {
      await fresh.undoLastMigration(); // the one-event function (1767700000000)
      await fresh.undoLastMigration(); // the lean append (1767300000000)
      await fresh.undoLastMigration(); // the function (1766000000000)
      expect(await fresh.query(`SELECT to_regproc('append_events') AS f`)).toEqual([{ f: null }]);
      // What the append before the function wrote: sequence positions, hashes computed in Node.
      let previous = GENESIS_HASH;
      for (const version of [1, 2]) {
        const [{ now }] = (await fresh.query(`SELECT clock_timestamp() AS now`)) as { now: Date }[];
        const e = { ...event('NoteAdded', { version }), streamId: 'legacy', version, schemaVersion: 1 };
        const hash = eventHash(previous, { ...e, recordedAt: now.toISOString() });
        await fresh.query(
          `INSERT INTO event_streams (stream_id, version, last_hash) VALUES ('legacy', $1, $2)
           ON CONFLICT (stream_id) DO UPDATE SET version = $1, last_hash = $2`,
          [version, hash],
        );
        await fresh.query(
          `INSERT INTO events (position, event_id, stream_id, version, type, data, metadata, occurred_at,
             recorded_at, previous_hash, hash)
           VALUES (nextval('events_position_seq'), $1, 'legacy', $2, $3, $4, $5, $6, $7, $8, $9)`,
          [e.id, version, e.type, e.data, e.metadata, e.occurredAt, now.toISOString(), previous, hash],
        );
        previous = hash;
      }
      await fresh.runMigrations();
      const legacy = new EventStore(fresh);
      await legacy.append('legacy', 2, [event('NoteAdded', { version: 3 })]);
      expect(await legacy.verifyStream('legacy')).toMatchObject({ ok: true, eventsChecked: 3 });
      const positions = (await legacy.readStream('legacy')).map((e) => e.position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));

      // Down again: the sequence continues after the function's positions.
      await fresh.undoLastMigration();
      await fresh.undoLastMigration();
      await fresh.undoLastMigration();
      const [{ next }] = (await fresh.query(`SELECT nextval('events_position_seq') AS next`)) as {
        next: string;
      }[];
      expect(Number(next)).toBeGreaterThan(positions[2]);
      await fresh.undoLastMigration();
      expect(await fresh.query(`SELECT to_regclass('events') AS t`)).toEqual([{ t: null }]);
      await fresh.runMigrations();
      expect(await fresh.query(`SELECT to_regclass('events')::text AS t`)).toEqual([{ t: 'events' }]);
      expect(await fresh.query(`SELECT to_regproc('append_events')::text AS f`)).toEqual([
        { f: 'append_events' },
      ]);
    } finally {
      await fresh.destroy();
    }
  });
});
