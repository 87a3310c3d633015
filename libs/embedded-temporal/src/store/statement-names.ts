/**
 * Names for the engine's write statements, so that PostgreSQL parses and plans each shape once per
 * connection instead of on every change. `persistChanges` builds its statement from the kinds of rows a change
 * has (new runs, run updates, events, deadlines, visibility, tasks...), never from how many: the shapes are
 * few (a dozen or two in the bench, merged writes included), and each is one to a few kilobytes of SQL that
 * the server otherwise re-parses and re-plans per commit. Only the first MAX_NAMED distinct shapes get a
 * name: every connection keeps a plan per name for its life, so rare combinations stay unnamed.
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
