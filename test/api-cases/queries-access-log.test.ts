/**
 * A list read is recorded in the access log by the statement that reads the list (issue #15: one round
 * trip per GET /cases and GET /work-list instead of two), and the record is exactly the one the
 * interceptor wrote before: who, route, parameters, request ids and the listed cases in the response's
 * order. Whatever the access log cannot record is still not served.
 */
import { Client } from 'pg';
import { startTestService, type TestService } from '../support/service';
import { Api, expectProblem, OFFICER, OTHER_OFFICER, SUPERVISOR, waitFor } from './support';

/**
 * The worker in this process keeps projecting the cases just registered (appends with their read-model
 * prefetch, case_summary upserts) while a read is measured: those are not the read's statements.
 */
const projectionWrite =
  /append_events?\(|^\s*INSERT INTO case_summary|^SELECT state, letter_numbers, stage_history FROM/;

/** Statements sent (in this process) that touch the case list or the access log, while recording. */
const sent: string[] = [];
let recording = false;
const query = Client.prototype.query;
Client.prototype.query = function (this: Client, ...args: unknown[]) {
  const first = args[0] as string | { text?: string } | undefined;
  const text = typeof first === 'string' ? first : (first?.text ?? '');
  if (recording && /case_summary|case_access_log/.test(text) && !projectionWrite.test(text)) sent.push(text);
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof Client.prototype.query;

/** The statements about cases and their access log that `read` sends (the engine's and worker's are left out). */
async function statementsOf(read: () => Promise<unknown>): Promise<string[]> {
  sent.length = 0;
  recording = true;
  try {
    await read();
  } finally {
    recording = false;
  }
  return [...sent];
}

let netral: TestService;
let api: Api;
const caseIds: string[] = [];

interface Page {
  items: { caseId: string }[];
  nextCursor: string | null;
}

interface LogRow {
  actor_id: string;
  actor_role: string;
  actor_agency: string;
  method: string;
  route: string;
  path: string;
  params: Record<string, unknown>;
  correlation_id: string | null;
  case_id: string | null;
  case_agency: string | null;
  case_ids: string[];
  status: number;
}

beforeAll(async () => {
  netral = await startTestService('api_cases_queries_access_log');
  api = new Api(netral);
  for (let i = 0; i < 3; i++) caseIds.push(await api.register(OFFICER));
});
afterAll(async () => {
  await netral?.stop();
});

async function logRows(requestId: string): Promise<LogRow[]> {
  return (await netral.dataSource.query(`SELECT * FROM case_access_log WHERE request_id = $1`, [
    requestId,
  ])) as LogRow[];
}

it('records GET /cases in the statement that reads the page: one round trip, the same row', async () => {
  const one = await statementsOf(() => api.get('/cases?limit=2', SUPERVISOR));
  expect(one).toHaveLength(1);
  expect(one[0]).toMatch(/^WITH page AS \(SELECT[\s\S]*INSERT INTO case_access_log/);

  // Both pages of a descending sort: the row lists the cases in the response's order.
  const first = await api.get<Page>('/cases?sort=createdAt&order=desc&limit=2', SUPERVISOR, {
    'x-request-id': 'uji-list-1',
    'x-correlation-id': 'uji-korelasi',
  });
  expect(first.status).toBe(200);
  const cursor = first.body.nextCursor!;
  const second = await api.get<Page>(
    `/cases?sort=createdAt&order=desc&limit=2&cursor=${encodeURIComponent(cursor)}`,
    SUPERVISOR,
    { 'x-request-id': 'uji-list-2' },
  );
  const listed = [...first.body.items, ...second.body.items].map((i) => i.caseId);
  expect([...listed].sort()).toEqual([...caseIds].sort());
  expect(await logRows('uji-list-1')).toEqual([
    expect.objectContaining({
      actor_id: 'supervisor-citra',
      actor_role: 'supervisor',
      actor_agency: 'kota-bekasi',
      method: 'GET',
      route: '/cases',
      path: '/cases',
      params: { sort: 'createdAt', order: 'desc', limit: '2' },
      correlation_id: 'uji-korelasi',
      case_id: null,
      case_agency: null,
      case_ids: listed.slice(0, 2),
      status: 200,
    }),
  ]);
  expect(await logRows('uji-list-2')).toEqual([
    expect.objectContaining({
      params: { sort: 'createdAt', order: 'desc', limit: '2', cursor },
      case_ids: listed.slice(2),
      status: 200,
    }),
  ]);
  // An empty list is a read of /cases too.
  await api.get('/cases?q=tidak-ada-sama-sekali', SUPERVISOR, { 'x-request-id': 'uji-list-empty' });
  expect(await logRows('uji-list-empty')).toEqual([expect.objectContaining({ case_ids: [], status: 200 })]);
  // A refused list read is recorded by the interceptor, as before.
  await api.get('/cases?limit=0', SUPERVISOR, { 'x-request-id': 'uji-list-refused' });
  expect(await logRows('uji-list-refused')).toEqual([expect.objectContaining({ status: 400 })]);
});

it('records a work list in its own statement only when it names a case', async () => {
  const one = await statementsOf(() => api.get('/work-list', SUPERVISOR));
  expect(one).toHaveLength(1);
  expect(one[0]).toMatch(/^WITH page AS \(SELECT[\s\S]*INSERT INTO case_access_log/);

  const work = await api.get<Page>('/work-list', SUPERVISOR, { 'x-request-id': 'uji-work' });
  expect(work.body.items.length).toBeGreaterThan(0);
  expect(await logRows('uji-work')).toEqual([
    expect.objectContaining({
      route: '/work-list',
      case_ids: work.body.items.map((i) => i.caseId),
      status: 200,
    }),
  ]);
  // Nothing assigned to this officer: no case read, no row (as before).
  const none = await api.get<Page>('/work-list', OTHER_OFFICER, { 'x-request-id': 'uji-work-none' });
  expect(none.body.items).toEqual([]);
  expect(await logRows('uji-work-none')).toEqual([]);
});

it('serves no list when the read cannot be recorded', async () => {
  await netral.dataSource.query(`ALTER TABLE case_access_log RENAME TO case_access_log_offline`);
  try {
    for (const path of ['/cases', '/work-list']) {
      const res = await api.get(path, SUPERVISOR);
      expectProblem(res, 503, 'ACCESS_LOG_UNAVAILABLE');
      for (const id of caseIds) expect(res.text).not.toContain(id);
    }
  } finally {
    await netral.dataSource.query(`ALTER TABLE case_access_log_offline RENAME TO case_access_log`);
  }
  await waitFor(async () => (await api.get('/cases', SUPERVISOR)).status === 200);
});
