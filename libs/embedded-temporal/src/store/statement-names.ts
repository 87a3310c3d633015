/**
 * Names for the engine's write statements, so that PostgreSQL parses and plans each shape once per
 * connection instead of on every change. `persistChanges` builds its statement from the parts a change has
 * (new run or update, events, deadlines, visibility, tasks); the common shapes are few (about ten in the
 * bench), and each is several hundred bytes to a few kilobytes of SQL that the server otherwise re-parses
 * and re-plans per commit. Only the first MAX_NAMED distinct shapes get a name: every connection keeps a
 * plan per name for its life, so rare shapes (many runs, many deadline kinds) stay unnamed.
 */
import { createHash } from 'node:crypto';

const MAX_NAMED = 64;
const names = new Map<string, string>();

/** The prepared-statement name of this SQL text, or undefined when it is not to be prepared. */
export function statementName(sql: string): string | undefined {
  const known = names.get(sql);
  if (known || names.size >= MAX_NAMED) return known;
  const name = `et_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
  names.set(sql, name);
  return name;
}
