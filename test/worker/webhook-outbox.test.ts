/**
 * The webhook channel inside the real case worker, against a real local HTTP endpoint: reminders and
 * escalations of compressed-deadline cases go through the outbox to the endpoint. An endpoint that fails
 * (500, then a hanging request) and recovers gets the notification on a later activity attempt (Temporal's
 * backoff) and notification_delivery records it once delivered; a permanent refusal (410) or exhausted
 * retries are recorded as failed, not lost, and the case goes on.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DELIVERY_MAX_ATTEMPTS } from '@netral/workflows';
import { createCaseActivities } from '../../apps/worker/src/activities/case-activities';
import { DELIVERY_FAILED } from '../../apps/worker/src/notifications/delivery';
import { LogChannel } from '../../apps/worker/src/notifications/log.channel';
import { WebhookChannel } from '../../apps/worker/src/notifications/webhook.channel';
import {
  type CaseTestEnv,
  escalationIdOf,
  registerTestCase,
  reminderIdOf,
  startCaseEnv,
  waitFor,
} from '../case-workflow/support';

/** What the endpoint does with each request for a notification: answer a status, or never answer. */
type Behaviour = number | 'hang';
const script = new Map<string, Behaviour[]>();
const requests: { id: string; at: number; behaviour: Behaviour }[] = [];
const hanging: ServerResponse[] = [];
let server: Server;
let url: string;
let env: CaseTestEnv;

function handle(req: IncomingMessage, res: ServerResponse): void {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    const { id } = JSON.parse(body) as { id: string };
    const behaviour = script.get(id)?.shift() ?? 200;
    requests.push({ id, at: Date.now(), behaviour });
    if (behaviour === 'hang') hanging.push(res);
    else res.writeHead(behaviour).end();
  });
}

/** Long enough for an answer on a loaded machine; a hanging endpoint is cut off at it. */
const HOOK_TIMEOUT_MS = 2_000;

const webhookOptions = () => ({
  url,
  secret: 'rahasia',
  timeoutMs: HOOK_TIMEOUT_MS,
  maxAttempts: 2,
  initialBackoffMs: 100,
});

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  env = await startCaseEnv('webhook_outbox', {
    channels: (log) => [new WebhookChannel(webhookOptions()), new LogChannel(log)],
  });
}, 60_000);

afterAll(async () => {
  await env?.stop();
  hanging.forEach((r) => r.destroy());
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
});

interface DeliveryRow {
  attempts: number;
  delivered_at: Date | null;
  channels: string[];
  detail: string | null;
  last_error: string | null;
}

async function delivery(id: string): Promise<DeliveryRow | undefined> {
  const [row] = (await env.dataSource.query(
    `SELECT attempts, delivered_at, channels, detail, last_error FROM notification_delivery WHERE notification_id = $1`,
    [id],
  )) as DeliveryRow[];
  return row;
}

const register = (caseId: string) => registerTestCase(env, caseId);
const reminderOf = reminderIdOf;
const escalationOf = escalationIdOf;

describe('webhook deliveries from the outbox', () => {
  it('retries an endpoint that fails and hangs, with backoff, and records the delivery once it recovers', async () => {
    const caseId = 'late-hook-recovers';
    script.set(reminderOf(caseId), [500, 'hang', 200]);
    await register(caseId);
    const row = await waitFor(async () => {
      const r = await delivery(reminderOf(caseId));
      return r?.delivered_at ? r : undefined;
    }, 30_000);
    expect(row).toMatchObject({ attempts: 2, channels: ['webhook', 'log'] });
    expect(row.last_error).toMatch(`timed out after ${HOOK_TIMEOUT_MS} ms`);
    expect(row.detail).toMatch(/webhook: HTTP 200/);

    const calls = requests.filter((r) => r.id === reminderOf(caseId));
    expect(calls.map((c) => c.behaviour)).toEqual([500, 'hang', 200]);
    // Within an attempt the channel backs off (100 ms); between attempts Temporal does (5 s initial).
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(100);
    expect(calls[2].at - calls[1].at).toBeGreaterThanOrEqual(4_000);

    // The escalation went out too, once.
    await waitFor(async () => (await delivery(escalationOf(caseId)))?.delivered_at);
    expect(requests.filter((r) => r.id === escalationOf(caseId))).toHaveLength(1);
  }, 45_000);

  it('records a permanent refusal as failed, does not retry it, and the case goes on', async () => {
    const caseId = 'late-hook-gone';
    script.set(reminderOf(caseId), [410]);
    await register(caseId);
    const row = await waitFor(async () => {
      const r = await delivery(reminderOf(caseId));
      return r?.detail === DELIVERY_FAILED ? r : undefined;
    });
    expect(row).toMatchObject({ attempts: 1, delivered_at: null, channels: [] });
    expect(row.last_error).toMatch(/HTTP 410/);
    // The escalation is delivered; the refused reminder was asked for once only.
    await waitFor(async () => (await delivery(escalationOf(caseId)))?.delivered_at);
    expect(requests.filter((r) => r.id === reminderOf(caseId))).toHaveLength(1);
    const [outbox] = await env.dataSource.query(`SELECT kind FROM notification_outbox WHERE id = $1`, [
      reminderOf(caseId),
    ]);
    expect(outbox.kind).toBe('reminder');
  });

  it('records a notification as failed when the last attempt fails', async () => {
    const caseId = 'late-hook-down';
    // Down for good (the workflow's own attempts keep failing in the background).
    script.set(reminderOf(caseId), Array<Behaviour>(100).fill(503));
    await register(caseId);
    await waitFor(async () => (await delivery(reminderOf(caseId)))?.last_error);
    expect((await delivery(reminderOf(caseId)))?.detail).toBeNull();

    const activities = createCaseActivities({
      dataSource: env.dataSource,
      eventStore: env.eventStore,
      channels: [new WebhookChannel(webhookOptions())],
    });
    const last = new MockActivityEnvironment({ attempt: DELIVERY_MAX_ATTEMPTS });
    await expect(
      last.run(activities.deliverNotification, { notificationId: reminderOf(caseId) }),
    ).rejects.toThrow(/HTTP 503/);
    const row = await delivery(reminderOf(caseId));
    expect(row).toMatchObject({ delivered_at: null, detail: DELIVERY_FAILED });
  });
});
