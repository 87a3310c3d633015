import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APPEND_FUNCTION, POSITION_XACT_SHIFT } from './1766000000000-append-function';

/** The function as migration 1766000000000 created it, kept (renamed) so that `down` restores it as it was. */
const PREVIOUS_FUNCTION = 'append_events_1766';

/** The row type of the function's answer (the columns as before), so that one statement fills a row. */
const ROW_TYPE = 'append_events_row';

const SIGNATURE = `p_stream_id text, p_expected_version integer, p_event_ids text[], p_types text[],
  p_schema_versions integer[], p_data jsonb[], p_metadata jsonb[], p_occurred_at timestamptz[],
  p_canonical_heads text[], p_canonical_tails text[]`;
const ARGUMENT_TYPES = `text, integer, text[], text[], integer[], jsonb[], jsonb[], timestamptz[], text[], text[]`;

/**
 * The same append, same arguments, same answer, with less work per call (issue #15; bench/notes/
 * s11-append-sql2.md):
 * - the stream head is read without a lock and written back only if it did not move, by `UPDATE … WHERE
 *   version = expected` (Marten's way): in READ COMMITTED an UPDATE that waited for a concurrent writer
 *   re-checks its WHERE on the row that writer committed, so exactly one writer wins each version, as with
 *   `SELECT … FOR UPDATE` before, without that statement and its WAL record (a row lock);
 * - a new stream is one `INSERT … ON CONFLICT DO NOTHING` at its final version, not an insert at version 0,
 *   a lock and an update;
 * - the position counter's setting is read and advanced in one expression, and each event's row is filled
 *   by its INSERT … RETURNING (PL/pgSQL compiles every expression once per transaction, so once per append).
 * A writer that lost (the head moved, or another writer created the stream) then reads with a new snapshot,
 * as the function did before: events of this append stored already make it a retry ('stored'), else it is a
 * conflict with the version now stored. Hashes, positions, recording time and the rule against a transaction
 * older than the stream's last append are unchanged.
 */
export class LeanAppend1767300000000 implements MigrationInterface {
  name = 'LeanAppend1767300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION ${APPEND_FUNCTION}(${ARGUMENT_TYPES}) RENAME TO ${PREVIOUS_FUNCTION}`);
    await q.query(`
      CREATE TYPE ${ROW_TYPE} AS (outcome text, event_id text, stream_id text, version integer, type text,
        event_position bigint, recorded_at timestamptz, previous_hash text, hash text)`);
    await q.query(LEAN_APPEND_FUNCTION);
    // PostgreSQL parses and plans every CHECK constraint of a table anew, from its stored text, for each
    // statement that writes the table: ~200,000 instructions of an append's ~1,070,000 (callgrind), more
    // than its three index inserts. What they checked is checked before the call: EventStore.append
    // refuses ids, stream ids and types that are not 1-200 characters of their alphabets and schema
    // versions below 1, and versions follow from the stream's own (>= 0) plus the events' count (>= 1).
    // Checking the same inside the function cost ~50,000 more (PL/pgSQL compiles an expression once per
    // transaction, and every append is its own). The foreign key guards nothing the function does not: it
    // writes the stream row before the stream's events, and nothing deletes stream rows (~45,000 per event).
    await q.query(`
      ALTER TABLE events DROP CONSTRAINT events_event_id_check, DROP CONSTRAINT events_version_check,
        DROP CONSTRAINT events_type_check, DROP CONSTRAINT events_schema_version_check,
        DROP CONSTRAINT events_stream_id_fkey`);
    // Each append rewrites its stream's row: room on the page keeps that update HOT (no index entry, no
    // new page) once streams outnumber what fits in the free space of full pages. New pages only; existing
    // ones get the room as VACUUM frees it.
    await q.query(`
      ALTER TABLE event_streams DROP CONSTRAINT event_streams_stream_id_check,
        DROP CONSTRAINT event_streams_version_check, SET (fillfactor = 70)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE event_streams RESET (fillfactor),
        ADD CONSTRAINT event_streams_stream_id_check CHECK (length(stream_id) BETWEEN 1 AND 200),
        ADD CONSTRAINT event_streams_version_check CHECK (version >= 0)`);
    await q.query(`
      ALTER TABLE events ADD CONSTRAINT events_event_id_check CHECK (length(event_id) BETWEEN 1 AND 200),
        ADD CONSTRAINT events_version_check CHECK (version >= 1),
        ADD CONSTRAINT events_type_check CHECK (length(type) BETWEEN 1 AND 200),
        ADD CONSTRAINT events_schema_version_check CHECK (schema_version >= 1),
        ADD CONSTRAINT events_stream_id_fkey FOREIGN KEY (stream_id) REFERENCES event_streams (stream_id)`);
    await q.query(`DROP FUNCTION ${APPEND_FUNCTION}(${ARGUMENT_TYPES})`);
    await q.query(`DROP TYPE ${ROW_TYPE}`);
    await q.query(`ALTER FUNCTION ${PREVIOUS_FUNCTION}(${ARGUMENT_TYPES}) RENAME TO ${APPEND_FUNCTION}`);
  }
}

