import type { MigrationInterface, QueryRunner } from 'typeorm';

export const CASE_ACCESS_LOG_TABLE = 'case_access_log';

/**
 * Who read which case, when and how: one row per read of a case (or list of cases) through the API. Part
 * of the audit trail beside the events, so it is append-only like them: a trigger refuses UPDATE, DELETE
 * and TRUNCATE, and rows are never rewritten by projections or rebuilds.
 */
export class CreateCaseAccessLog1764100000000 implements MigrationInterface {
  name = 'CreateCaseAccessLog1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ${CASE_ACCESS_LOG_TABLE} (
        id              bigserial PRIMARY KEY,
        accessed_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_id        text NOT NULL,
        actor_role      text NOT NULL,
        actor_agency    text NOT NULL,
        actor_name      text,
        method          text NOT NULL,
        route           text NOT NULL,
        path            text NOT NULL,
        params          jsonb NOT NULL DEFAULT '{}',
        request_id      text NOT NULL,
        correlation_id  text,
        case_id         text,
        case_agency     text,
        case_ids        text[] NOT NULL DEFAULT '{}',
        status          integer NOT NULL
      )`);
    await q.query(`CREATE INDEX ${CASE_ACCESS_LOG_TABLE}_case_idx ON ${CASE_ACCESS_LOG_TABLE} (case_id, id)`);
    await q.query(
      `CREATE INDEX ${CASE_ACCESS_LOG_TABLE}_case_ids_idx ON ${CASE_ACCESS_LOG_TABLE} USING gin (case_ids)`,
    );
    await q.query(
      `CREATE INDEX ${CASE_ACCESS_LOG_TABLE}_actor_idx ON ${CASE_ACCESS_LOG_TABLE} (actor_id, accessed_at)`,
    );
    await q.query(`
      CREATE FUNCTION ${CASE_ACCESS_LOG_TABLE}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '${CASE_ACCESS_LOG_TABLE} is append-only (% refused)', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER ${CASE_ACCESS_LOG_TABLE}_no_change BEFORE UPDATE OR DELETE ON ${CASE_ACCESS_LOG_TABLE}
      FOR EACH ROW EXECUTE FUNCTION ${CASE_ACCESS_LOG_TABLE}_append_only()`);
    await q.query(`
      CREATE TRIGGER ${CASE_ACCESS_LOG_TABLE}_no_truncate BEFORE TRUNCATE ON ${CASE_ACCESS_LOG_TABLE}
      FOR EACH STATEMENT EXECUTE FUNCTION ${CASE_ACCESS_LOG_TABLE}_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${CASE_ACCESS_LOG_TABLE}`);
    await q.query(`DROP FUNCTION ${CASE_ACCESS_LOG_TABLE}_append_only()`);
  }
}
