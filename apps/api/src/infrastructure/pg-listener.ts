/**
 * One PostgreSQL connection LISTENing on one channel, held outside the pool's turn-taking for as long as the
 * API instance runs, and opened again after a loss (the embedded PostgreSQL restarting, a network cut).
 *
 * While the connection is down announcements are lost, not queued: whatever a user kept because of them
 * (a cache, a stream) is usable only while `listening` is true, and `onGap` tells it when announcements
 * may have been missed (the connection was lost, or it has just started listening and anything read before
 * that may have raced an announcement).
 */
import type { Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';

const RECONNECT_MS = 1_000;
/** Opening the connection failed outright (database down): wait longer than after a loss. */
const RETRY_MS = RECONNECT_MS * 5;

export interface PgListenerOptions {
  channel: string;
  /** What is listened for, in the log lines ("reading choices", "notifications"). */
  what: string;
  logger: Logger;
  /** Each announcement's payload ('' when it has none). */
  onNotification(payload: string): void;
  /** Announcements may have been missed: the connection was lost, or LISTEN has just taken effect. */
  onGap?(): void;
}

export class PgListener {
  private client: PoolClient | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: PgListenerOptions,
  ) {}

  /** True while LISTEN is in effect: every announcement from now on reaches `onNotification`. */
  get listening(): boolean {
    return this.client !== null;
  }

  /** Opens the LISTEN connection unless it is open (or being opened); resolves once tried. */
  listen(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  /** Stops listening for good (waits for an opening under way, so no connection is left behind). */
  async close(): Promise<void> {
    this.closed = true;
    await this.connecting;
    const client = this.client;
    this.client = null;
    if (client) await this.unlisten(client);
  }

  private async connect(): Promise<void> {
    const { channel, what, logger } = this.options;
    try {
      const pool = (this.dataSource.driver as unknown as { master: { connect(): Promise<PoolClient> } })
        .master;
      const client = await pool.connect();
      client.on('notification', (message) => {
        if (message.channel !== channel) return;
        this.options.onNotification(message.payload ?? '');
      });
      client.on('error', (error) => {
        logger.warn(`listener for ${what} lost its connection: ${error.message}; reconnecting`);
        this.client = null;
        this.options.onGap?.();
        client.release(error);
        setTimeout(() => void this.listen(), RECONNECT_MS).unref();
      });
      await client.query(`LISTEN ${channel}`);
      if (this.closed) {
        await this.unlisten(client);
        return;
      }
      this.options.onGap?.();
      this.client = client;
    } catch (error) {
      logger.warn(`cannot listen for ${what}: ${(error as Error).message}; retrying`);
      if (!this.closed) setTimeout(() => void this.listen(), RETRY_MS).unref();
    }
  }

  private async unlisten(client: PoolClient): Promise<void> {
    await client.query(`UNLISTEN ${this.options.channel}`).catch(() => undefined);
    client.release();
  }
}
