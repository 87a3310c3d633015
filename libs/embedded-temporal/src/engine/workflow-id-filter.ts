/**
 * Which workflow ids certainly have no current run, without a round trip: a Bloom filter over every
 * (namespace, workflow id) in temporal.current_executions, filled once from the table and then by every
 * commit that makes a run current. A Bloom filter has no false negatives, so "absent" is certain; "maybe
 * present" falls back to the SELECT. It saves the start of a new workflow id one of its five round trips
 * (GS answers the same question from its own cache of current runs before reading the database).
 *
 * Sound because this server is the only writer of its schema (as the state cache assumes) and every run
 * made current goes through WorkflowTransaction.afterCommit. Ids only ever leave the table (deletion), which
 * turns a "maybe" into a needless SELECT, never a wrong answer.
 */
import type { Pool } from 'pg';
import type { Logger } from '../logger';

/** 2^24 bits (2 MiB): under 0.3% false positives up to a million workflow ids, still useful past that. */
const BITS = 1 << 24;
const HASHES = 4;
const PAGE = 20_000;

export class WorkflowIdFilter {
  private readonly bits = new Uint32Array(BITS / 32);
  private state: 'unloaded' | 'loading' | 'ready' = 'unloaded';

  constructor(
    private readonly pool: Pool,
    private readonly logger: Logger,
  ) {}

  /** True only when the id certainly has no current run (the first call starts loading the table). */
  certainlyAbsent(namespace: string, workflowId: string): boolean {
    if (this.state !== 'ready') {
      if (this.state === 'unloaded') void this.load();
      return false;
    }
    const [h1, h2] = hashes(namespace, workflowId);
    for (let i = 0; i < HASHES; i++) {
      const bit = ((h1 + i * h2) >>> 0) & (BITS - 1);
      if ((this.bits[bit >>> 5] & (1 << (bit & 31))) === 0) return true;
    }
    return false;
  }

  /** A run of this id became current (after commit). */
  add(namespace: string, workflowId: string): void {
    const [h1, h2] = hashes(namespace, workflowId);
    for (let i = 0; i < HASHES; i++) {
      const bit = ((h1 + i * h2) >>> 0) & (BITS - 1);
      this.bits[bit >>> 5] |= 1 << (bit & 31);
    }
  }

  /** Reads every current id page by page; commits meanwhile add theirs, so nothing is missed. */
  private async load(): Promise<void> {
    this.state = 'loading';
    try {
      let after: [string, string] = ['', ''];
      for (;;) {
        const { rows } = await this.pool.query<{ namespace: string; workflow_id: string }>(
          `SELECT namespace, workflow_id FROM temporal.current_executions
           WHERE (namespace, workflow_id) > ($1, $2) ORDER BY namespace, workflow_id LIMIT ${PAGE}`,
          after,
        );
        for (const r of rows) this.add(r.namespace, r.workflow_id);
        if (rows.length < PAGE) break;
        const last = rows[rows.length - 1];
        after = [last.namespace, last.workflow_id];
      }
      this.state = 'ready';
    } catch (e) {
      // Not ready: every start keeps reading the table, as before; the next one retries the load.
      this.state = 'unloaded';
      this.logger.warn('workflow id filter not loaded', { error: String(e) });
    }
  }
}

/** Two independent 32-bit FNV-1a hashes of the key, for double hashing. */
function hashes(namespace: string, workflowId: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  const key = `${namespace}\u0000${workflowId}`;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [a >>> 0, (b | 1) >>> 0];
}
