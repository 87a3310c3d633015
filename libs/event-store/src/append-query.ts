/**
 * The append's statement as a pg "submittable" (pg-submittable.ts): pg's own Query
 * would, on every append, clone the config, build an EventEmitter, a Result and a promise, ask the server to
 * describe the result (Describe), and then parse the nine-column RowDescription and look up nine type
 * parsers again. The append's answer has a fixed shape (`append_events_row`, then the prefetch columns of
 * appendWithPrefetchSql), so this sends Bind/Execute/Sync only (Parse once per connection, as pg does for a
 * named statement) and reads the DataRows by position. Errors are pg's own DatabaseError (same `code`,
 * `constraint`, `message`), so the store's retry rules read them unchanged.
 */
import { types } from 'pg';
import type { AppendedRow } from './append-statement';
import { type PgConnection, PgSubmittable, prepareValue, type Queryable } from './pg-submittable';

// pg's own parsers of the two typed columns (the rest are text, and bigint stays a string as with pg).
const parseTimestamptz = types.getTypeParser(1184, 'text') as (text: string) => Date;

/** Columns of `append_events_row`, in order (migration 1766000000000). */
const APPENDED_COLUMNS = 9;

/** A row as this query answers it: AppendedRow, with appendWithPrefetchSql's columns by their names. */
export type AnsweredRow = AppendedRow & Record<string, unknown>;

export class AppendQuery extends PgSubmittable {
  /** pg reads these: `name` and `text` to record the statement as parsed on the connection. */
  readonly name: string;
  readonly text: string;
  readonly rows: AnsweredRow[] = [];

  /**
   * `statement` without a name: an unnamed statement, parsed with every call (for a pooler that does not keep
   * prepared statements). `prefetches`: the names of the jsonb columns that follow `prefetch_version` in
   * appendWithPrefetchSql (undefined for the plain append, which has neither). `begin`: open a transaction
   * first, in the same write (see `submit`).
   */
  constructor(
    statement: { name?: string; text: string },
    private readonly values: unknown[],
    private readonly prefetches?: readonly string[],
    private readonly begin = false,
  ) {
    super();
    this.name = statement.name ?? '';
    this.text = statement.text;
  }

  submit(connection: PgConnection): Error | null {
    const parsed =
      this.name !== '' &&
      (connection.parsedStatements[this.name] ?? connection.submittedNamedStatements[this.name]);
    if (parsed !== false && parsed !== undefined && parsed !== this.text) {
      return new Error(
        `Prepared statements must be unique - '${this.name}' was used for a different statement`,
      );
    }
    // One write for all messages (pg does the same for its extended-protocol queries).
    connection.stream.cork?.();
    try {
      const parse = () => {
        connection.parse({ name: this.name, text: this.text, types: [] });
        if (this.name !== '') connection.submittedNamedStatements[this.name] = this.text;
      };
      // A named statement is parsed before BEGIN: pg takes any ParseComplete during this query for this
      // query's statement, so BEGIN's must not come first (were this Parse to fail after it, pg would hold
      // the statement as prepared on the connection, and every later append on it would fail). The unnamed
      // statement is parsed after BEGIN's, which replaces it.
      if (this.name !== '' && !parsed) parse();
      if (this.begin) {
        // BEGIN before the append in one pipeline (no Sync between them): PostgreSQL turns the implicit
        // transaction of the pipeline into the explicit one BEGIN opens, which stays open after Sync for the
        // projections and COMMIT. One round trip fewer than BEGIN on its own; its answers (ParseComplete,
        // BindComplete, CommandComplete) need nothing from this query, and an error of either statement is
        // the error of this query, with the transaction left open and failed for the caller's ROLLBACK.
        connection.parse({ name: '', text: 'BEGIN', types: [] });
        connection.bind({ portal: '', statement: '', values: [], valueMapper: prepareValue });
        connection.execute({ portal: '' });
      }
      if (this.name === '') parse();
      try {
        connection.bind({ portal: '', statement: this.name, values: this.values, valueMapper: prepareValue });
      } catch (err) {
        // A value pg cannot send: nothing runs; Sync brings the ReadyForQuery that frees the connection.
        connection.sync();
        this.handleError(err as Error);
        return null;
      }
      connection.execute({ portal: '' });
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  override handleDataRow(msg: { fields: (string | null)[] }): void {
    const f = msg.fields;
    const row: AnsweredRow = {
      outcome: f[0] as AppendedRow['outcome'],
      event_id: f[1],
      stream_id: f[2] as string,
      version: Number(f[3]),
      type: f[4],
      event_position: f[5],
      recorded_at: f[6] === null ? (null as unknown as Date) : parseTimestamptz(f[6]),
      previous_hash: f[7] as string,
      hash: f[8] as string,
    };
    if (this.prefetches !== undefined) {
      const version = f[APPENDED_COLUMNS];
      row.prefetch_version = version === null ? null : Number(version);
      for (let i = 0; i < this.prefetches.length; i++) {
        const json = f[APPENDED_COLUMNS + 1 + i];
        row[this.prefetches[i]] = json === null ? null : (JSON.parse(json) as unknown);
      }
    }
    this.rows.push(row);
  }
}

/** Runs the append's statement on `on` (the pool, or a transaction's client) and answers its rows. */
export function runAppend(
  on: Queryable,
  statement: { name?: string; text: string },
  values: unknown[],
  prefetches?: readonly string[],
  begin = false,
): Promise<AnsweredRow[]> {
  const query = new AppendQuery(statement, values, prefetches, begin);
  return new Promise((resolve, reject) => {
    on.query(query, (err) => (err ? reject(err) : resolve(query.rows)));
  });
}
