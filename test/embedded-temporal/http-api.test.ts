/**
 * Temporal's HTTP API through plain HTTP (fetch), against the embedded server with a real SDK worker:
 * start, describe, list with a visibility query, history (query-string fields converted by type), signal,
 * query, the payload shorthand both ways, and errors as {code, message, details} with the HTTP status of
 * the gRPC code.
 */
import { randomUUID } from 'node:crypto';
import { startEnv, type TemporalTestEnv } from './support';
import { waitFor } from '../support/wait';

let env: TemporalTestEnv;
let base: string;

beforeAll(async () => {
  env = await startEnv('http-api', { server: { httpPort: 0 } });
  base = `${env.server.httpAddress}/api/v1/namespaces/default`;
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(method: string, url: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.headers.get('content-type')).toBe('application/json');
  return { status: res.status, json: (await res.json()) as Json };
}

async function startCounter(workflowId: string) {
  return call('POST', `${base}/workflows/${encodeURIComponent(workflowId)}`, {
    workflowType: { name: 'counter' },
    taskQueue: { name: env.taskQueue },
    requestId: randomUUID(),
    workflowExecutionTimeout: '60s',
    memo: { fields: { purpose: 'http test' } },
  });
}

it('starts, signals, queries, describes and lists a workflow, and reads its history', async () => {
  const workflowId = `http/counter-${randomUUID()}`; // a slash travels percent-encoded in the path
  const started = await startCounter(workflowId);
  expect(started.status).toBe(200);
  expect(started.json.runId).toMatch(/^[0-9a-f-]{36}$/);
  expect(started.json.started).toBe(true);
  const path = `${base}/workflows/${encodeURIComponent(workflowId)}`;

  // Signal: the path names the signal; the input is the shorthand (plain JSON values).
  const signalled = await call('POST', `${path}/signal/add`, { input: [5], requestId: randomUUID() });
  expect(signalled).toEqual({ status: 200, json: {} });
  await call('POST', `${path}/signal/add`, { input: [7] });

  // Query: through the worker, the answer in shorthand.
  const queried = await waitFor(async () => {
    const q = await call('POST', `${path}/query/total`, { query: {} });
    return q.status === 200 && q.json.queryResult?.[0] === 12 ? q : undefined;
  });
  expect(queried.json).toEqual({ queryResult: [12] });

  // The SDK sees what HTTP did.
  expect(await env.client.workflow.getHandle(workflowId).query<number>('total')).toBe(12);

  // Describe: enums by name, timestamps RFC 3339, int64 as strings, durations, memo payload shorthand.
  const described = await call('GET', path);
  expect(described.status).toBe(200);
  const info = described.json.workflowExecutionInfo;
  expect(info.execution).toEqual({ workflowId, runId: started.json.runId });
  expect(info.type).toEqual({ name: 'counter' });
  expect(info.status).toBe('WORKFLOW_EXECUTION_STATUS_RUNNING');
  expect(info.startTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  expect(typeof info.historyLength).toBe('string');
  expect(Number(info.historyLength)).toBeGreaterThan(3);
  expect(info.memo).toEqual({ fields: { purpose: 'http test' } });
  expect(described.json.executionConfig.workflowExecutionTimeout).toBe('60s');

  // List with a visibility query (query string), the run appears with its status by name.
  const listed = await waitFor(async () => {
    const query = encodeURIComponent(`WorkflowId = '${workflowId}' AND ExecutionStatus = 'Running'`);
    const l = await call('GET', `${base}/workflows?query=${query}&pageSize=5`);
    return l.json.executions?.length === 1 ? l : undefined;
  });
  expect(listed.status).toBe(200);
  expect(listed.json.executions[0].execution.workflowId).toBe(workflowId);
  expect(listed.json.executions[0].status).toBe('WORKFLOW_EXECUTION_STATUS_RUNNING');
  const count = await call(
    'GET',
    `${base}/workflow-count?query=${encodeURIComponent(`WorkflowId = '${workflowId}'`)}`,
  );
  expect(count.json.count).toBe('1');

  // Finish, then the history: paging and an enum filter given in the query string, converted by type.
  await call('POST', `${path}/signal/finish`, {});
  expect(await env.client.workflow.getHandle(workflowId).result()).toBe(12);
  const firstPage = await call(
    'GET',
    `${path}/history?maximumPageSize=2&execution.runId=${started.json.runId}`,
  );
  expect(firstPage.status).toBe(200);
  expect(firstPage.json.history.events.map((e: Json) => e.eventId)).toEqual(['1', '2']);
  expect(firstPage.json.history.events[0].eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
  expect(firstPage.json.history.events[0].eventTime).toMatch(/Z$/);
  expect(firstPage.json.nextPageToken).toEqual(expect.any(String)); // bytes as base64
  const secondPage = await call(
    'GET',
    `${path}/history?maximum_page_size=2&next_page_token=${encodeURIComponent(firstPage.json.nextPageToken)}`,
  );
  expect(secondPage.json.history.events.map((e: Json) => e.eventId)).toEqual(['3', '4']);
  const closeEvent = await call(
    'GET',
    `${path}/history?historyEventFilterType=HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT`,
  );
  expect(closeEvent.json.history.events).toHaveLength(1);
  const completed = closeEvent.json.history.events[0];
  expect(completed.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
  expect(completed.workflowExecutionCompletedEventAttributes.result).toEqual([12]);
  // The signal in the history, with the shorthand off: the payload's long form, base64.
  const longForm = await call('GET', `${path}/history?noPayloadShorthand`);
  const signal = longForm.json.history.events.find(
    (e: Json) => e.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED',
  );
  const payload = signal.workflowExecutionSignaledEventAttributes.input.payloads[0];
  expect(Buffer.from(payload.metadata.encoding, 'base64').toString()).toBe('json/plain');
  expect(Buffer.from(payload.data, 'base64').toString()).toBe('5');
});

it('starts a workflow whose input is in the long payload form and signals it with signal-with-start', async () => {
  const workflowId = `http-sws-${randomUUID()}`;
  const res = await call('POST', `${base}/workflows/${workflowId}/signal-with-start/add`, {
    workflowType: { name: 'counter' },
    taskQueue: { name: env.taskQueue },
    signalInput: {
      payloads: [
        {
          metadata: { encoding: Buffer.from('json/plain').toString('base64') },
          data: Buffer.from('3').toString('base64'),
        },
      ],
    },
  });
  expect(res.status).toBe(200);
  expect(await env.client.workflow.getHandle(workflowId).query<number>('total')).toBe(3);
  await env.client.workflow.getHandle(workflowId).signal('finish');
  expect(await env.client.workflow.getHandle(workflowId).result()).toBe(3);
});

it('answers errors as {code, message, details} with the HTTP status of the gRPC code', async () => {
  const missing = await call('GET', `${base}/workflows/no-such-workflow`);
  expect(missing.status).toBe(404);
  expect(missing.json.code).toBe(5);
  expect(missing.json.message).toEqual(expect.any(String));
  expect(missing.json.details).toEqual([
    { '@type': 'type.googleapis.com/temporal.api.errordetails.v1.NotFoundFailure' },
  ]);

  const workflowId = `http-dup-${randomUUID()}`;
  expect((await startCounter(workflowId)).status).toBe(200);
  const duplicate = await startCounter(workflowId);
  expect(duplicate.status).toBe(409);
  expect(duplicate.json.code).toBe(6);
  expect(duplicate.json.details[0]['@type']).toBe(
    'type.googleapis.com/temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure',
  );
  expect(duplicate.json.details[0].runId).toEqual(expect.any(String));
  await env.client.workflow.getHandle(workflowId).terminate('test over');

  const unknownNamespace = await call('GET', `${env.server.httpAddress}/api/v1/namespaces/nope/workflows`);
  expect(unknownNamespace.status).toBe(404);
  expect(unknownNamespace.json.details[0]['@type']).toMatch(/NamespaceNotFoundFailure$/);

  const badJson = await fetch(`${base}/workflows/x`, { method: 'POST', body: '{not json' });
  expect(badJson.status).toBe(400);
  expect(((await badJson.json()) as Json).code).toBe(3);

  const unknownField = await call('POST', `${base}/workflows/x`, { workflowTypo: 1 });
  expect(unknownField.status).toBe(400);
  expect(unknownField.json.message).toMatch(/unknown field "workflowTypo"/);

  const badEnum = await call('GET', `${base}/workflows/x/history?historyEventFilterType=SOMETIMES`);
  expect(badEnum.status).toBe(400);
  expect(badEnum.json.message).toMatch(/historyEventFilterType|SOMETIMES/);

  const badInt = await call('GET', `${base}/workflows/x/history?maximumPageSize=many`);
  expect(badInt.status).toBe(400);

  const noRoute = await call('GET', `${env.server.httpAddress}/api/v1/nothing-here`);
  expect(noRoute.status).toBe(404);
  expect(noRoute.json).toMatchObject({ code: 5, message: 'Not Found' });

  const unsupported = await call('POST', `${base}/batch-operations/job-1`, {});
  expect(unsupported.status).toBe(501);
  expect(unsupported.json.code).toBe(12);
  expect(unsupported.json.message).toMatch(/StartBatchOperation/);
});

it('serves the cluster-level routes and the operator service', async () => {
  const info = await call('GET', `${env.server.httpAddress}/api/v1/system-info`);
  expect(info.status).toBe(200);
  expect(info.json.serverVersion).toEqual(expect.any(String));
  expect(info.json.capabilities.signalAndQueryHeader).toBe(true);
  const namespaces = await call('GET', `${env.server.httpAddress}/api/v1/namespaces?pageSize=10`);
  expect(namespaces.json.namespaces.map((n: Json) => n.namespaceInfo.name)).toContain('default');
  const ns = await call('GET', `${env.server.httpAddress}/api/v1/namespaces/default`);
  expect(ns.json.namespaceInfo.state).toBe('NAMESPACE_STATE_REGISTERED');
  expect(ns.json.config.workflowExecutionRetentionTtl).toMatch(/^\d+s$/);
  const attributes = await call(
    'GET',
    `${env.server.httpAddress}/api/v1/namespaces/default/search-attributes`,
  );
  expect(attributes.json.systemAttributes.WorkflowId).toBe('INDEXED_VALUE_TYPE_KEYWORD');
  expect(attributes.json.customAttributes.CustomIntField).toBe('INDEXED_VALUE_TYPE_INT');
  // The bindings without /api/v1 are served too (grpc-gateway registers both).
  const legacy = await call('GET', `${env.server.httpAddress}/system-info?pretty`);
  expect(legacy.status).toBe(200);
});
