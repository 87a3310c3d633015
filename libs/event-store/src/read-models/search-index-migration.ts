import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CASE_SUMMARY_TABLE } from './case-read-models';

const SEARCH_INDEX = `${CASE_SUMMARY_TABLE}_search_idx`;

/**
 * The trigram index of the case search with a short GIN pending list (#15). Every change of a case queues
 * its trigrams in an unsorted list that every search reads through in full until it is merged into the
 * index, which happens when it outgrows `gin_pending_list_limit` (4 MB by default) or at a vacuum. At
 * 100,000 cases a search read 557 index pages and took 18.6 ms with a full 4 MB list (439 pages), 105 pages
 * and 1.6 ms with none. With a 64 kB limit (the least PostgreSQL allows) a search reads at most ~8 pages
 * of list (115 measured). No list at all (`fastupdate = off`) was measured too and not chosen: bulk writes
 * (a read-model rebuild, a bulk load) were 8× slower (20,000 rows: 8.4 s against 1.0 s; 1.5 s with 64 kB).
 * The list already queued is merged now. Skipped where the search index is the B-tree fallback (no pg_trgm).
 */
export class ShortSearchIndexPendingList1767250000000 implements MigrationInterface {
  name = 'ShortSearchIndexPendingList1767250000000';

  async up(runner: QueryRunner): Promise<void> {
    if (!(await isGin(runner))) return;
    await runner.query(`ALTER INDEX ${SEARCH_INDEX} SET (gin_pending_list_limit = 64)`);
    await runner.query(`SELECT gin_clean_pending_list($1::regclass)`, [SEARCH_INDEX]);
  }

  async down(runner: QueryRunner): Promise<void> {
    if (await isGin(runner)) await runner.query(`ALTER INDEX ${SEARCH_INDEX} RESET (gin_pending_list_limit)`);
  }
}

async function isGin(runner: QueryRunner): Promise<boolean> {
  const rows = (await runner.query(
    `SELECT 1 FROM pg_class i JOIN pg_am am ON am.oid = i.relam
     WHERE i.oid = to_regclass($1) AND am.amname = 'gin'`,
    [SEARCH_INDEX],
  )) as unknown[];
  return rows.length > 0;
}
