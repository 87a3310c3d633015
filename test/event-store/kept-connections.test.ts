// `keptConnections`: the pool keeps the connections it opened past the idle timeout that closes the others,
// so a burst of requests after a pause reuses the same backends instead of opening new ones (the API's
// pool; a new connection cost a GET /cases 340-390 ms under load, #15).
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { openDataSource } from '@netral/event-store';
import { createTestDatabase } from '../support/database';
import { waitFor } from '../support/wait';

const poolOf = (dataSource: DataSource) => (dataSource.driver as PostgresDriver).master as Pool;

/** Three statements at once, each holding its connection a moment: three connections, their backends' pids. */
async function burst(dataSource: DataSource): Promise<Set<number>> {
  const rows = await Promise.all(
    [1, 2, 3].map(
      () => dataSource.query(`SELECT pg_backend_pid() AS pid, pg_sleep(0.05)`) as Promise<{ pid: number }[]>,
    ),
  );
  return new Set(rows.map(([row]) => row.pid));
}

describe('openDataSource keptConnections', () => {
  let kept: DataSource;
  let plain: DataSource;

  beforeAll(async () => {
    const url = await createTestDatabase('kept_connections');
    kept = await openDataSource({ url, poolSize: 3, keptConnections: 3, idleTimeoutMillis: 100 });
    plain = await openDataSource({ url, poolSize: 3, idleTimeoutMillis: 100 });
  });
  afterAll(async () => {
    await kept?.destroy();
    await plain?.destroy();
  });

  it('keeps the connections it opened idle past the idle timeout that closes those of a plain pool', async () => {
    const before = await burst(kept);
    expect(before.size).toBe(3);
    expect((await burst(plain)).size).toBe(3);

    // The plain pool's connections close once idle for 100 ms; the kept ones, idle as long, stay.
    await waitFor(async () => poolOf(plain).totalCount === 0);
    expect(poolOf(kept).totalCount).toBe(3);
    expect(poolOf(kept).idleCount).toBe(3);
    expect(await burst(kept)).toEqual(before);
  });
});
