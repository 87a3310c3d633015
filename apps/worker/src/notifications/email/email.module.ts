// The e-mail dispatcher as a provider of the worker app: it starts with the worker and stops (after the
// batch in flight) before the database connection closes.
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import type { WorkingCalendar } from '@netral/domain';
import type { DataSource } from 'typeorm';
import { EmailDispatcher } from './email-dispatcher';
import type { EmailSettings } from './email.config';

/** The nodemailer SMTP transport for the settings: TLS verification on unless turned off. */
export function smtpTransport(settings: EmailSettings) {
  return createTransport({
    url: settings.smtpUrl,
    requireTLS: settings.requireTls,
    tls: { rejectUnauthorized: settings.tlsRejectUnauthorized },
  } as Parameters<typeof createTransport>[0]);
}

/** Built by the worker module's factory (nothing to send without SMTP settings: a no-op then). */
export class EmailDispatcherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EmailDispatcher');
  readonly dispatcher: EmailDispatcher | null;

  constructor(settings: EmailSettings | null, dataSource: DataSource, calendar: () => WorkingCalendar) {
    this.dispatcher = settings
      ? new EmailDispatcher({
          dataSource,
          transport: smtpTransport(settings),
          settings,
          calendar,
          log: (message) => this.logger.warn(message),
        })
      : null;
  }

  /** Sends newly queued e-mails now instead of at the next poll. */
  wake(): void {
    this.dispatcher?.wake();
  }

  onApplicationBootstrap(): void {
    this.dispatcher?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher?.stop();
  }
}
