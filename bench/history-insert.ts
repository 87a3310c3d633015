/**
 * `npx tsx bench/history-insert.ts`: PostgreSQL's CPU to store one history event the size of a
 * registration's start event (the case configuration in force, ~36 KB of JSON), by how its bytes are sent
 * and stored (bench/notes/s15-registration.md): a bytea[] parameter (pg writes it as hex text), one binary
 * bytea parameter cut by substring (store/persist.ts), and the same into a column with STORAGE EXTERNAL (no
 * TOAST compression; the embedded binaries have no lz4). HISTORY_INSERT_N (1,500) inserts per variant and
 * round, in one transaction, three alternated rounds; the backend's /proc CPU, this client's CPU and the WAL
 * bytes per insert.
 */
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '@netral/embedded-postgres';
import { caseConfigSource } from '@netral/workflows';
import { cpuOf } from './proc-cpu';

const N = Number(process.env.HISTORY_INSERT_N ?? 1500);

async function main(): Promise<void> {
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(os.tmpdir(), `netral-history-insert-${process.pid}`),
    persistent: false,
  });
  try {
    const c = new Client({ connectionString: await pg.createDatabase('history_insert') });
    await c.connect();
    const backend = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const data = Buffer.from(JSON.stringify({ config: caseConfigSource()() }));
    for (const table of ['compressed', 'external']) {
      await c.query(
        `CREATE TABLE ${table} (run_id uuid, event_id int, data bytea NOT NULL, PRIMARY KEY (run_id, event_id))`,
      );
    }
    await c.query('ALTER TABLE external ALTER COLUMN data SET STORAGE EXTERNAL');
    const binary = (table: string) =>
      `INSERT INTO ${table} SELECT x.r, x.i, substring($3::bytea FROM x.o FOR x.l)
       FROM unnest($1::uuid[], $2::int[], $4::int[], $5::int[]) AS x(r, i, o, l)`;
    const variants: Record<string, () => Promise<unknown>> = {
      hexArray: () =>
        c.query({
          name: 'hex',
          text: 'INSERT INTO compressed SELECT * FROM unnest($1::uuid[], $2::int[], $3::bytea[])',
          values: [[randomUUID()], [1], [data]],
        }),
      binary: () =>
        c.query({
          name: 'bin',
          text: binary('compressed'),
          values: [[randomUUID()], [1], data, [1], [data.length]],
        }),
      binaryExternal: () =>
        c.query({
          name: 'ext',
          text: binary('external'),
          values: [[randomUUID()], [1], data, [1], [data.length]],
        }),
    };
    console.log(`event bytes ${data.length}`);
    for (let round = 0; round < 3; round++) {
      for (const [name, insert] of Object.entries(variants)) {
        await c.query('BEGIN');
        const { lsn } = (await c.query<{ lsn: string }>('SELECT pg_current_wal_lsn() AS lsn')).rows[0];
        const pg0 = cpuOf(backend);
        const client0 = process.cpuUsage();
        for (let i = 0; i < N; i++) await insert();
        const pgMs = cpuOf(backend) - pg0;
        const client = process.cpuUsage(client0);
        const { wal } = (
          await c.query<{ wal: string }>('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1) AS wal', [lsn])
        ).rows[0];
        await c.query('COMMIT');
        console.log(
          `round ${round} ${name}: backend ${Math.round((pgMs * 1000) / N)} µs, client ${Math.round((client.user + client.system) / N)} µs, WAL ${Math.round(Number(wal) / N)} B per insert (load ${os.loadavg()[0].toFixed(1)})`,
        );
      }
    }
    await c.end();
  } finally {
    await pg.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
