/**
 * verifyStreams (libs/event-store) on a real database: every kind of damage an auditor must see — an altered
 * event, a relinked one, one deleted from the middle, one deleted from the end — reported at the right
 * version with expected and stored hashes, across many streams read in small keyset batches.
 */
import { randomUUID } from 'node:crypto';
import { EventStore, StreamNotFoundError, openDataSource, verifyStreams } from '@netral/event-store';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '../support/database';

let dataSource: DataSource;
let store: EventStore;

function events(n: number, stream: string) {
  return Array.from({ length: n }, (_v, i) => ({
    id: `${stream}:${i + 1}`,
    type: 'Noted',
    data: { n: i + 1, note: `catatan ${i + 1}`, id: randomUUID() },
    metadata: { actorId: 'officer-1', role: 'officer', agency: 'kota-bekasi' },
    occurredAt: '2026-03-02T03:00:00.000Z',
  }));
}

const STREAMS = ['s-altered', 's-intact-1', 's-missing', 's-relinked', 's-intact-2', 's-truncated'];

beforeAll(async () => {
  dataSource = await openDataSource({ url: await createTestDatabase('api_audit_chain'), poolSize: 3 });
  store = new EventStore(dataSource);
  for (const stream of STREAMS) await store.append(stream, 0, events(5, stream));
});
afterAll(async () => {
  await dataSource?.destroy();
});

async function hashOf(stream: string, version: number): Promise<string> {
  const [row] = (await dataSource.query(`SELECT hash FROM events WHERE stream_id = $1 AND version = $2`, [
    stream,
    version,
  ])) as { hash: string }[];
  return row.hash;
}

it('finds nothing wrong in intact streams, whatever the batch size', async () => {
  for (const batchSize of [1, 2, 7, 2000]) {
    const reports = await verifyStreams(dataSource, { batchSize });
    expect(reports.map((r) => [r.streamId, r.ok, r.eventsChecked, r.headVersion])).toEqual(
      [...STREAMS].sort().map((s) => [s, true, 5, 5]),
    );
  }
});

it('reports each kind of damage at its first broken place, with expected and stored hash', async () => {
  const hash3 = await hashOf('s-altered', 3);
  await dataSource.query(
    `UPDATE events SET data = jsonb_set(data, '{note}', '"diubah"') WHERE stream_id = 's-altered' AND version = 3`,
  );
  const relinkedExpected = await hashOf('s-relinked', 1);
  await dataSource.query(
    `UPDATE events SET previous_hash = repeat('a', 64) WHERE stream_id = 's-relinked' AND version = 2`,
  );
  const missingExpected = await hashOf('s-missing', 1);
  await dataSource.query(`DELETE FROM events WHERE stream_id = 's-missing' AND version = 2`);
  const truncatedHead = await hashOf('s-truncated', 5);
  const lastKept = await hashOf('s-truncated', 4);
  await dataSource.query(`DELETE FROM events WHERE stream_id = 's-truncated' AND version = 5`);

  const reports = new Map((await verifyStreams(dataSource, { batchSize: 3 })).map((r) => [r.streamId, r]));
  expect(reports.get('s-intact-1')?.ok).toBe(true);
  expect(reports.get('s-intact-2')?.ok).toBe(true);

  const altered = reports.get('s-altered')!;
  expect(altered).toMatchObject({ ok: false, eventsChecked: 3 });
  expect(altered.firstInvalid).toMatchObject({
    problem: 'altered',
    version: 3,
    eventId: 's-altered:3',
    storedHash: hash3,
  });
  expect(altered.firstInvalid!.expectedHash).not.toBe(hash3);

  expect(reports.get('s-relinked')!.firstInvalid).toEqual({
    problem: 'relinked',
    version: 2,
    eventId: 's-relinked:2',
    reason: expect.any(String),
    expectedHash: relinkedExpected,
    storedHash: 'a'.repeat(64),
  });
  expect(reports.get('s-missing')!.firstInvalid).toMatchObject({
    problem: 'missing',
    version: 2,
    eventId: null,
    expectedHash: missingExpected,
    storedHash: null,
  });
  expect(reports.get('s-truncated')!).toMatchObject({
    ok: false,
    headVersion: 5,
    eventsChecked: 4,
    firstInvalid: { problem: 'truncated', version: 5, expectedHash: truncatedHead, storedHash: lastKept },
  });

  // The event store's per-stream check is the same check, one stream at a time.
  for (const stream of STREAMS) expect(await store.verifyStream(stream)).toEqual(reports.get(stream));
});

it('verifies only the streams asked for, and names one that does not exist', async () => {
  const reports = await verifyStreams(dataSource, { streamIds: ['s-intact-2', 's-intact-1', 's-intact-1'] });
  expect(reports.map((r) => r.streamId)).toEqual(['s-intact-1', 's-intact-2']);
  expect(await verifyStreams(dataSource, { streamIds: [] })).toEqual([]);
  await expect(verifyStreams(dataSource, { streamIds: ['s-intact-1', 'no-such'] })).rejects.toBeInstanceOf(
    StreamNotFoundError,
  );
  await expect(verifyStreams(dataSource, { batchSize: 0 })).rejects.toThrow(/batchSize/);
});
