/**
 * Helpers for the audit API's end-to-end tests: cases created through the case workflow (the Temporal
 * client, as the case commands endpoints would), and a small HTTP client that returns status, headers and
 * the parsed body.
 */
import type { Actor, CaseCommand, CaseState } from '@netral/domain';
import { TEST_CALENDAR, cmd } from '@netral/domain/testing/fixtures';
import { caseCommandUpdate, caseConfigSource, registerCase } from '@netral/workflows';
import type { TestService } from '../support/service';
import { waitFor } from '../support/wait';

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export function actors(agency: string) {
  return {
    officer: { id: 'officer-ani', role: 'officer', agency } as Actor,
    supervisor: { id: 'supervisor-citra', role: 'supervisor', agency } as Actor,
    ppk: { id: 'ppk-walikota', role: 'ppk', agency } as Actor,
  };
}

/** Sends one command to the case workflow as an update (the update id is the request id). */
export async function send(
  netral: TestService,
  caseId: string,
  command: CaseCommand,
  actor: Actor,
  requestId?: string,
  reason?: string,
): Promise<CaseState> {
  return netral.client.workflow.getHandle(caseId).executeUpdate(caseCommandUpdate, {
    args: [{ command, actor, ...(requestId ? { requestId } : {}), ...(reason ? { reason } : {}) }],
    ...(requestId ? { updateId: requestId } : {}),
  });
}

/**
 * A case registered, assigned and in clarification: RegisterReport (officer), AssignOfficer (supervisor,
 * with a request id and a reason), StartClarification (officer).
 */
export async function createCase(
  netral: TestService,
  taskQueue: string,
  caseId: string,
  agency: string,
  register: Parameters<typeof cmd.register>[0] = {},
): Promise<CaseState> {
  const who = actors(agency);
  // As the API registers a case: update-with-start, with the configuration in force (the worker's calendar).
  await registerCase(netral.client, {
    caseId,
    request: {
      command: cmd.register({ caseId, ...register }),
      actor: who.officer,
      requestId: `register-${caseId}`,
    },
    updateId: `register-${caseId}`,
    config: caseConfigSource({ calendar: () => TEST_CALENDAR })(),
    taskQueue,
  });
  await send(
    netral,
    caseId,
    cmd.assign(),
    who.supervisor,
    `assign-${caseId}`,
    'Disposisi Kepala Inspektorat',
  );
  const state = await send(netral, caseId, cmd.startClarification(), who.officer);
  // The workflow records the clarification deadline on its own a moment later; after that the stream is
  // quiet (the next timers are days away), so tests can compare reads.
  await waitFor(async () => {
    const rows = (await netral.dataSource.query(
      `SELECT 1 FROM events WHERE stream_id = $1 AND type = 'DeadlineRecorded' AND data->>'ruleId' = 'clarification'`,
      [caseId],
    )) as unknown[];
    return rows.length > 0;
  });
  return state;
}

export function http(netral: TestService) {
  async function call<T>(
    method: string,
    path: string,
    token: string | undefined,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${netral.url}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    const body = (type.includes('json') && text ? JSON.parse(text) : text) as T;
    return { status: response.status, headers: response.headers, body, text };
  }
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    get: <T = any>(path: string, token?: string, headers?: Record<string, string>) =>
      call<T>('GET', path, token, { headers }),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    post: <T = any>(path: string, token?: string, body?: unknown) => call<T>('POST', path, token, { body }),
  };
}

export { waitFor };
