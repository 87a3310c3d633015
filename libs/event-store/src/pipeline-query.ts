/**
 * Several statements whose answers nobody reads (an inline projection's writes, then COMMIT) sent to
 * PostgreSQL as one pg "submittable" (pg-submittable.ts): Parse/Bind/Execute for each, one Sync after the
 * last, in one write. PostgreSQL runs them in order in the open transaction and answers once; one round trip
 * instead of one per statement (issue #15: 2-3 per officer command). After an error it skips the rest up to
 * the Sync, so a failed statement leaves the transaction failed (the caller's ROLLBACK ends it) and a COMMIT
 * in the batch never runs; the error is pg's own DatabaseError, as with `client.query`.
 */
import { asIs, type PgConnection, PgSubmittable, prepareValue, type Queryable } from './pg-submittable';

export interface PipelinedStatement {
  text: string;
  values: readonly unknown[];
}

export class PipelineQuery extends PgSubmittable {
  /** Unnamed statements, parsed with every call as pg's own `client.query(text, values)` does. */
  readonly name = '';
  /** pg and the bench's counters read it: the statements' texts, in order. */
  readonly text: string;

  constructor(private readonly statements: readonly PipelinedStatement[]) {
    super();
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
}

/** Runs `statements` on `on` (a transaction's client) in one round trip. */
export function runPipeline(on: Queryable, statements: readonly PipelinedStatement[]): Promise<void> {
  const query = new PipelineQuery(statements);
  return new Promise((resolve, reject) => {
    on.query(query, (err) => (err ? reject(err) : resolve()));
  });
}
