// A/B of the event store's own JavaScript per append (a pool answering at once): LIB=<dir of libs/event-store/src>.
import * as path from 'node:path';
import { benchNote } from './support';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = require(path.resolve(process.env.LIB ?? 'libs/event-store/src'));
const ev = (version: number) => benchNote(0, version);
const row = (id: string) => ({
  outcome: 'appended',
  event_id: id,
  stream_id: 's',
  version: 1,
  type: 'NoteAdded',
  event_position: '123456789',
  recorded_at: new Date(),
  previous_hash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
});
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Query = require('pg/lib/query');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { serialize } = require('pg-protocol');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const utils = require('pg/lib/utils');
// What pg does with the statement before the socket: the query object, the parameters' text, the Bind message;
// for a submittable (this branch's AppendQuery), its own messages and its parsing of the answer's DataRow.
const connection = {
  parsedStatements: {} as Record<string, string>,
  submittedNamedStatements: {} as Record<string, string>,
  stream: {},
  parse: (q: unknown) => serialize.parse(q),
  bind: (c: unknown) => serialize.bind(c),
  execute: (c: unknown) => serialize.execute(c),
  sync: () => undefined,
};
const dataRow = (id: string) => ({
  fields: [
    'appended',
    id,
    's',
    '1',
    'NoteAdded',
    '123456789',
    '2026-12-07 04:41:31.123+00',
    'a'.repeat(64),
    'b'.repeat(64),
  ],
});
const fakePool = {
  query: async (c: { name: string; values: unknown[] } & Record<string, unknown>, cb?: (e: null) => void) => {
    const id = c.values?.[2];
    const eventId = Array.isArray(id) ? (id[0] as string) : (id as string);
    if (typeof c.submit === 'function') {
      const q = c as unknown as {
        submit(c: unknown): void;
        handleDataRow(m: unknown): void;
        handleReadyForQuery(): void;
        callback?: (e: null) => void;
      };
      q.callback = cb;
      q.submit(connection);
      q.handleDataRow(dataRow(eventId));
      q.handleReadyForQuery();
      return;
    }
    const q = new Query(c);
    serialize.bind({ portal: '', statement: q.name, values: q.values, valueMapper: utils.prepareValue });
    return { rows: [row(eventId)] };
  },
};
const store = new lib.EventStore({ driver: { master: fakePool } } as never);
async function main() {
  const N = Number(process.argv[2] ?? 100000);
  const events = Array.from({ length: 1000 }, (_, i) => ev(i));
  for (let i = 0; i < N / 4; i++) await store.append('stream-1', 0, [events[i % 1000]]);
  const cpu = process.cpuUsage();
  for (let i = 0; i < N; i++) await store.append('stream-1', 0, [events[i % 1000]]);
  const u = process.cpuUsage(cpu);
  console.log(`${process.env.LIB ?? 'this'}: ${((u.user + u.system) / N).toFixed(2)} µs CPU per append`);
}
void main();
