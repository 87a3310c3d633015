// Delivery bookkeeping of the outbox. Kept apart from the projection's tables because delivery is not derived
// from events (a rebuild must not resend): one row per delivered notification, plus the last failure.
export const NOTIFICATION_DELIVERY_TABLE = 'notification_delivery';

export const notificationDeliveryDdl = [
  `CREATE TABLE ${NOTIFICATION_DELIVERY_TABLE} (
     notification_id text PRIMARY KEY,
     attempts integer NOT NULL DEFAULT 0,
     delivered_at timestamptz,
     channels text[] NOT NULL DEFAULT '{}',
     detail text,
     last_error text,
     last_attempt_at timestamptz)`,
];
