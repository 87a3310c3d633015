/**
 * The agency of each recently commanded case, kept in memory so that a command does not read it from the
 * read model first (one PostgreSQL round trip per command, issue #15). Safe to cache: a case's agency is
 * its registering officer's, set by RegisterReport and changed by no later command.
 */
import type { DataSource } from 'typeorm';

/** Enough for every case officers work on at once; least recently used ones are dropped first. */
const MAX_CASES = 50_000;

export class CaseAgencies {
  private readonly agencies = new Map<string, string>();

  constructor(private readonly dataSource: DataSource) {}

  /** The case's agency, or undefined when no such case is registered (never cached). */
  async of(caseId: string): Promise<string | undefined> {
    const cached = this.agencies.get(caseId);
    if (cached !== undefined) {
      this.remember(caseId, cached);
      return cached;
    }
    const rows = (await this.dataSource.query(`SELECT agency FROM case_summary WHERE case_id = $1`, [
      caseId,
    ])) as { agency: string | null }[];
    const agency = rows[0]?.agency ?? undefined;
    if (agency !== undefined) this.remember(caseId, agency);
    return agency;
  }

  /** Records the agency of a case just registered. */
  remember(caseId: string, agency: string): void {
    this.agencies.delete(caseId);
    this.agencies.set(caseId, agency);
    if (this.agencies.size > MAX_CASES) this.agencies.delete(this.agencies.keys().next().value as string);
  }
}
