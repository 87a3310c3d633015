import { createHash } from 'node:crypto';
import { type DeadlinePolicy } from '@netral/domain';
import { DEADLINE_POLICY_2026_1 } from '@netral/domain/published-deadline-policies';
import { DEADLINE_POLICY_VERSION_TABLE } from '@netral/workflows';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Who "published" the version bundled with Netral (libs/domain/data/deadline-policy.json). */
export const BUNDLED_PUBLISHER = 'netral';
export const BUNDLED_REASON = 'Bundled with Netral (libs/domain/data/deadline-policy.json)';

/** SHA-256 of the parsed policy's JSON: the same content gives the same hash (publishing is idempotent). */
export function policyContentHash(policy: DeadlinePolicy): string {
  return createHash('sha256').update(JSON.stringify(policy)).digest('hex');
}

/**
 * Published deadline policy versions. A case keeps the version it started with (in its workflow's start
 * configuration) until an administrator migrates it; rows are never changed or removed, so every version a
 * case ever ran stays readable (a trigger refuses UPDATE, DELETE and TRUNCATE). Seeded with 2026.1, the version
 * bundled when this migration was written (frozen, so every database gets the same row); later bundled
 * versions are published at start-up (DeadlinePolicyService.onModuleInit).
 */
export class CreateDeadlinePolicyVersion1767100000000 implements MigrationInterface {
  name = 'CreateDeadlinePolicyVersion1767100000000';

  async up(q: QueryRunner): Promise<void> {
    const t = DEADLINE_POLICY_VERSION_TABLE;
    await q.query(`
      CREATE TABLE ${t} (
        version       text PRIMARY KEY,
        policy        jsonb NOT NULL,
        content_hash  text NOT NULL,
        reason        text NOT NULL,
        published_by  text NOT NULL,
        published_at  timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`
      CREATE FUNCTION ${t}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '${t} is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER ${t}_no_change BEFORE UPDATE OR DELETE ON ${t}
      FOR EACH ROW EXECUTE FUNCTION ${t}_append_only()`);
    await q.query(`
      CREATE TRIGGER ${t}_no_truncate BEFORE TRUNCATE ON ${t}
      FOR EACH STATEMENT EXECUTE FUNCTION ${t}_append_only()`);
    await q.query(
      `INSERT INTO ${t} (version, policy, content_hash, reason, published_by) VALUES ($1, $2, $3, $4, $5)`,
      [
        DEADLINE_POLICY_2026_1.version,
        JSON.stringify(DEADLINE_POLICY_2026_1),
        policyContentHash(DEADLINE_POLICY_2026_1),
        BUNDLED_REASON,
        BUNDLED_PUBLISHER,
      ],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${DEADLINE_POLICY_VERSION_TABLE}`);
    await q.query(`DROP FUNCTION ${DEADLINE_POLICY_VERSION_TABLE}_append_only()`);
  }
}
