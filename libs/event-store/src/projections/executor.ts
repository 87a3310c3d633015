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
