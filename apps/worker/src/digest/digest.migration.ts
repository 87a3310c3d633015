// The officers' digests: worker bookkeeping, not derived from case events (so not a projection table, and
// never rebuilt). One row per officer and day; deliveries are recorded in notification_delivery.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { caseReadModelMigrations } from '@netral/event-store';

export const OFFICER_DIGEST_TABLE = 'officer_digest';

export class CreateOfficerDigests1765000000000 implements MigrationInterface {
  name = 'CreateOfficerDigests1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE IF NOT EXISTS ${OFFICER_DIGEST_TABLE} (
      id text PRIMARY KEY,
      digest_date date NOT NULL,
      officer_id text NOT NULL,
      agency text NOT NULL,
      message text NOT NULL,
      data jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS ${OFFICER_DIGEST_TABLE}`);
  }
}

/** Everything the worker's database needs: the case read models and the digests. */
export const workerMigrations = [...caseReadModelMigrations, CreateOfficerDigests1765000000000];