const SLOT = 1 << POSITION_XACT_SHIFT;

const LEAN_APPEND_FUNCTION = `
  CREATE FUNCTION ${APPEND_FUNCTION}(${SIGNATURE}) RETURNS SETOF ${ROW_TYPE}
  LANGUAGE plpgsql AS $fn$
  DECLARE
    v_count constant integer := cardinality(p_event_ids);
    v_version integer;
    v_hash text;
    v_last_position bigint;
    v_base bigint;
    v_next bigint;
    v_recorded timestamptz;
    v_hashes text[];
    v_row ${ROW_TYPE};
  BEGIN
    -- The head as this statement sees it, unlocked: the write below checks that it has not moved.
    SELECT s.version, s.last_hash, s.last_position INTO v_version, v_hash, v_last_position
      FROM event_streams s WHERE s.stream_id = p_stream_id;
    IF v_version <> p_expected_version THEN
      -- Rare: as before, wait for the stream's writer in progress, if any, and take the head it leaves (a
      -- writer may know of the version that one is about to commit).
      SELECT s.version, s.last_hash, s.last_position INTO v_version, v_hash, v_last_position
        FROM event_streams s WHERE s.stream_id = p_stream_id FOR UPDATE;
    END IF;
    IF coalesce(v_version, 0) = p_expected_version AND v_count > 0 THEN
      v_base := pg_current_xact_id()::text::bigint << ${POSITION_XACT_SHIFT};
      -- Positions after this transaction's earlier appends, if any (a transaction-local setting, gone at its
      -- end), taken before the write: a conflict below leaves a gap in the transaction's slot, no harm.
      v_next := set_config('netral.next_position', (greatest(v_base, coalesce(
          nullif(current_setting('netral.next_position', true), '')::bigint, 0)) + v_count)::text, true)::bigint - v_count;
      IF v_last_position >= v_base + ${SLOT} OR v_next + v_count > v_base + ${SLOT} THEN
        IF v_last_position >= v_base + ${SLOT} THEN
          RAISE EXCEPTION 'stream % was appended to by a younger transaction; retry the append', p_stream_id
            USING ERRCODE = 'serialization_failure';
        END IF;
        RAISE EXCEPTION 'one transaction appends at most % events', ${SLOT} USING ERRCODE = 'program_limit_exceeded';
      END IF;
      -- Milliseconds, as JavaScript's toISOString (and so the verifier) prints the time.
      v_recorded := date_trunc('milliseconds', clock_timestamp());
      v_hashes := ARRAY[coalesce(v_hash, repeat('0', 64))];
      FOR i IN 1 .. v_count LOOP
        v_hashes[i + 1] := encode(sha256(convert_to(v_hashes[i] || E'\\n' || p_canonical_heads[i]
          || to_char(v_recorded AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || p_canonical_tails[i],
          'UTF8')), 'hex');
      END LOOP;
      IF v_version IS NULL THEN
        INSERT INTO event_streams (stream_id, version, last_hash, last_position, updated_at)
          VALUES (p_stream_id, v_count, v_hashes[v_count + 1], v_next + v_count - 1, v_recorded)
          ON CONFLICT DO NOTHING;
      ELSE
        -- Waits for a concurrent writer of this stream; if that one committed, the row no longer matches.
        UPDATE event_streams s SET version = p_expected_version + v_count, last_hash = v_hashes[v_count + 1],
            last_position = v_next + v_count - 1, updated_at = v_recorded
          WHERE s.stream_id = p_stream_id AND s.version = p_expected_version;
      END IF;
      IF FOUND THEN
        FOR i IN 1 .. v_count LOOP
          INSERT INTO events AS e (position, event_id, stream_id, version, type, schema_version, data, metadata,
              occurred_at, recorded_at, previous_hash, hash)
            VALUES (v_next + i - 1, p_event_ids[i], p_stream_id, p_expected_version + i, p_types[i],
              p_schema_versions[i], p_data[i], p_metadata[i], p_occurred_at[i], v_recorded, v_hashes[i],
              v_hashes[i + 1])
            RETURNING 'appended', e.event_id, e.stream_id, e.version, e.type, e.position, e.recorded_at,
              e.previous_hash, e.hash INTO v_row;
          RETURN NEXT v_row;
        END LOOP;
        RETURN;
      END IF;
    END IF;
    -- Not appended. Events stored already make this a retry (perhaps of an append that won just now).
    RETURN QUERY SELECT 'stored'::text, e.event_id, e.stream_id, e.version, e.type, e.position,
        e.recorded_at, e.previous_hash::text, e.hash::text
      FROM events e WHERE e.event_id = ANY(p_event_ids) ORDER BY e.position;
    IF FOUND THEN RETURN; END IF;
    RETURN QUERY SELECT 'conflict'::text, NULL::text, p_stream_id, coalesce(s.version, 0), NULL::text,
        NULL::bigint, NULL::timestamptz, NULL::text, NULL::text
      FROM (SELECT 1) one LEFT JOIN event_streams s ON s.stream_id = p_stream_id;
  END $fn$`;
