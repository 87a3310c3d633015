/**
 * Helpers for the case API tests: requests over real HTTP with a role's token, realistic command bodies
 * (the domain fixtures' dates and letters), and counters that see whether a request changed anything.
 */
import type { TestService } from '../support/service';

export const BEKASI = 'kota-bekasi';
export const BOGOR = 'kota-bogor';

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface Caller {
  role: string;
  agency: string;
  sub?: string;
}

export const OFFICER: Caller = { role: 'officer', agency: BEKASI, sub: 'officer-ani' };
export const OTHER_OFFICER: Caller = { role: 'officer', agency: BEKASI, sub: 'officer-budi' };
export const SUPERVISOR: Caller = { role: 'supervisor', agency: BEKASI, sub: 'supervisor-citra' };
export const PPK: Caller = { role: 'ppk', agency: BEKASI, sub: 'ppk-walikota' };
export const AUDITOR: Caller = { role: 'auditor', agency: BEKASI, sub: 'auditor-inspektorat' };
export const BOGOR_OFFICER: Caller = { role: 'officer', agency: BOGOR, sub: 'officer-bogor' };
export const BOGOR_SUPERVISOR: Caller = { role: 'supervisor', agency: BOGOR, sub: 'supervisor-bogor' };

/** The fields of a "proceed" clarification result a test chooses; the rest default in `assignAndClarify`. */
export interface ClarificationResult {
  reportReference: string;
  likelyLevel?: string;
  timPemeriksaNeeded?: boolean;
  summary?: string;
  occurredOn?: string;
}

export class Api {
  constructor(private readonly netral: TestService) {}

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { as?: Caller; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as) {
      const token = await this.netral.token(options.as.role, options.as.agency, { sub: options.as.sub });
      headers.Authorization = `Bearer ${token}`;
    }
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['Content-Type'] ??= 'application/json';
    const res = await fetch(`${this.netral.url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  get<T = Record<string, unknown>>(path: string, as: Caller, headers?: Record<string, string>) {
    return this.request<T>('GET', path, { as, headers });
  }

  post<T = Record<string, unknown>>(
    path: string,
    as: Caller | undefined,
    body: unknown,
    headers?: Record<string, string>,
  ) {
    return this.request<T>('POST', path, { as, body, headers });
  }

  /** Sends a command and fails the test on anything but 200. */
  async ok(path: string, as: Caller, body: unknown): Promise<ApiResponse> {
    const res = await this.post(path, as, body);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.text}`);
    return res;
  }

  /**
   * Where most later stages start: assigned to OFFICER by SUPERVISOR, the Inspektorat's clarification started and
   * concluded with "proceed" (sedang unless `result` says otherwise). `steps` replaces the assignment's and the
   * start's optional fields (officer name, letter reference, occurredOn).
   */
  async assignAndClarify(
    id: string,
    result: ClarificationResult,
    steps: { assignment?: Record<string, unknown>; start?: Record<string, unknown> } = {},
  ): Promise<void> {
    const c = `/cases/${id}`;
    await this.ok(`${c}/assignment`, SUPERVISOR, {
      officerId: OFFICER.sub,
      ...(steps.assignment ?? { officerName: 'Ani' }),
    });
    await this.ok(`${c}/clarification/start`, OFFICER, {
      by: 'inspektorat',
      ...(steps.start ?? { letterReference: '700/1/Insp' }),
    });
    await this.ok(`${c}/clarification/result`, OFFICER, {
      result: 'proceed',
      likelyLevel: 'sedang',
      timPemeriksaNeeded: false,
      summary: 'Cukup bukti',
      ...result,
    });
  }

  /** Registers a case and returns its id (fails the test on anything but 201). */
  async register(as: Caller = OFFICER, overrides: Record<string, unknown> = {}): Promise<string> {
    const res = await this.post('/cases', as, registerBody(overrides));
    if (res.status !== 201) throw new Error(`register: ${res.status} ${res.text}`);
    return (res.body as { caseId: string }).caseId;
  }
}

/** Events people caused (the workflow records deadlines on its own as role "system"). */
export async function officerEventCount(netral: TestService, caseId?: string): Promise<number> {
  const [row] = (await netral.dataSource.query(
    `SELECT count(*)::int AS n FROM events WHERE metadata->>'role' <> 'system'
       AND ($1::text IS NULL OR stream_id = $1)`,
    [caseId ?? null],
  )) as { n: number }[];
  return row.n;
}

export function registerBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    source: { kind: 'public_report', reference: 'LAP-001/2025', receivedOn: '2025-01-03' },
    reportedAsn: {
      nip: '198001012005011001',
      name: 'Dedi Kurniawan',
      position: 'Kepala Seksi Pelayanan',
      unit: 'Kecamatan Bekasi Timur',
      agency: 'Pemerintah Kota Bekasi',
      employeeType: 'PNS',
    },
    violationType: 'SKB_ETIK_MEDSOS_INTERAKSI',
    conduct: 'Menyukai dan membagikan unggahan pasangan calon di media sosial',
    election: { kind: 'pilkada', year: 2024 },
    evidence: [{ ref: 'EV-1', description: 'Tangkapan layar unggahan' }],
    reporter: { name: 'Siti Rahma', address: 'Jl. Melati 5, Bekasi', contact: '0812000000' },
    ...overrides,
  };
}

export { waitFor } from '../support/wait';

const PROBLEM = /^application\/problem\+json/;

/** Asserts an RFC 9457 problem document with this status and code. */
export function expectProblem(res: ApiResponse<unknown>, status: number, code?: string): void {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text}`);
  expect(res.headers.get('content-type')).toMatch(PROBLEM);
  const body = res.body as Record<string, unknown>;
  expect(body.status).toBe(status);
  if (code) expect(body.code).toBe(code);
  expect(typeof body.detail).toBe('string');
  expect(typeof body.detailId).toBe('string');
  expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+|node_modules/);
}
