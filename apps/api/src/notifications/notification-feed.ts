// Live in-console notifications: one LISTEN connection per API instance on the channel the case projection
// notifies when it adds a reminder or escalation to the outbox (in the same transaction, so a notification
// is never announced before it is committed). Subscribers (SSE streams) get the ids meant for them.
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { NOTIFICATION_CHANNEL, type NotificationAnnouncement } from '@netral/event-store';
import { Observable, Subject, filter, share } from 'rxjs';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../infrastructure';
import { PgListener } from '../infrastructure/pg-listener';

@Injectable()
export class NotificationFeed implements OnModuleDestroy {
  private readonly logger = new Logger('NotificationFeed');
  private readonly announcements = new Subject<NotificationAnnouncement>();
  private readonly listener: PgListener;

  constructor(@Inject(DATA_SOURCE) dataSource: DataSource) {
    this.listener = new PgListener(dataSource, {
      channel: NOTIFICATION_CHANNEL,
      what: 'notifications',
      logger: this.logger,
      onNotification: (payload) => {
        try {
          this.announcements.next(JSON.parse(payload) as NotificationAnnouncement);
        } catch {
          this.logger.warn(`ignored a malformed announcement on ${NOTIFICATION_CHANNEL}`);
        }
      },
    });
  }

  /** Announcements matching `accept`, listening from the first subscriber on. */
  watch(accept: (a: NotificationAnnouncement) => boolean): Observable<NotificationAnnouncement> {
    void this.listener.listen();
    return this.announcements.pipe(filter(accept), share());
  }

  async onModuleDestroy(): Promise<void> {
    this.announcements.complete();
    await this.listener.close();
  }
}
