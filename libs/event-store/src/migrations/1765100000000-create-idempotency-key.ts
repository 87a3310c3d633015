import type { MigrationInterface, QueryRunner } from 'typeorm';

export const IDEMPOTENCY_KEY_TABLE = 'idempotency_key';

/**
 * The API's record of Idempotency-Keys (per caller): which request a key was first used for (a digest of
 * method, path and body) and, once answered, the answer to replay. In PostgreSQL so that every API
 * instance, and an API after a restart, sees the same keys; rows expire (`expires_at`) and are swept.
 */
export class CreateIdempotencyKey1765100000000 implements MigrationInterface {
  name = 'CreateIdempotencyKey1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ${IDEMPOTENCY_KEY_TABLE} (
        caller_agency    text NOT NULL,
        caller_id        text NOT NULL,
        key              text NOT NULL,
        request_digest   text NOT NULL,
        method           text NOT NULL,
        path             text NOT NULL,
        state            text NOT NULL CHECK (state IN ('running', 'answered', 'unanswered')),
        owner            uuid,
        locked_until     timestamptz,
        response_status  integer,
        response_headers jsonb,
        response_body    jsonb,
        created_at       timestamptz NOT NULL DEFAULT now(),
        expires_at       timestamptz NOT NULL,
        PRIMARY KEY (caller_agency, caller_id, key)
      )`);
    await q.query(
      `CREATE INDEX ${IDEMPOTENCY_KEY_TABLE}_expiry_idx ON ${IDEMPOTENCY_KEY_TABLE} (expires_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${IDEMPOTENCY_KEY_TABLE}`);
  }
}
