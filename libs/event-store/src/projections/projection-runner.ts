import type { DataSource, QueryRunner } from 'typeorm';
import { EventStore } from '../event-store';
import { executor } from './executor';
import { type Projection, liveTables, relevantEvents } from './projection';

export interface RebuildReport {
  projection: string;
  /** Position of the last event replayed. */
  position: number;
  tables: {
    table: string;
    liveRows: number;
    rebuiltRows: number;
    /** Rows in the live table that the rebuild did not produce. */
    onlyInLive: number;
    /** Rows the rebuild produced that the live table lacks. */
    onlyInRebuild: number;
  }[];
  /** True when every rebuilt table holds exactly the live table's rows. */
  equal: boolean;
  /** True when the rebuilt tables replaced the live ones. */
  swapped: boolean;
}

const BATCH = 1000;
const REBUILD_SUFFIX = '__rebuild';

/**
 * Runs projections outside the append transaction: catch-up from a stored checkpoint, and rebuild from
 * position 0 into fresh tables that are compared with the live ones and then swapped in.
 */
export class ProjectionRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
  ) {}

  /** Applies every event after the projection's checkpoint; returns how many events were read. */
  async catchUp(projection: Projection): Promise<number> {
    let processed = 0;
    for (;;) {
      const checkpoint = await this.checkpoint(projection.name);
      const events = await this.store.readAll(checkpoint, BATCH);
      if (events.length === 0) return processed;
      await this.inTransaction(async (runner) => {
        // The checkpoint row is locked so two runners never apply the same batch.
        const [row] = (await runner.query(
          `SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE`,
          [projection.name],
        )) as { position: string }[];
        if (Number(row.position) !== checkpoint) return;
        const relevant = relevantEvents(projection, events);
        if (relevant.length > 0) await projection.apply(relevant, executor(runner), liveTables(projection));
        await runner.query(
          `UPDATE projection_checkpoints SET position = $2, updated_at = clock_timestamp() WHERE name = $1`,
          [projection.name, events[events.length - 1].position],
        );
      });
      processed += events.length;
    }
  }

  /**
   * Replays all events into fresh tables, compares them with the live tables and, when `swap` is set,
   * replaces the live tables with the rebuilt ones. Appends pause only for the final catch-up and swap.
   */
  async rebuild(projection: Projection, options: { swap: boolean } = { swap: true }): Promise<RebuildReport> {
    const names = Object.fromEntries(projection.tables.map((t) => [t.name, t.name + REBUILD_SUFFIX]));
    await this.inTransaction(async (runner) => {
      for (const table of projection.tables) {
        await runner.query(`DROP TABLE IF EXISTS ${names[table.name]}`);
        for (const statement of table.ddl(names[table.name])) await runner.query(statement);
      }
    });
    let position = await this.replay(projection, names, 0);
    return this.inTransaction(async (runner) => {
      // Hold back appends: no event can be appended (nor an inline projection write) until we are done.
      await EventStore.lockAppends(runner);
      position = await this.replay(projection, names, position, runner);
      const tables = [];
      for (const table of projection.tables) {
        tables.push(await compare(runner, table.name, names[table.name], table.compareColumns));
      }
      const equal = tables.every((t) => t.onlyInLive === 0 && t.onlyInRebuild === 0);
      if (options.swap) {
        for (const table of projection.tables) {
          await runner.query(`DROP TABLE ${table.name}`);
          await runner.query(`ALTER TABLE ${names[table.name]} RENAME TO ${table.name}`);
          await renameIndexes(runner, table.name);
        }
        await runner.query(
          `INSERT INTO projection_checkpoints (name, position) VALUES ($1, $2)
           ON CONFLICT (name) DO UPDATE SET position = $2, updated_at = clock_timestamp()`,
          [projection.name, position],
        );
      } else {
        for (const table of projection.tables) await runner.query(`DROP TABLE ${names[table.name]}`);
      }
      return { projection: projection.name, position, tables, equal, swapped: options.swap };
    });
  }

  private async replay(
    projection: Projection,
    tables: Record<string, string>,
    from: number,
    runner?: QueryRunner,
  ): Promise<number> {
    let position = from;
    for (;;) {
      // Under the append lock (runner), every committed event is final: read through it.
      const events = await this.store.readAll(position, BATCH, runner);
      if (events.length === 0) return position;
      const relevant = relevantEvents(projection, events);
      if (relevant.length > 0) {
        if (runner) await projection.apply(relevant, executor(runner), tables);
        else await this.inTransaction((r) => projection.apply(relevant, executor(r), tables));
      }
      position = events[events.length - 1].position;
    }
  }

  private async checkpoint(name: string): Promise<number> {
    await this.dataSource.query(
      `INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT DO NOTHING`,
      [name],
    );
    const [row] = (await this.dataSource.query(
      `SELECT position FROM projection_checkpoints WHERE name = $1`,
      [name],
    )) as { position: string }[];
    return Number(row.position);
  }

  private async inTransaction<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const result = await work(runner);
      await runner.commitTransaction();
      return result;
    } catch (e) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw e;
    } finally {
      await runner.release();
    }
  }
}

async function compare(runner: QueryRunner, live: string, rebuilt: string, columns?: readonly string[]) {
  const cols = columns?.join(', ') ?? '*';
  const count = async (sql: string) => Number(((await runner.query(sql)) as { n: string }[])[0].n);
  return {
    table: live,
    liveRows: await count(`SELECT count(*) AS n FROM ${live}`),
    rebuiltRows: await count(`SELECT count(*) AS n FROM ${rebuilt}`),
    onlyInLive: await count(
      `SELECT count(*) AS n FROM (SELECT ${cols} FROM ${live} EXCEPT ALL SELECT ${cols} FROM ${rebuilt}) d`,
    ),
    onlyInRebuild: await count(
      `SELECT count(*) AS n FROM (SELECT ${cols} FROM ${rebuilt} EXCEPT ALL SELECT ${cols} FROM ${live}) d`,
    ),
  };
}

/** Indexes keep the rebuild's names after the table is renamed; give them back the live names. */
async function renameIndexes(runner: QueryRunner, table: string): Promise<void> {
  const indexes = (await runner.query(`SELECT indexname FROM pg_indexes WHERE tablename = $1`, [table])) as {
    indexname: string;
  }[];
  for (const { indexname } of indexes) {
    if (indexname.includes(REBUILD_SUFFIX)) {
      await runner.query(`ALTER INDEX ${indexname} RENAME TO ${indexname.replace(REBUILD_SUFFIX, '')}`);
    }
  }
}
