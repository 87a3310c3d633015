/** A message for a role in an agency about a case: a reminder before a deadline, an escalation after it. */
export interface Notification {
  /** Stable id (the outbox row's id): receivers deduplicate on it, since delivery is at least once. */
  id: string;
  kind: 'reminder' | 'escalation' | 'digest';
  caseId?: string;
  recipientRole: string;
  recipientAgency: string;
  recipientId?: string;
  /** The deadline it is about (ISO-8601), if any. */
  dueAt?: string;
  /** Human text in Indonesian. */
  message: string;
  data?: Record<string, unknown>;
}

export interface DeliveryOutcome {
  channel: string;
  /** e.g. the HTTP status for the webhook */
  detail: string;
}

/** A way to reach people: a webhook, a log line, later e-mail or WhatsApp gateways. */
export interface NotificationChannel {
  readonly name: string;
  deliver(notification: Notification): Promise<DeliveryOutcome>;
}

/** A failure worth trying again later (network error, 5xx, 429, timeout). */
export class RetryableDeliveryError extends Error {
  override readonly name = 'RetryableDeliveryError';
}

/** A failure that retrying will not fix (4xx other than 408/429, bad configuration). */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}
