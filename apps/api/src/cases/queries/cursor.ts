/**
 * Opaque keyset cursors. A page ends at a (sort value, id) pair; the next page starts strictly after it, so
 * cases inserted or moved meanwhile never shift a page (no offsets). The cursor also names the sort and a
 * fingerprint of the filters, so it cannot be replayed against another query. The lists read one row more
 * than the page to learn whether another page follows (`takePage`).
 */
import { createHash } from 'node:crypto';
import { ProblemException } from '../../platform';

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  limit: number;
}

const DEFAULT_LIMIT = 20;

/** The page size asked for (query.dto allows 1 to 100), or the default. */
export function pageLimit(limit: string | undefined): number {
  return limit ? Number(limit) : DEFAULT_LIMIT;
}

/**
 * A page read with LIMIT limit + 1: its first `limit` rows, and the row the next page starts after when the
 * extra row shows there is one.
 */
export function takePage<R>(rows: R[], limit: number): { rows: R[]; last: R | undefined } {
  if (rows.length <= limit) return { rows, last: undefined };
  const page = rows.slice(0, limit);
  return { rows: page, last: page[page.length - 1] };
}

export interface CursorPosition {
  /** Sort value as PostgreSQL prints a timestamptz (or `infinity` for "no due date"). */
  value: string;
  /** Tie-breakers after the sort value (case id, deadline id). */
  ids: string[];
}

interface CursorBody {
  v: 1;
  /** Query fingerprint: sort, order and filters. */
  q: string;
  k: string;
  i: string[];
}

/** A timestamptz as PostgreSQL prints it (ISO DateStyle), or ±infinity. */
const PG_TIMESTAMP =
  /^(-?infinity|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2})?|Z)?)$/;
const ID = /^[A-Za-z0-9._:@/-]{1,200}$/;

export function invalidCursor(reason: string): ProblemException {
  return new ProblemException({
    status: 400,
    code: 'INVALID_CURSOR',
    detail: `The cursor is not valid for this query (${reason}); start again without it.`,
    detailId: 'Cursor tidak berlaku untuk kueri ini; mulai lagi tanpa cursor.',
  });
}

export function queryFingerprint(query: Record<string, unknown>): string {
  const canonical = JSON.stringify(
    Object.keys(query)
      .sort()
      .map((k) => [k, query[k] ?? null]),
  );
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

export function encodeCursor(fingerprint: string, position: CursorPosition): string {
  const body: CursorBody = { v: 1, q: fingerprint, k: position.value, i: position.ids };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

export function decodeCursor(cursor: string, fingerprint: string, idCount: number): CursorPosition {
  let body: Partial<CursorBody>;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody>;
  } catch {
    throw invalidCursor('unreadable');
  }
  if (!body || typeof body !== 'object' || body.v !== 1) throw invalidCursor('unreadable');
  if (body.q !== fingerprint) throw invalidCursor('it belongs to another sort or filter');
  if (typeof body.k !== 'string' || !PG_TIMESTAMP.test(body.k)) throw invalidCursor('bad position');
  const ids = body.i;
  if (
    !Array.isArray(ids) ||
    ids.length !== idCount ||
    !ids.every((i) => typeof i === 'string' && ID.test(i))
  ) {
    throw invalidCursor('bad position');
  }
  return { value: body.k, ids };
}
