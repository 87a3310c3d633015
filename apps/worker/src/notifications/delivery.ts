// Sends one notification through the channels and keeps the books in notification_delivery: delivered
// (delivered_at, channels, detail), or the last failure (last_error, attempts) and, once nothing more will be
// tried, detail = 'failed'. Shared by case reminders/escalations and the officers' daily digest.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { NOTIFICATION_DELIVERY_TABLE } from '@netral/event-store';
import { DELIVERY_MAX_ATTEMPTS, type DeliverNotificationResult } from '@netral/workflows';
import type { DataSource } from 'typeorm';
import { type Notification, type NotificationChannel, PermanentDeliveryError } from './notification';

/** notification_delivery.detail of a notification given up on (permanent failure or retries exhausted). */
export const DELIVERY_FAILED = 'failed';

/** The running activity's attempt (1 outside an activity, e.g. a direct call in a test). */
function currentAttempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}

export async function alreadyDelivered(
  dataSource: DataSource,
  notificationId: string,
): Promise<DeliverNotificationResult | undefined> {
  const [row] = (await dataSource.query(
    `SELECT delivered_at, channels FROM ${NOTIFICATION_DELIVERY_TABLE} WHERE notification_id = $1`,
    [notificationId],
  )) as { delivered_at: Date | null; channels: string[] }[];
  return row?.delivered_at ? { delivered: true, channels: row.channels } : undefined;
}

/**
 * At least once, but not again once recorded as delivered. A permanent failure is thrown as a
 * non-retryable ApplicationFailure; a passing one is rethrown for Temporal to retry with backoff.
 */
export async function deliverAndRecord(
  dataSource: DataSource,
  channels: NotificationChannel[],
  notification: Notification,
  maxAttempts = DELIVERY_MAX_ATTEMPTS,
): Promise<DeliverNotificationResult> {
  const done = await alreadyDelivered(dataSource, notification.id);
  if (done) return done;
  const table = NOTIFICATION_DELIVERY_TABLE;
  const used: string[] = [];
  const details: string[] = [];
  try {
    for (const channel of channels) {
      const outcome = await channel.deliver(notification);
      used.push(outcome.channel);
      details.push(`${outcome.channel}: ${outcome.detail}`);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const permanent = error instanceof PermanentDeliveryError;
    const final = permanent || currentAttempt() >= maxAttempts;
    await dataSource.query(
      `INSERT INTO ${table} (notification_id, attempts, last_error, detail, last_attempt_at)
       VALUES ($1, 1, $2, $3, now())
       ON CONFLICT (notification_id) DO UPDATE SET attempts = ${table}.attempts + 1, last_error = $2,
         detail = $3, last_attempt_at = now()`,
      [notification.id, message, final ? DELIVERY_FAILED : null],
    );
    if (permanent) {
      throw ApplicationFailure.create({ type: 'PermanentDeliveryError', message, nonRetryable: true });
    }
    throw error;
  }
  await dataSource.query(
    `INSERT INTO ${table} (notification_id, attempts, delivered_at, channels, detail, last_attempt_at)
     VALUES ($1, 1, now(), $2, $3, now())
     ON CONFLICT (notification_id) DO UPDATE SET attempts = ${table}.attempts + 1, delivered_at = now(),
       channels = $2, detail = $3, last_attempt_at = now()`,
    [notification.id, used, details.join('; ')],
  );
  return { delivered: true, channels: used };
}
