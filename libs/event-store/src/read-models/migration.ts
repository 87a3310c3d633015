import type { MigrationInterface, QueryRunner } from 'typeorm';
import { caseReadModels } from './case-read-models';
import { NOTIFICATION_DELIVERY_TABLE, notificationDeliveryDdl } from './notification-delivery';

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

/** Migrations of the case read models, to pass to openDataSource({ migrations }). */
export const caseReadModelMigrations = [CreateCaseReadModels1763900000000];
