import type { MigrationInterface, QueryRunner } from 'typeorm';
import { POSITION_XACT_SHIFT } from './1766000000000-append-function';

/** The append of exactly one event: `append_events` with each array argument as its one element. */
export const APPEND_ONE_FUNCTION = 'append_event';

const ARGUMENT_TYPES = `text, integer, text, text, integer, jsonb, jsonb, timestamptz, text, text`;

const SLOT = 1 << POSITION_XACT_SHIFT;

/**
 * Most appends carry one event (issue #15; bench/notes/s13-append4.md). For them `append_events` (migration
 * 1767300000000) paid for its generality on every call: eight array arguments parsed (each jsonb element
 * through jsonb's input again) and subscripted, a hash array built, two loops, and PL/pgSQL sets up each
 * expression it evaluates once per transaction, i.e. once per append. This function does the same append
 * with scalar arguments and no loop: 551,000 instead of 674,000 instructions per one-event append
 * (callgrind, `postgres --single`, 400 appends), and the client sends no array literals.
 *
 * Same rules, same answer as `append_events` for one event: the head read unlocked and written back only if
 * it did not move (else a wait `FOR UPDATE` and the stored-or-conflict answer), a new stream created at its
 * final version, the position from the transaction's id and the transaction-local counter, the rule against a
 * transaction older than the stream's last append, the recording time in milliseconds and the hash of
 * `previous_hash \n head <recordedAt> tail`. `append_events` stays for appends of several events.
 */
export class AppendOneEvent1767700000000 implements MigrationInterface {
  name = 'AppendOneEvent1767700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(APPEND_ONE_FUNCTION_SQL);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION ${APPEND_ONE_FUNCTION}(${ARGUMENT_TYPES})`);
  }
}

const APPEND_ONE_FUNCTION_SQL = `
  CREATE FUNCTION ${APPEND_ONE_FUNCTION}(p_stream_id text, p_expected_version integer, p_event_id text,
    p_type text, p_schema_version integer, p_data jsonb, p_metadata jsonb, p_occurred_at timestamptz,
    p_canonical_head text, p_canonical_tail text) RETURNS SETOF append_events_row
  LANGUAGE plpgsql AS $fn$
  DECLARE
    v_version integer;
    v_hash text;
    v_last_position bigint;
    v_base bigint;
    v_next bigint;
    v_recorded timestamptz;
    v_new_hash text;
    v_row append_events_row;
  BEGIN
    -- The head as this statement sees it, unlocked: the write below checks that it has not moved.
    SELECT s.version, s.last_hash, s.last_position INTO v_version, v_hash, v_last_position
      FROM event_streams s WHERE s.stream_id = p_stream_id;
    IF v_version <> p_expected_version THEN
      -- Rare: wait for the stream's writer in progress, if any, and take the head it leaves.
      SELECT s.version, s.last_hash, s.last_position INTO v_version, v_hash, v_last_position
        FROM event_streams s WHERE s.stream_id = p_stream_id FOR UPDATE;
    END IF;
    IF coalesce(v_version, 0) = p_expected_version THEN
      v_base := pg_current_xact_id()::text::bigint << ${POSITION_XACT_SHIFT};
      -- The position after this transaction's earlier appends, if any (a transaction-local setting).
      v_next := set_config('netral.next_position', (greatest(v_base, coalesce(
          nullif(current_setting('netral.next_position', true), '')::bigint, 0)) + 1)::text, true)::bigint - 1;
      IF v_last_position >= v_base + ${SLOT} OR v_next >= v_base + ${SLOT} THEN
        IF v_last_position >= v_base + ${SLOT} THEN
          RAISE EXCEPTION 'stream % was appended to by a younger transaction; retry the append', p_stream_id
            USING ERRCODE = 'serialization_failure';
        END IF;
        RAISE EXCEPTION 'one transaction appends at most % events', ${SLOT} USING ERRCODE = 'program_limit_exceeded';
      END IF;
      -- Milliseconds, as JavaScript's toISOString (and so the verifier) prints the time.
      v_recorded := date_trunc('milliseconds', clock_timestamp());
      v_hash := coalesce(v_hash, repeat('0', 64));
      v_new_hash := encode(sha256(convert_to(v_hash || E'\\n' || p_canonical_head
        || to_char(v_recorded AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || p_canonical_tail,
        'UTF8')), 'hex');
      IF v_version IS NULL THEN
        INSERT INTO event_streams (stream_id, version, last_hash, last_position, updated_at)
          VALUES (p_stream_id, 1, v_new_hash, v_next, v_recorded)
          ON CONFLICT DO NOTHING;
      ELSE
        -- Waits for a concurrent writer of this stream; if that one committed, the row no longer matches.
        UPDATE event_streams s SET version = p_expected_version + 1, last_hash = v_new_hash,
            last_position = v_next, updated_at = v_recorded
          WHERE s.stream_id = p_stream_id AND s.version = p_expected_version;
      END IF;
      IF FOUND THEN
        INSERT INTO events AS e (position, event_id, stream_id, version, type, schema_version, data, metadata,
            occurred_at, recorded_at, previous_hash, hash)
          VALUES (v_next, p_event_id, p_stream_id, p_expected_version + 1, p_type, p_schema_version, p_data,
            p_metadata, p_occurred_at, v_recorded, v_hash, v_new_hash)
          RETURNING 'appended', e.event_id, e.stream_id, e.version, e.type, e.position, e.recorded_at,
            e.previous_hash, e.hash INTO v_row;
        RETURN NEXT v_row;
        RETURN;
      END IF;
    END IF;
    -- Not appended. The event stored already makes this a retry (perhaps of an append that won just now).
    RETURN QUERY SELECT 'stored'::text, e.event_id, e.stream_id, e.version, e.type, e.position,
        e.recorded_at, e.previous_hash::text, e.hash::text
      FROM events e WHERE e.event_id = p_event_id;
    IF FOUND THEN RETURN; END IF;
    RETURN QUERY SELECT 'conflict'::text, NULL::text, p_stream_id, coalesce(s.version, 0), NULL::text,
        NULL::bigint, NULL::timestamptz, NULL::text, NULL::text
      FROM (SELECT 1) one LEFT JOIN event_streams s ON s.stream_id = p_stream_id;
  END $fn$`;
