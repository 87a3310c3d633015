import type { MigrationInterface, QueryRunner } from 'typeorm';
import { READING_CHANGED_CHANNEL } from './readings-in-force';

export const VIOLATION_READING_TABLE = 'violation_reading_choice';

/**
 * The administrators' choices of the SKB 2022 reading (violation catalogue `readings`), per agency. Append-only
 * like the events: the latest row of an agency is in force, earlier rows are its audit trail (who chose what,
 * when and why), so a trigger refuses UPDATE, DELETE and TRUNCATE.
 */
export class CreateViolationReadingChoice1767000000000 implements MigrationInterface {
  name = 'CreateViolationReadingChoice1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ${VIOLATION_READING_TABLE} (
        id                 bigserial PRIMARY KEY,
        agency             text NOT NULL,
        reading            text NOT NULL,
        catalogue_version  text NOT NULL,
        reason             text NOT NULL,
        actor_id           text NOT NULL,
        chosen_at          timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(
      `CREATE INDEX ${VIOLATION_READING_TABLE}_agency_idx ON ${VIOLATION_READING_TABLE} (agency, id)`,
    );
    await q.query(`
      CREATE FUNCTION ${VIOLATION_READING_TABLE}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '${VIOLATION_READING_TABLE} is append-only (% refused)', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER ${VIOLATION_READING_TABLE}_no_change BEFORE UPDATE OR DELETE ON ${VIOLATION_READING_TABLE}
      FOR EACH ROW EXECUTE FUNCTION ${VIOLATION_READING_TABLE}_append_only()`);
    await q.query(`
      CREATE TRIGGER ${VIOLATION_READING_TABLE}_no_truncate BEFORE TRUNCATE ON ${VIOLATION_READING_TABLE}
      FOR EACH STATEMENT EXECUTE FUNCTION ${VIOLATION_READING_TABLE}_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${VIOLATION_READING_TABLE}`);
    await q.query(`DROP FUNCTION ${VIOLATION_READING_TABLE}_append_only()`);
  }
}

/**
 * Announces every choice on READING_CHANGED_CHANNEL (payload: the agency) at its commit, so each API
 * instance can keep the readings in force in memory (readings-in-force.ts) and forget an agency's when it
 * changes, whichever instance (or psql session) stored the choice.
 */
export class NotifyViolationReadingChoice1767000000001 implements MigrationInterface {
  name = 'NotifyViolationReadingChoice1767000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION ${VIOLATION_READING_TABLE}_announce() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${READING_CHANGED_CHANNEL}', NEW.agency);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER ${VIOLATION_READING_TABLE}_announce AFTER INSERT ON ${VIOLATION_READING_TABLE}
      FOR EACH ROW EXECUTE FUNCTION ${VIOLATION_READING_TABLE}_announce()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER ${VIOLATION_READING_TABLE}_announce ON ${VIOLATION_READING_TABLE}`);
    await q.query(`DROP FUNCTION ${VIOLATION_READING_TABLE}_announce()`);
  }
}
