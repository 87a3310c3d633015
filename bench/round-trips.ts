/**
 * Counts PostgreSQL round trips per statement kind in this process (every pg Client query is one round
 * trip), so a benchmark can say how many queries and commits one operation costs end to end.
 */
import { Client } from 'pg';

const counts = new Map<string, number>();
let commits = 0;
const inTransaction = new WeakSet<Client>();
let installed = false;

/** The statement's kind: its first words, literals and parameters left out. */
function kindOf(text: string): string {
  // Only the head names the kind: normalising a whole engine write (kilobytes of CTEs) cost the measured
  // process ~1.5% of its CPU under the engine bench.
  const head = text.slice(0, 1000);
  const words = head.replace(/\s+/g, ' ').trim().split(' ');
  const verb = words[0].toUpperCase();
  // The event store's append (with its projections' prefetched reads) is one call of its function.
  if (/\bappend_events?\(/.test(text)) return 'SELECT append_events';
  if (verb === 'SELECT' || verb === 'DELETE' || verb === 'UPDATE' || verb === 'INSERT') {
    const table = head.match(/\b(?:FROM|INTO|UPDATE)\s+([\w.]+)/i)?.[1] ?? '?';
    return `${verb} ${table}`;
  }
  return verb;
}

export function installRoundTripCounter(): void {
  if (installed) return;
  installed = true;
  const original = Client.prototype.query;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    const text = typeof first === 'string' ? first : (first?.text ?? '?');
    const kind = kindOf(text);
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
    // A commit: COMMIT, or a write outside BEGIN…COMMIT (autocommitted on its own).
    if (kind === 'BEGIN') inTransaction.add(this);
    else if (kind === 'COMMIT' || kind === 'ROLLBACK') {
      inTransaction.delete(this);
      if (kind === 'COMMIT') commits++;
    } else if (!inTransaction.has(this) && /^(WITH|INSERT|UPDATE|DELETE)/.test(kind)) commits++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof Client.prototype.query;
}

/** Runs `operation` `times` times and answers the round trips per operation, by statement kind. */
export async function roundTripsPer(
  times: number,
  operation: (i: number) => Promise<unknown>,
): Promise<{ total: number; commits: number; byStatement: Record<string, number> }> {
  counts.clear();
  commits = 0;
  for (let i = 0; i < times; i++) await operation(i);
  const per = (n: number) => Math.round((n / times) * 10) / 10;
  const byStatement = Object.fromEntries(
    [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, per(v)]),
  );
  const total = per([...counts.values()].reduce((a, b) => a + b, 0));
  return { total, commits: per(commits), byStatement };
}
