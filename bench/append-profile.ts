/**
 * The client side of one append, alone: `node --cpu-prof --import tsx bench/append-profile.ts [appends]`
 * runs the event-store benchmark's 1-writer append loop and the raw INSERT loop against a throw-away
 * embedded PostgreSQL (or DATABASE_URL) and prints this process's CPU per operation for each.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { startEmbeddedPostgres } from '@netral/embedded-postgres';
import type { Projection } from '@netral/event-store';
import { benchNote } from './support';
// LIB=<a copy of libs/event-store/src>: the same loops on another version of the store (A/B).
const LIB = path.resolve(process.env.LIB ?? path.join(__dirname, '../libs/event-store/src'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { EventStore, openDataSource } = require(LIB) as typeof import('@netral/event-store');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { APPEND_STATEMENT, appendParams, prepare } = require(
  `${LIB}/append-statement`,
) as typeof import('../libs/event-store/src/append-statement');

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 5000);
  const mode = process.env.PROFILE_ONLY ?? 'both';
  // PROFILE_WRITERS=n: the append and raw loops as n concurrent writers (the bench's 16-writer case), each
  // appending to its own stream.
  const writers = Number(process.env.PROFILE_WRITERS ?? 1);
  const pg = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: path.join(os.tmpdir(), `netral-append-profile-${process.pid}`),
        persistent: false,
        settings: { fsync: 'off', synchronous_commit: 'off' },
      });
  const url = process.env.DATABASE_URL ?? (await pg!.createDatabase('profile'));
  const dataSource = await openDataSource({ url, poolSize: Math.max(4, writers) });
  // PROFILE_PROJECTION=1: the append with an inline projection, as every API command's (BEGIN, the append
  // with the projection's prefetch, one upsert, COMMIT), here a one-row count per stream.
  const projection = process.env.PROFILE_PROJECTION === '1';
  const store = new EventStore(dataSource, projection ? { inlineProjections: [countPerStream] } : {});
  if (projection) {
    for (const t of countPerStream.tables) for (const s of t.ddl(t.name)) await dataSource.query(s);
  }
  const pool = new Pool({ connectionString: url, max: Math.max(4, writers) });
  await pool.query(
    `CREATE TABLE IF NOT EXISTS bench_baseline (id uuid PRIMARY KEY, stream text, data jsonb)`,
  );
  const stream = `profile-${randomUUID().slice(0, 8)}`;
  const versions = new Array<number>(writers).fill(0);
  const append = (w = 0) =>
    store.append(`${stream}-${w}`, versions[w], [benchNote(w, versions[w])]).then(() => void versions[w]++);
  let i = 0;
  let pv = 0;
  const pstream = `prep-${randomUUID().slice(0, 8)}`;
  const prepOnly = () => {
    const events = [benchNote(0, pv)];
    return (dataSource.driver as unknown as { master: Pool }).master
      .query({ ...APPEND_STATEMENT, values: appendParams(pstream, pv, prepare(pstream, pv, events)) })
      .then(() => void pv++);
  };
  // The append's statement sent directly on the pool (same parameters' shape, no event store JavaScript).
  const direct = (dataSource.driver as unknown as { master: Pool }).master;
  let dv = 0;
  const dstream = `direct-${randomUUID().slice(0, 8)}`;
  const pgOnly = () =>
    direct
      .query({
        name: 'netral_append_events_1',
        text: 'SELECT * FROM append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
        values: [
          dstream,
          dv,
          [randomUUID()],
          ['NoteAdded'],
          [1],
          [JSON.stringify({ text: 'Klarifikasi dijadwalkan', worker: 0, version: dv })],
          ['{"actorId":"bench","role":"officer","agency":"kota-bekasi"}'],
          [new Date().toISOString()],
          ['{"data":{"text":"x"},"recordedAt":"'],
          ['","schemaVersion":1}'],
        ],
      })
      .then(() => void dv++);
  const raw = () =>
    pool.query(`INSERT INTO bench_baseline (id, stream, data) VALUES ($1, $2, $3)`, [
      randomUUID(),
      'bench-0',
      JSON.stringify({ text: 'Klarifikasi dijadwalkan', worker: 0, i: i++ }),
    ]);
  const run = async (name: string, op: (writer: number) => Promise<unknown>, n: number) => {
    const threads = threadTicks();
    const cpu = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    let next = 0;
    await Promise.all(
      Array.from({ length: /append|raw/.test(name) ? writers : 1 }, async (_, w) => {
        while (next++ < n) await op(w);
      }),
    );
    const used = process.cpuUsage(cpu);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    console.log(
      `${name}: ${n} in ${ms.toFixed(0)} ms, ${((n / ms) * 1000).toFixed(0)}/s, client CPU ${((used.user + used.system) / 1000 / n).toFixed(4)} ms/op (user ${(used.user / 1000 / n).toFixed(4)}, sys ${(used.system / 1000 / n).toFixed(4)}); ${perThread(threads, n)}`,
    );
  };
  try {
    await run('warm append', append, 500);
    await run('warm raw', raw, 500);
    for (let r = 0; r < Number(process.env.PROFILE_ROUNDS ?? 2); r++) {
      if (mode === 'both' || mode === 'append') await run('append', append, total);
      if (mode === 'both' || mode === 'pg') await run('pg only', pgOnly, total);
      if (mode === 'both' || mode === 'prep') await run('prepare+pg', prepOnly, total);
      if (mode === 'both' || mode === 'raw') await run('raw', raw, total);
    }
    // PROFILE_OUT=file: one more round of `mode` under V8's sampling profiler (this round only).
    if (process.env.PROFILE_OUT) {
      const session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 100 });
      await session.post('Profiler.start');
      await run(`profiled ${mode}`, mode === 'raw' ? raw : mode === 'pg' ? pgOnly : append, total);
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
    }
  } finally {
    await pool.end();
    await dataSource.destroy();
    await pg?.stop();
  }
}

/** The projection of PROFILE_PROJECTION: a stream's event count, its row prefetched with the append. */
const countPerStream: Projection = {
  name: 'profile_count',
  tables: [
    {
      name: 'profile_count',
      ddl: (t) => [`CREATE TABLE IF NOT EXISTS ${t} (stream_id text PRIMARY KEY, events int NOT NULL)`],
    },
  ],
  prefetch: (t) => `SELECT events FROM ${t.profile_count} WHERE stream_id = $1`,
  async apply(events, sql, t, prefetched) {
    const row =
      prefetched === undefined
        ? (
            await sql.query<{ events: number }>(
              `SELECT events FROM ${t.profile_count} WHERE stream_id = $1`,
              [events[0].streamId],
            )
          )[0]
        : (prefetched as { events: number } | null);
    await sql.query(
      `INSERT INTO ${t.profile_count} (stream_id, events) VALUES ($1, $2)
       ON CONFLICT (stream_id) DO UPDATE SET events = EXCLUDED.events`,
      [events[0].streamId, (row?.events ?? 0) + events.length],
    );
  },
};

/**
 * CPU ticks (user + system, 10 ms) of each thread of this process by name: the main thread's share against
 * V8's helpers (GC, JIT compilers) and libuv's, which `process.cpuUsage` adds together.
 */
function threadTicks(): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name =
        tid === String(process.pid) ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(name, (ticks.get(name) ?? 0) + Number(fields[11]) + Number(fields[12]));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return ticks;
}

/** Each thread's CPU since `before`, in ms per operation (threads that used none left out). */
function perThread(before: Map<string, number>, n: number): string {
  const parts: string[] = [];
  for (const [name, t] of threadTicks()) {
    const ms = ((t - (before.get(name) ?? 0)) * 10) / n;
    if (ms > 0) parts.push(`${name} ${ms.toFixed(4)}`);
  }
  return `per thread (ms/op): ${parts.join(', ')}`;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
