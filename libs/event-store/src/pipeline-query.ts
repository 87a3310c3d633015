/**
 * Several statements whose answers nobody reads (an inline projection's writes, then COMMIT) sent to
 * PostgreSQL as one pg "submittable" (see append-query.ts): Parse/Bind/Execute for each, one Sync after the
 * last, in one write. PostgreSQL runs them in order in the open transaction and answers once; one round trip
 * instead of one per statement (issue #15: 2-3 per officer command). After an error it skips the rest up to
 * the Sync, so a failed statement leaves the transaction failed (the caller's ROLLBACK ends it) and a COMMIT
 * in the batch never runs; the error is pg's own DatabaseError, as with `client.query`.
 */
import type { Queryable } from './append-query';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (value: unknown) => unknown };

/** What pg's Connection offers a submittable (pg/lib/connection.js); only what this file uses. */
interface PgConnection {
  stream: { cork?: () => void; uncork?: () => void };
  parse(query: { name: string; text: string; types: number[] }): void;
  bind(config: {
    portal: string;
    statement: string;
    values: unknown[];
    valueMapper: (value: unknown) => unknown;
  }): void;
  execute(config: { portal: string }): void;
  sync(): void;
  sendCopyFail(message: string): void;
}

export interface PipelinedStatement {
  text: string;
  values: readonly unknown[];
}

const asIs = (value: unknown) => value;

export class PipelineQuery {
  /** Unnamed statements, parsed with every call as pg's own `client.query(text, values)` does. */
  readonly name = '';
  /** pg and the bench's counters read it: the statements' texts, in order. */
  readonly text: string;
  callback?: (err: Error | null) => void;
  private failed = false;

  constructor(private readonly statements: readonly PipelinedStatement[]) {
    this.text = statements.map((s) => s.text).join(';\n');
  }

  submit(connection: PgConnection): Error | null {
    let values: unknown[][];
    try {
      // Every value is converted before anything is written, so a value pg cannot send runs nothing.
      values = this.statements.map((s) => s.values.map((v) => prepareValue(v)));
    } catch (err) {
      // Sync alone brings the ReadyForQuery that frees the connection.
      connection.sync();
      this.handleError(err as Error);
      return null;
    }
    connection.stream.cork?.();
    try {
      this.statements.forEach((s, i) => {
        connection.parse({ name: '', text: s.text, types: [] });
        connection.bind({ portal: '', statement: '', values: values[i], valueMapper: asIs });
        connection.execute({ portal: '' });
      });
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  handleError(err: Error): void {
    // pg forgets the active query after an error, so ReadyForQuery does not reach this one again.
    if (this.failed) return;
    this.failed = true;
    this.callback?.(err);
  }

  handleReadyForQuery(): void {
    if (!this.failed) this.callback?.(null);
  }

  // The statements' answers are not read: a write's CommandComplete, a SELECT pg_notify(…)'s row.
  handleCommandComplete(): void {}
  handleDataRow(): void {}
  // Never sent (no Describe, no COPY, no row limit); there for pg's dispatch.
  handleRowDescription(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
  handleCopyInResponse(connection: PgConnection): void {
    connection.sendCopyFail('No source stream defined');
  }
}

/** Runs `statements` on `on` (a transaction's client) in one round trip. */
export function runPipeline(on: Queryable, statements: readonly PipelinedStatement[]): Promise<void> {
  const query = new PipelineQuery(statements);
  return new Promise((resolve, reject) => {
    on.query(query, (err) => (err ? reject(err) : resolve()));
  });
}
