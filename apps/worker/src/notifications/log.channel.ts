import type { DeliveryOutcome, Notification, NotificationChannel } from './notification';

export interface LogSink {
  info(object: Record<string, unknown>, message: string): void;
}

/** The default channel: a structured log line per notification, so nothing is silently dropped. */
export class LogChannel implements NotificationChannel {
  readonly name = 'log';

  constructor(private readonly sink: LogSink) {}

  async deliver(notification: Notification): Promise<DeliveryOutcome> {
    this.sink.info({ notification }, `[${notification.kind}] ${notification.message}`);
    return { channel: this.name, detail: 'logged' };
  }
}
