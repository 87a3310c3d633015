/**
 * pg's "submittable" protocol (an object with `submit` that pg's Client hands the connection to, then calls
 * back with each message of the answer, as pg-cursor does), shared by the store's two submittables: the
 * append's statement (append-query.ts) and a pipeline of writes (pipeline-query.ts). Errors are pg's own
 * DatabaseError, so the store's retry rules read them unchanged.
 */

/** What pg's Connection offers a submittable (pg/lib/connection.js); only what the store's use. */
export interface PgConnection {
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
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

/** Something with pg's `query(submittable, callback)`: a pg Pool (checks a client out) or a PoolClient. */
export interface Queryable {
  query(query: { submit(connection: never): Error | null }, callback: (err: Error | null) => void): unknown;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { prepareValue } = require('pg/lib/utils') as { prepareValue: (value: unknown) => unknown };

/** Values already prepared by `prepareValue` go to Bind as they are. */
export const asIs = (value: unknown): unknown => value;

/**
 * The callbacks every submittable here answers the same way: one callback, at ReadyForQuery or at the first
 * error; the messages its statements never ask for (Describe, COPY, a row limit) are there for pg's dispatch.
 */
export abstract class PgSubmittable {
  callback?: (err: Error | null) => void;
  private failed = false;

  abstract submit(connection: PgConnection): Error | null;

  handleError(err: Error): void {
    // pg forgets the active query after an error, so ReadyForQuery does not reach this one again.
    if (this.failed) return;
    this.failed = true;
    this.callback?.(err);
  }

  handleReadyForQuery(): void {
    if (!this.failed) this.callback?.(null);
  }

  handleCommandComplete(): void {}
  handleDataRow(_msg: { fields: (string | null)[] }): void {}
  handleRowDescription(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
  handleCopyInResponse(connection: PgConnection): void {
    connection.sendCopyFail('No source stream defined');
  }
}
