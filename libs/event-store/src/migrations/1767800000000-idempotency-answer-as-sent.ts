import type { MigrationInterface, QueryRunner } from 'typeorm';
import { IDEMPOTENCY_KEY_TABLE } from './1765100000000-create-idempotency-key';

/**
 * A replayed answer is the answer as it was sent: `response_body` becomes `json`, which keeps the text it is
 * given, instead of `jsonb`, which reorders an object's keys (shorter keys first) and so replayed a body
 * with the same values in another order, different bytes from the first answer. `json` is also cheaper to
 * store, as nothing is parsed into a binary form. Answers stored before this keep jsonb's order.
 */
export class IdempotencyAnswerAsSent1767800000000 implements MigrationInterface {
  name = 'IdempotencyAnswerAsSent1767800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE ${IDEMPOTENCY_KEY_TABLE} ALTER COLUMN response_body TYPE json USING response_body::json`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE ${IDEMPOTENCY_KEY_TABLE} ALTER COLUMN response_body TYPE jsonb USING response_body::jsonb`,
    );
  }
}
