import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import {
  ConcurrencyConflictError,
  EventStore,
  IdempotencyViolationError,
  InvalidEventStoreInputError,
  ProjectionRunner,
  StreamNotFoundError,
  openDataSource,
} from '@netral/event-store';
import { createTestDatabase } from '../support/database';
import { event, streamSummary } from './fixtures';

let url: string;
let dataSource: DataSource;
let store: EventStore;

beforeAll(async () => {
  url = await createTestDatabase('event_store');
  dataSource = await openDataSource({ url });
  for (const t of streamSummary.tables) for (const s of t.ddl(t.name)) await dataSource.query(s);
  store = new EventStore(dataSource, {
    inlineProjections: [streamSummary],
    upcasters: [
      {
        type: 'ReportRegistered',
        fromSchemaVersion: 1,
        upcast: (d) => ({ ...(d as object), channel: 'unknown' }),
      },
    ],
  });
});
afterAll(() => dataSource.destroy());

const count = async (sql: string, params: unknown[] = []) =>
  Number(((await dataSource.query(sql, params)) as { n: string }[])[0].n);

describe('append', () => {
  it('stores events with versions, positions, metadata, both times and a hash chain', async () => {
    const result = await store.append('case-append-1', 0, [event('CaseOpened'), event('OfficerAssigned')]);
    expect(result).toMatchObject({ nextExpectedVersion: 2, alreadyAppended: false });
    expect(result.positions[1]).toBe(result.positions[0] + 1);
    const [first, second] = await store.readStream('case-append-1');
    expect(first).toMatchObject({
      version: 1,
      type: 'CaseOpened',
      schemaVersion: 1,
      metadata: { role: 'officer' },
    });
    expect(first.occurredAt).toBe('2026-03-02T03:00:00.000Z');
    expect(Date.parse(first.recordedAt)).toBeGreaterThan(Date.parse('2026-01-01'));
    expect(second.previousHash).toBe(first.hash);
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lets exactly one of several concurrent writers at the same expected version win', async () => {
    await store.append('case-race', 0, [event('CaseOpened')]);
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => store.append('case-race', 1, [event('NoteAdded', { writer: i })])),
    );
    const won = attempts.filter((a) => a.status === 'fulfilled');
    const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(7);
    for (const l of lost) {
      expect(l.reason).toBeInstanceOf(ConcurrencyConflictError);
      expect(l.reason).toMatchObject({ streamId: 'case-race', expectedVersion: 1, actualVersion: 2 });
    }
    expect(await count(`SELECT count(*) AS n FROM events WHERE stream_id = 'case-race'`)).toBe(2);
  });

  it('treats a retry with the same event ids as a no-op that returns the original positions', async () => {
    const events = [event('CaseOpened'), event('OfficerAssigned')];
    const original = await store.append('case-retry', 0, events);
    const before = await count(`SELECT count(*) AS n FROM events`);
    const retried = await store.append('case-retry', 0, events);
    expect(retried).toEqual({ ...original, alreadyAppended: true });
    // Concurrent retries of one append: still one copy.
    const again = [event('NoteAdded')];
    const results = await Promise.all([1, 2, 3].map(() => store.append('case-retry', 2, again)));
    expect(new Set(results.map((r) => r.positions[0])).size).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM events`)).toBe(before + 1);
  });

  it('refuses a retry that mixes stored and new events or reuses an id elsewhere', async () => {
    const [a, b] = [event('CaseOpened'), event('OfficerAssigned')];
    await store.append('case-partial', 0, [a, b]);
    await expect(store.append('case-partial', 0, [a, event('NoteAdded')])).rejects.toBeInstanceOf(
      IdempotencyViolationError,
    );
    await expect(store.append('case-other', 0, [a, b])).rejects.toBeInstanceOf(IdempotencyViolationError);
  });

  it('rejects bad input with a clear typed error and writes nothing', async () => {
    const before = await count(`SELECT count(*) AS n FROM events`);
    const bad: [string, () => Promise<unknown>, RegExp][] = [
      [
        'negative version',
        () => store.append('case-bad', -1, [event('X')]),
        /expectedVersion must be a whole number >= 0/,
      ],
      ['empty stream id', () => store.append('', 0, [event('X')]), /stream id must be/],
      ['no events', () => store.append('case-bad', 0, []), /at least one event/],
      [
        'oversized',
        () => store.append('case-bad', 0, [event('X', { blob: 'x'.repeat(300_000) })]),
        /bytes; the limit is/,
      ],
      [
        'undefined value',
        () => store.append('case-bad', 0, [event('X', { v: undefined })]),
        /not JSON: undefined at \.v/,
      ],
      ['bigint', () => store.append('case-bad', 0, [event('X', { v: BigInt(1) })]), /not JSON: bigint/],
      ['NaN', () => store.append('case-bad', 0, [event('X', { v: NaN })]), /not JSON: NaN/],
      ['a Date object', () => store.append('case-bad', 0, [event('X', { v: new Date() })]), /a Date object/],
      ['bad type', () => store.append('case-bad', 0, [event('drop table;')]), /type must be a name/],
      [
        'bad time',
        () => store.append('case-bad', 0, [{ ...event('X'), occurredAt: 'yesterday' }]),
        /ISO-8601/,
      ],
    ];
    for (const [, attempt, message] of bad) {
      await expect(attempt()).rejects.toThrow(InvalidEventStoreInputError);
      await expect(attempt()).rejects.toThrow(message);
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(store.append('case-bad', 0, [event('X', cyclic)])).rejects.toThrow(/a cycle/);
    expect(await count(`SELECT count(*) AS n FROM events`)).toBe(before);
    expect(await count(`SELECT count(*) AS n FROM event_streams WHERE stream_id = 'case-bad'`)).toBe(0);
  });
});

describe('reading', () => {
  it('reads a stream by version range and as recorded before an instant, upcasting old schemas', async () => {
    await store.append('case-read', 0, [
      event('ReportRegistered', { nip: '1985' }),
      event('OfficerAssigned'),
    ]);
    const cut = new Date().toISOString();
    await count(`SELECT 1 AS n FROM pg_sleep(0.01)`); // recorded_at is database time; make sure it moves on
    await store.append('case-read', 2, [event('ClarificationStarted')]);
    expect((await store.readStream('case-read', { fromVersion: 2 })).map((e) => e.type)).toEqual([
      'OfficerAssigned',
      'ClarificationStarted',
    ]);
    expect((await store.readStream('case-read', { toVersion: 1 }))[0]).toMatchObject({
      schemaVersion: 2,
      data: { nip: '1985', channel: 'unknown' },
    });
    expect(await store.readStream('case-read', { recordedBefore: cut })).toHaveLength(2);
  });

  it('names unknown streams and bad ranges', async () => {
    await expect(store.readStream('no-such-case')).rejects.toBeInstanceOf(StreamNotFoundError);
    await expect(store.readStream('case-read', { fromVersion: -3 })).rejects.toThrow(/fromVersion must be/);
    await expect(store.readAll(-1)).rejects.toThrow(/fromPosition must be/);
    await expect(store.verifyStream('no-such-case')).rejects.toBeInstanceOf(StreamNotFoundError);
  });

  it('never lets readAll skip an event that a slower transaction commits late', async () => {
    // Projections that stall at random make some appends hold their transaction open longer than others.
    const slow = new EventStore(dataSource, {
      inlineProjections: [
        streamSummary,
        { name: 'stall', tables: [], apply: () => new Promise((r) => setTimeout(r, Math.random() * 15)) },
      ],
    });
    const seen: number[] = [];
    let writing = true;
    const reader = (async () => {
      let checkpoint = (await store.readAll(0, 10_000)).at(-1)?.position ?? 0;
      while (writing || (await store.readAll(checkpoint, 1)).length > 0) {
        const batch = await store.readAll(checkpoint, 50);
        for (const e of batch) seen.push(e.position);
        if (batch.length > 0) checkpoint = batch[batch.length - 1].position;
      }
    })();
    const start = Number((await dataSource.query(`SELECT coalesce(max(position), 0) AS n FROM events`))[0].n);
    await Promise.all(
      Array.from({ length: 12 }, async (_, w) => {
        for (let v = 0; v < 6; v++) await slow.append(`case-late-${w}`, v, [event('NoteAdded', { w, v })]);
      }),
    );
    writing = false;
    await reader;
    const all = (
      (await dataSource.query(`SELECT position FROM events WHERE position > $1 ORDER BY position`, [
        start,
      ])) as {
        position: string;
      }[]
    ).map((r) => Number(r.position));
    expect(all).toHaveLength(72);
    expect(seen.filter((p) => p > start)).toEqual(all);
  });
});

describe('hash chain', () => {
  it('names the first event whose stored content was edited in SQL', async () => {
    await store.append('case-tamper', 0, [
      event('CaseOpened'),
      event('OfficerAssigned'),
      event('ClarificationStarted'),
    ]);
    expect(await store.verifyStream('case-tamper')).toEqual({
      ok: true,
      streamId: 'case-tamper',
      eventsChecked: 3,
      headVersion: 3,
    });
    const [second] = await store.readStream('case-tamper', { fromVersion: 2, toVersion: 2 });
    const admin = new Client({ connectionString: url });
    await admin.connect();
    await admin.query(`UPDATE events SET data = '{"officerId":"someone-else"}' WHERE event_id = $1`, [
      second.id,
    ]);
    await admin.end();
    expect(await store.verifyStream('case-tamper')).toMatchObject({
      ok: false,
      streamId: 'case-tamper',
      eventsChecked: 2,
      firstInvalid: {
        problem: 'altered',
        eventId: second.id,
        version: 2,
        reason: 'content does not match its hash (the event was altered)',
        storedHash: second.hash,
      },
    });
  });
});

describe('projections', () => {
  it('keeps the inline read model in step and rebuilds an equal one from scratch', async () => {
    const runner = new ProjectionRunner(dataSource, store);
    const report = await runner.rebuild(streamSummary);
    expect(report.equal).toBe(true);
    expect(report.swapped).toBe(true);
    expect(report.tables[0].liveRows).toBeGreaterThan(5);
    expect(report.tables[0].rebuiltRows).toBe(report.tables[0].liveRows);
    // After the swap the live table still takes inline updates, and a second rebuild works (index names).
    await store.append('case-after-rebuild', 0, [event('CaseOpened')]);
    expect((await runner.rebuild(streamSummary)).equal).toBe(true);
  });

  it('reports a live read model that drifted from its events', async () => {
    await dataSource.query(`UPDATE test_stream_summary SET events = 99 WHERE stream_id = 'case-race'`);
    const report = await new ProjectionRunner(dataSource, store).rebuild(streamSummary, { swap: false });
    expect(report).toMatchObject({ equal: false, swapped: false });
    expect(report.tables[0]).toMatchObject({ onlyInLive: 1, onlyInRebuild: 1 });
    expect(await count(`SELECT events AS n FROM test_stream_summary WHERE stream_id = 'case-race'`)).toBe(99);
  });

  it('runs a catch-up projection from its checkpoint', async () => {
    const seen: string[] = [];
    const counter = {
      name: 'catch_up_counter',
      tables: [],
      apply: async (events: readonly { id: string }[]) => void seen.push(...events.map((e) => e.id)),
    };
    const runner = new ProjectionRunner(dataSource, store);
    const total = await count(`SELECT count(*) AS n FROM events`);
    expect(await runner.catchUp(counter)).toBe(total);
    await store.append('case-catch-up', 0, [event('CaseOpened')]);
    expect(await runner.catchUp(counter)).toBe(1);
    expect(seen).toHaveLength(total + 1);
  });
});
