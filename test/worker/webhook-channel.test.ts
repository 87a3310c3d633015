import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  PermanentDeliveryError,
  RetryableDeliveryError,
  type Notification,
} from '../../apps/worker/src/notifications/notification';
import {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  WebhookChannel,
  signWebhook,
} from '../../apps/worker/src/notifications/webhook.channel';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real local HTTP endpoint whose answers the test scripts: a status per request, then 200. */
async function endpoint(
  statuses: number[],
  delayMs = 0,
): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      setTimeout(() => {
        res.statusCode = statuses.shift() ?? 200;
        res.end('ok');
      }, delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, server };
}

const reminder: Notification = {
  id: 'ntf-1',
  kind: 'reminder',
  caseId: 'case-1',
  recipientRole: 'officer',
  recipientAgency: 'kota-bekasi',
  dueAt: '2026-04-10T10:00:00.000Z',
  message: 'Pengingat: batas waktu pemanggilan kedua jatuh pada 10 April 2026.',
};

describe('webhook channel', () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  it('posts the notification as JSON with a verifiable HMAC signature', async () => {
    const hook = await endpoint([]);
    servers.push(hook.server);
    const outcome = await new WebhookChannel({ url: hook.url, secret: 's3cret' }).deliver(reminder);
    expect(outcome).toEqual({ channel: 'webhook', detail: 'HTTP 200' });
    const [{ headers, body }] = hook.received;
    expect(JSON.parse(body)).toMatchObject(reminder);
    expect(headers['idempotency-key']).toBe('ntf-1');
    expect(headers[SIGNATURE_HEADER]).toBe(signWebhook('s3cret', String(headers[TIMESTAMP_HEADER]), body));
    expect(headers[SIGNATURE_HEADER]).not.toBe(signWebhook('wrong', String(headers[TIMESTAMP_HEADER]), body));
  });

  it('backs off exponentially while the endpoint fails and succeeds once it recovers', async () => {
    const hook = await endpoint([503, 502]);
    servers.push(hook.server);
    const waits: number[] = [];
    const channel = new WebhookChannel({
      url: hook.url,
      secret: 's3cret',
      maxAttempts: 4,
      initialBackoffMs: 100,
      sleep: async (ms) => void waits.push(ms),
    });
    await expect(channel.deliver(reminder)).resolves.toEqual({ channel: 'webhook', detail: 'HTTP 200' });
    expect(hook.received).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
    // Every attempt carries the same notification id, so the receiver can drop duplicates.
    expect(new Set(hook.received.map((r) => r.headers['idempotency-key']))).toEqual(new Set(['ntf-1']));
  });

  it('gives up with a retryable error when the endpoint stays down, for Temporal to retry later', async () => {
    const hook = await endpoint([500, 500, 500]);
    servers.push(hook.server);
    const channel = new WebhookChannel({
      url: hook.url,
      secret: 'x',
      maxAttempts: 3,
      sleep: async () => undefined,
    });
    await expect(channel.deliver(reminder)).rejects.toThrow(RetryableDeliveryError);
    await expect(
      new WebhookChannel({ url: hook.url, secret: 'x', maxAttempts: 1 }).deliver(reminder),
    ).resolves.toBeTruthy();
  });

  it('times out a hanging endpoint and does not retry a 4xx', async () => {
    const slow = await endpoint([], 2_000);
    servers.push(slow.server);
    await expect(
      new WebhookChannel({ url: slow.url, secret: 'x', timeoutMs: 50, maxAttempts: 1 }).deliver(reminder),
    ).rejects.toThrow(/timed out after 50 ms/);
    const refusing = await endpoint([400]);
    servers.push(refusing.server);
    await expect(
      new WebhookChannel({ url: refusing.url, secret: 'x', maxAttempts: 5 }).deliver(reminder),
    ).rejects.toThrow(PermanentDeliveryError);
    expect(refusing.received).toHaveLength(1);
  });

  it('refuses a bad configuration up front', () => {
    expect(() => new WebhookChannel({ url: 'ftp://x', secret: 'x' })).toThrow(/must be http/);
    expect(() => new WebhookChannel({ url: 'http://127.0.0.1:1', secret: '' })).toThrow(/secret is empty/);
  });
});
