import type { MigrationInterface, QueryRunner } from 'typeorm';
import { executor } from '../projections/executor';
import { liveTables } from '../projections/projection';
import { type EventRow, storedEventFromRow } from '../event-row';
import { CASE_SUMMARY_TABLE, caseReadModels, caseSummaryQueryDdl } from './case-read-models';
import { NOTIFICATION_DELIVERY_TABLE, notificationDeliveryDdl } from './notification-delivery';
import { CreateCaseAccessLog1764100000000 } from '../migrations/1764100000000-create-case-access-log';
import { CreateIdempotencyKey1765100000000 } from '../migrations/1765100000000-create-idempotency-key';
import { IdempotencyAnswerAsSent1767800000000 } from '../migrations/1767800000000-idempotency-answer-as-sent';
import { CreateNotificationTables1765200000000 } from '../notifications/migration';
import { ShortSearchIndexPendingList1767250000000 } from './search-index-migration';
import { AddUntrackedDeadlines1767900000000 } from './untracked-deadlines-migration';

/** Creates the case read models (case_summary, case_deadlines, notification_outbox) and delivery records. */
export class CreateCaseReadModels1763900000000 implements MigrationInterface {
  name = 'CreateCaseReadModels1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const table of caseReadModels.tables) {
      for (const statement of table.ddl(table.name)) await runner.query(statement);
    }
    for (const statement of notificationDeliveryDdl) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS ${NOTIFICATION_DELIVERY_TABLE}`);
    for (const table of [...caseReadModels.tables].reverse()) {
      await runner.query(`DROP TABLE IF EXISTS ${table.name}`);
    }
  }
}

/**
 * Columns and indexes for the API's case lists and search, and the stage history for statistics. On a
 * database whose read models predate it, the case read models are replayed from the events (inside the
 * migration's transaction) so the new columns and the stage history are filled as a rebuild would fill them.
 */
export class AddCaseQueryIndexes1764000000000 implements MigrationInterface {
  name = 'AddCaseQueryIndexes1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    // A fresh database got these from the first migration (it creates the tables of today's projection).
    const existing = (await runner.query(
      `SELECT 1 FROM information_schema.columns WHERE table_name = $1 AND column_name = 'stage_history'`,
      [CASE_SUMMARY_TABLE],
    )) as unknown[];
    for (const statement of caseSummaryQueryDdl(CASE_SUMMARY_TABLE)) await runner.query(statement);
    if (existing.length === 0) await replayCaseReadModels(runner);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const index of ['search', 'agency_due', 'agency_stage_due', 'agency_updated', 'agency_created']) {
      await runner.query(`DROP INDEX IF EXISTS ${CASE_SUMMARY_TABLE}_${index}_idx`);
    }
    for (const index of ['officer_due', 'due', 'updated', 'created']) {
      await runner.query(`DROP INDEX IF EXISTS ${CASE_SUMMARY_TABLE}_${index}_idx`);
    }
    await runner.query(`ALTER TABLE ${CASE_SUMMARY_TABLE} DROP COLUMN IF EXISTS search_text`);
    await runner.query(`ALTER TABLE ${CASE_SUMMARY_TABLE} DROP COLUMN IF EXISTS sanction_code`);
    await runner.query(`ALTER TABLE ${CASE_SUMMARY_TABLE} DROP COLUMN IF EXISTS stage_history`);
  }
}

/** Empties the case read models and applies every event again, in commit order (delivery records stay). */
async function replayCaseReadModels(runner: QueryRunner): Promise<void> {
  const tables = caseReadModels.tables.map((t) => t.name);
  await runner.query(`TRUNCATE ${tables.join(', ')}`);
  const sql = executor(runner);
  let position = 0;
  for (;;) {
    const rows = (await runner.query(
      `SELECT * FROM events WHERE position > $1 ORDER BY position LIMIT 1000`,
      [position],
    )) as EventRow[];
    if (rows.length === 0) return;
    const events = rows.map(storedEventFromRow);
    await caseReadModels.apply(events, sql, liveTables(caseReadModels));
    position = events[events.length - 1].position;
  }
}

/**
 * GET /cases/{id} shows the cases that linked it as the case against their ASN's direct superior (PP 94/2021
 * Ps 28): an index on that link, partial since few cases have one, so the look-up is not a scan.
 */
export class AddSuperiorCaseIndex1765400000000 implements MigrationInterface {
  name = 'AddSuperiorCaseIndex1765400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE INDEX IF NOT EXISTS ${CASE_SUMMARY_TABLE}_superior_case_idx ON ${CASE_SUMMARY_TABLE}
       ((state->'superiorCase'->>'linkedCaseId')) WHERE state->'superiorCase'->>'linkedCaseId' IS NOT NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX IF EXISTS ${CASE_SUMMARY_TABLE}_superior_case_idx`);
  }
}

/**
 * Migrations of the case tables beside the event store — the read models, the append-only log of who
 * read which case, the API's Idempotency-Keys, the agency directory and the e-mail outbox — to pass to
 * openDataSource({ migrations }).
 */
export const caseReadModelMigrations = [
  CreateCaseReadModels1763900000000,
  AddCaseQueryIndexes1764000000000,
  CreateCaseAccessLog1764100000000,
  CreateIdempotencyKey1765100000000,
  CreateNotificationTables1765200000000,
  AddSuperiorCaseIndex1765400000000,
  ShortSearchIndexPendingList1767250000000,
  IdempotencyAnswerAsSent1767800000000,
  AddUntrackedDeadlines1767900000000,
];
