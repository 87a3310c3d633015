import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The system of record. `event_streams` holds each stream's version and last hash (the row that writers
 * lock for optimistic concurrency); `events` is append-only.
 */
export class CreateEventStore1763856000000 implements MigrationInterface {
  name = 'CreateEventStore1763856000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE event_streams (
        stream_id   text PRIMARY KEY CHECK (length(stream_id) BETWEEN 1 AND 200),
        version     integer NOT NULL CHECK (version >= 0),
        last_hash   char(64) NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at  timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    // Positions come from this sequence only while the global append lock is held, so they follow
    // commit order and a reader never sees a later position before an earlier one.
    await q.query(`CREATE SEQUENCE events_position_seq AS bigint`);
    await q.query(`
      CREATE TABLE events (
        position        bigint PRIMARY KEY,
        event_id        text NOT NULL UNIQUE CHECK (length(event_id) BETWEEN 1 AND 200),
        stream_id       text NOT NULL REFERENCES event_streams (stream_id),
        version         integer NOT NULL CHECK (version >= 1),
        type            text NOT NULL CHECK (length(type) BETWEEN 1 AND 200),
        schema_version  integer NOT NULL DEFAULT 1 CHECK (schema_version >= 1),
        data            jsonb NOT NULL,
        metadata        jsonb NOT NULL,
        occurred_at     timestamptz NOT NULL,
        recorded_at     timestamptz NOT NULL,
        previous_hash   char(64) NOT NULL,
        hash            char(64) NOT NULL,
        UNIQUE (stream_id, version)
      )`);
    await q.query(`CREATE INDEX events_type_idx ON events (type)`);
    await q.query(`
      CREATE TABLE projection_checkpoints (
        name        text PRIMARY KEY,
        position    bigint NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE projection_checkpoints`);
    await q.query(`DROP TABLE events`);
    await q.query(`DROP SEQUENCE events_position_seq`);
    await q.query(`DROP TABLE event_streams`);
  }
}
