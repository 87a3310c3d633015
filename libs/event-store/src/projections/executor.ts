import type { PoolClient } from 'pg';
import type { QueryRunner } from 'typeorm';
import type { SqlExecutor } from './projection';

/** Binds a projection's queries to one transaction. */
export function executor(runner: QueryRunner): SqlExecutor {
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      const result = await runner.query(sql, params, true);
      return (result.records ?? []) as Row[];
    },
  };
}

/**
 * The same on a pg client holding the transaction (the append with inline projections): the rows, as the
 * query runner answers them, none for a text of several statements.
 */
export function clientExecutor(client: PoolClient): SqlExecutor {
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      return ((await client.query(sql, params)).rows ?? []) as Row[];
    },
  };
}
