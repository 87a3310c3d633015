import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CASE_SUMMARY_TABLE, untrackedDeadlinesDdl } from './case-read-models';

/**
 * case_summary.untracked_deadlines: the open deadlines of a case the workflow could not plan or record
 * (DeadlineNotTracked), for the case lists' filter and the netral_deadlines_untracked gauge, with a partial
 * index over the few cases that have one. No event of that type predates this migration, so 0 is every
 * existing case's value and nothing is replayed.
 */
export class AddUntrackedDeadlines1767900000000 implements MigrationInterface {
  name = 'AddUntrackedDeadlines1767900000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of untrackedDeadlinesDdl(CASE_SUMMARY_TABLE)) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX IF EXISTS ${CASE_SUMMARY_TABLE}_untracked_idx`);
    await runner.query(`ALTER TABLE ${CASE_SUMMARY_TABLE} DROP COLUMN IF EXISTS untracked_deadlines`);
  }
}
