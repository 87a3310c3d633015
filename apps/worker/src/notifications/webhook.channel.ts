import { createHmac } from 'node:crypto';
import {
  type DeliveryOutcome,
  type Notification,
  type NotificationChannel,
  PermanentDeliveryError,
  RetryableDeliveryError,
} from './notification';

export interface WebhookChannelOptions {
  url: string;
  /** Shared secret for the HMAC-SHA256 signature of the body. */
  secret: string;
  /** Per request. */
  timeoutMs?: number;
  /** Quick retries within one delivery for passing blips; longer outages are retried by Temporal. */
  maxAttempts?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
}

export const SIGNATURE_HEADER = 'x-netral-signature';
export const TIMESTAMP_HEADER = 'x-netral-timestamp';

/**
 * Signs `timestamp.body` so a receiver can check both origin and freshness (the same scheme as Stripe's
 * and GitHub's webhooks): `x-netral-signature: sha256=<hex>`.
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * Delivers a notification as an HTTP POST of JSON, signed with HMAC-SHA256, with a timeout and
 * exponential backoff between attempts.
 */
export class WebhookChannel implements NotificationChannel {
  readonly name = 'webhook';
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: WebhookChannelOptions) {
    if (!/^https?:\/\//.test(options.url))
      throw new PermanentDeliveryError(`Webhook URL must be http(s): ${options.url}`);
    if (!options.secret) throw new PermanentDeliveryError('Webhook secret is empty');
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.initialBackoffMs = options.initialBackoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  async deliver(notification: Notification): Promise<DeliveryOutcome> {
    const body = JSON.stringify({ ...notification, sentAt: new Date().toISOString() });
    let lastError: Error | undefined;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      try {
        return await this.post(notification.id, body);
      } catch (e) {
        if (e instanceof PermanentDeliveryError) throw e;
        lastError = e as Error;
        if (attempt < this.maxAttempts) await this.sleep(this.backoff(attempt));
      }
    }
    throw new RetryableDeliveryError(
      `Webhook ${this.options.url} failed ${this.maxAttempts} times; last: ${lastError?.message}`,
    );
  }

  /** initial × 2^(attempt−1), capped. */
  backoff(attempt: number): number {
    return Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** (attempt - 1));
  }

  private async post(id: string, body: string): Promise<DeliveryOutcome> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': id,
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signWebhook(this.options.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.arrayBuffer(); // drain, so the connection can be reused
    } catch (e) {
      const reason =
        (e as Error).name === 'TimeoutError' ? `timed out after ${this.timeoutMs} ms` : (e as Error).message;
      throw new RetryableDeliveryError(`Webhook ${this.options.url}: ${reason}`);
    }
    if (response.ok) return { channel: this.name, detail: `HTTP ${response.status}` };
    const message = `Webhook ${this.options.url} answered HTTP ${response.status}`;
    if (response.status >= 500 || response.status === 408 || response.status === 429) {
      throw new RetryableDeliveryError(message);
    }
    throw new PermanentDeliveryError(message);
  }
}
