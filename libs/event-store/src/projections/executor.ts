import type { PoolClient } from 'pg';
import type { QueryRunner } from 'typeorm';
import type { Queryable } from '../pg-submittable';
import { type PipelinedStatement, runPipeline } from '../pipeline-query';
import type { SqlExecutor } from './projection';

/** Binds a projection's queries to one transaction. */
export function executor(runner: QueryRunner): SqlExecutor {
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      const result = await runner.query(sql, params, true);
      return (result.records ?? []) as Row[];
    },
    async write(sql: string, params?: unknown[]) {
      await runner.query(sql, params);
    },
  };
}

/** An executor whose writes wait for the transaction's end (see `pipelinedExecutor`). */
export interface PipelinedExecutor extends SqlExecutor {
  /** The writes not sent yet, then COMMIT: one round trip. */
  commit(): Promise<void>;
}

/**
 * The same on a pg client holding the transaction (the append with inline projections): the rows, as the
 * query runner answers them, none for a text of several statements. Writes are held and sent together with
 * the next read or with COMMIT, in one round trip (pipeline-query.ts): their answers are never read, and
 * PostgreSQL runs them in order, so a later statement sees them. An error of a held write is the error of
 * that read or of `commit()`.
 */
export function pipelinedExecutor(client: PoolClient): PipelinedExecutor {
  let held: PipelinedStatement[] = [];
  const send = (last: PipelinedStatement[]) => {
    const batch = [...held, ...last];
    held = [];
    return batch.length === 0 ? Promise.resolve() : runPipeline(client as unknown as Queryable, batch);
  };
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      await send([]);
      return ((await client.query(sql, params)).rows ?? []) as Row[];
    },
    write(sql: string, params: unknown[] = []) {
      held.push({ text: sql, values: params });
      return Promise.resolve();
    },
    commit: () => send([{ text: 'COMMIT', values: [] }]),
  };
}
