// Live in-console notifications: one LISTEN connection per API instance on the channel the case projection
// notifies when it adds a reminder or escalation to the outbox (in the same transaction, so a notification
// is never announced before it is committed). Subscribers (SSE streams) get the ids meant for them.
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { NOTIFICATION_CHANNEL, type NotificationAnnouncement } from '@netral/event-store';
import type { PoolClient } from 'pg';
import { Observable, Subject, filter, share } from 'rxjs';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../infrastructure';

@Injectable()
export class NotificationFeed implements OnModuleDestroy {
  private readonly logger = new Logger('NotificationFeed');
  private readonly announcements = new Subject<NotificationAnnouncement>();
  private client: PoolClient | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;

  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Announcements matching `accept`, listening from the first subscriber on. */
  watch(accept: (a: NotificationAnnouncement) => boolean): Observable<NotificationAnnouncement> {
    void this.listen();
    return this.announcements.pipe(filter(accept), share());
  }

  private listen(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    try {
      const pool = (this.dataSource.driver as unknown as { master: { connect(): Promise<PoolClient> } })
        .master;
      const client = await pool.connect();
      client.on('notification', (message) => {
        try {
          this.announcements.next(JSON.parse(message.payload ?? '') as NotificationAnnouncement);
        } catch {
          this.logger.warn(`ignored a malformed announcement on ${NOTIFICATION_CHANNEL}`);
        }
      });
      client.on('error', (error) => {
        this.logger.warn(`notification listener lost its connection: ${error.message}; reconnecting`);
        client.release(error);
        this.client = null;
        setTimeout(() => void this.listen(), 1_000).unref();
      });
      await client.query(`LISTEN ${NOTIFICATION_CHANNEL}`);
      this.client = client;
    } catch (error) {
      this.logger.warn(`cannot listen for notifications: ${(error as Error).message}; retrying`);
      setTimeout(() => void this.listen(), 5_000).unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    this.announcements.complete();
    const client = this.client;
    this.client = null;
    if (client) {
      await client.query(`UNLISTEN ${NOTIFICATION_CHANNEL}`).catch(() => undefined);
      client.release();
    }
  }
}
