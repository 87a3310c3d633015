import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The stored function that appends (see `EventStore.append` and the event store's README). */
export const APPEND_FUNCTION = 'append_events';

/**
 * Positions of one transaction: its id (xid8) shifted left by this many bits, plus the event's place among
 * the transaction's events. A reader that stops below `pg_snapshot_xmin(pg_current_snapshot()) << bits`
 * sees only transactions that have ended, so it never meets a position and later an earlier one.
 */
export const POSITION_XACT_SHIFT = 16;

/** Transaction-local setting with the next free position of the transaction's slot. */
const NEXT_POSITION_SETTING = 'netral.next_position';

/**
 * Appends in one call of a stored function, without the global advisory lock (after Marten's
 * `mt_quick_append_events` and Emmett's PostgreSQL store): optimistic concurrency on the locked stream row
 * (on a version mismatch, the events found already stored make it a retry, else a conflict; an event id
 * stored elsewhere fails the insert on its unique index), the hash chain with PostgreSQL's own sha256 over the canonical form the writer sends,
 * the inserts and the stream head, all in one round trip. Positions encode the appending transaction's id
 * (see POSITION_XACT_SHIFT); `event_streams.last_position` lets the function refuse the rare transaction
 * whose id predates the stream's last append, so positions rise with versions within every stream.
 */
export class AppendFunction1766000000000 implements MigrationInterface {
  name = 'AppendFunction1766000000000';

  async up(q: QueryRunner): Promise<void> {
    // Every read of events by type is within a stream, served by (stream_id, version): one index fewer
    // to maintain on every append.
    await q.query(`DROP INDEX events_type_idx`);
    await q.query(`ALTER TABLE event_streams ADD COLUMN last_position bigint NOT NULL DEFAULT 0`);
    await q.query(`
      UPDATE event_streams s SET last_position = coalesce(
        (SELECT max(e.position) FROM events e WHERE e.stream_id = s.stream_id), 0)`);
    await q.query(`
      CREATE FUNCTION ${APPEND_FUNCTION}(
        p_stream_id text, p_expected_version integer, p_event_ids text[], p_types text[],
        p_schema_versions integer[], p_data jsonb[], p_metadata jsonb[], p_occurred_at timestamptz[],
        p_canonical_heads text[], p_canonical_tails text[])
      RETURNS TABLE (outcome text, event_id text, stream_id text, version integer, type text,
        event_position bigint, recorded_at timestamptz, previous_hash text, hash text)
      LANGUAGE plpgsql AS $fn$
      #variable_conflict use_column
      DECLARE
        v_count constant integer := cardinality(p_event_ids);
        v_version integer;
        v_hash text;
        v_last_position bigint;
        v_base bigint;
        v_next bigint;
        v_recorded timestamptz;
        v_recorded_text text;
        v_previous text;
      BEGIN
        SELECT s.version, s.last_hash, s.last_position INTO v_version, v_hash, v_last_position
          FROM event_streams s WHERE s.stream_id = p_stream_id FOR UPDATE;
        IF NOT FOUND AND p_expected_version = 0 THEN
          INSERT INTO event_streams (stream_id, version, last_hash) VALUES (p_stream_id, 0, repeat('0', 64))
            ON CONFLICT DO NOTHING;
          SELECT s.version, s.last_hash, s.last_position INTO v_version, v_hash, v_last_position
            FROM event_streams s WHERE s.stream_id = p_stream_id FOR UPDATE;
        END IF;
        IF coalesce(v_version, 0) <> p_expected_version THEN
          -- Events stored already make this a retry (perhaps of an append that won just now): a no-op.
          RETURN QUERY SELECT 'stored'::text, e.event_id, e.stream_id, e.version, e.type, e.position,
              e.recorded_at, e.previous_hash::text, e.hash::text
            FROM events e WHERE e.event_id = ANY(p_event_ids) ORDER BY e.position;
          IF FOUND THEN RETURN; END IF;
          RETURN QUERY SELECT 'conflict'::text, NULL::text, p_stream_id, coalesce(v_version, 0), NULL::text,
            NULL::bigint, NULL::timestamptz, NULL::text, NULL::text;
          RETURN;
        END IF;

        v_base := pg_current_xact_id()::text::bigint << ${POSITION_XACT_SHIFT};
        IF v_last_position >= v_base + (1 << ${POSITION_XACT_SHIFT}) THEN
          RAISE EXCEPTION 'stream % was appended to by a younger transaction; retry the append', p_stream_id
            USING ERRCODE = 'serialization_failure';
        END IF;
        -- After this transaction's earlier appends, if any (a transaction-local setting, gone at its end).
        v_next := greatest(v_base, coalesce(nullif(current_setting('${NEXT_POSITION_SETTING}', true), '')::bigint, 0));
        IF v_next + v_count > v_base + (1 << ${POSITION_XACT_SHIFT}) THEN
          RAISE EXCEPTION 'one transaction appends at most % events', 1 << ${POSITION_XACT_SHIFT}
            USING ERRCODE = 'program_limit_exceeded';
        END IF;

        -- Milliseconds, as JavaScript's toISOString (and so the verifier) prints the time.
        v_recorded := date_trunc('milliseconds', clock_timestamp());
        v_recorded_text := to_char(v_recorded AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
        FOR i IN 1 .. v_count LOOP
          v_previous := v_hash;
          v_hash := encode(sha256(convert_to(
            v_previous || E'\\n' || p_canonical_heads[i] || v_recorded_text || p_canonical_tails[i], 'UTF8')), 'hex');
          INSERT INTO events (position, event_id, stream_id, version, type, schema_version, data, metadata,
              occurred_at, recorded_at, previous_hash, hash)
            VALUES (v_next + i - 1, p_event_ids[i], p_stream_id, v_version + i, p_types[i], p_schema_versions[i],
              p_data[i], p_metadata[i], p_occurred_at[i], v_recorded, v_previous, v_hash);
          outcome := 'appended';
          event_id := p_event_ids[i];
          stream_id := p_stream_id;
          version := v_version + i;
          type := p_types[i];
          event_position := v_next + i - 1;
          recorded_at := v_recorded;
          previous_hash := v_previous;
          hash := v_hash;
          RETURN NEXT;
        END LOOP;
        PERFORM set_config('${NEXT_POSITION_SETTING}', (v_next + v_count)::text, true);
        UPDATE event_streams s SET version = v_version + v_count, last_hash = v_hash,
            last_position = v_next + v_count - 1, updated_at = v_recorded
          WHERE s.stream_id = p_stream_id;
      END $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION ${APPEND_FUNCTION}`);
    await q.query(`ALTER TABLE event_streams DROP COLUMN last_position`);
    await q.query(`CREATE INDEX events_type_idx ON events (type)`);
    // The previous append takes positions from the sequence: let it continue after the highest one.
    await q.query(`SELECT setval('events_position_seq', coalesce(max(position), 0) + 1, false) FROM events`);
  }
}
