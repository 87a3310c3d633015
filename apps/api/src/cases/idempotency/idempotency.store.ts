/**
 * Idempotency-Keys in PostgreSQL, per caller (agency + user id), so that every API instance and an API
 * after a restart agree. Each key is bound to the first request it came with: a digest of method, path and
 * canonical body (RFC 8785). The row is claimed atomically (INSERT … ON CONFLICT, conditional UPDATE), so
 * of two concurrent identical requests one runs and the other waits for its answer; a request with another
 * digest is refused.
 *
 * States: `running` (claimed by `owner` until `locked_until`), `answered` (2xx answer stored for replay),
 * `unanswered` (the last attempt failed with 5xx: whether the command took effect is unknown, so the key
 * stays bound to its request and a retry runs again; the workflow's update id deduplicates it). A request
 * refused with 4xx changed nothing, so its row is deleted and the key is free again.
 */
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import canonicalize from 'canonicalize';
import { IDEMPOTENCY_KEY_TABLE } from '@netral/event-store';
import type { DataSource } from 'typeorm';

/** How long a key is remembered (its answer replayed, another request refused). */
export const IDEMPOTENCY_KEY_RETENTION_HOURS = 24;
/**
 * How long a running request keeps its claim: longer than the command timeout, so only a request whose
 * API instance died loses it (then a retry takes over).
 */
export const IDEMPOTENCY_LEASE_MS = 40_000;
/** Longest a retry waits for a concurrent identical request before it is told to retry later. */
const WAIT_LIMIT_MS = IDEMPOTENCY_LEASE_MS + 5_000;
const SWEEP_INTERVAL_MS = 10 * 60_000;

export interface IdempotencyScope {
  agency: string;
  callerId: string;
  key: string;
}

export interface RequestFingerprint {
  method: string;
  path: string;
  digest: string;
}

export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export type Claim =
  /** Run the request, then `answer`, `release` or `abandon` with this owner. */
  | { outcome: 'run'; owner: string }
  | { outcome: 'replay'; answer: StoredAnswer }
  /** The key was first used for another request. */
  | { outcome: 'mismatch'; first: { method: string; path: string } }
  /** An identical request is still running after WAIT_LIMIT_MS. */
  | { outcome: 'busy' };

interface Row {
  request_digest: string;
  method: string;
  path: string;
  state: 'running' | 'answered' | 'unanswered';
  lease_expired: boolean;
  expired: boolean;
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: unknown;
}

/** sha256 over method, path and the canonical JSON body: the same request gives the same digest. */
export function fingerprint(method: string, path: string, body: unknown): RequestFingerprint {
  const canonical = canonicalize(body === undefined ? null : body) ?? 'null';
  const digest = createHash('sha256').update(`${method.toUpperCase()}\n${path}\n${canonical}`).digest('hex');
  return { method: method.toUpperCase(), path, digest };
}

export class IdempotencyStore {
  private lastSweep = 0;

  constructor(private readonly dataSource: DataSource) {}

  /** Claims the key for this request, or says what to do instead (replay, refuse, retry later). */
  async claim(scope: IdempotencyScope, request: RequestFingerprint): Promise<Claim> {
    this.sweepNowAndThen();
    const owner = randomUUID();
    const deadline = Date.now() + WAIT_LIMIT_MS;
    let pause = 25;
    for (;;) {
      const inserted = (await this.dataSource.query(
        `INSERT INTO ${IDEMPOTENCY_KEY_TABLE}
           (caller_agency, caller_id, key, request_digest, method, path, state, owner, locked_until, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'running', $7,
                 now() + make_interval(secs => $8), now() + make_interval(hours => $9))
         ON CONFLICT (caller_agency, caller_id, key) DO NOTHING
         RETURNING 1`,
        claimParams(scope, request, owner),
      )) as unknown[];
      if (inserted.length > 0) return { outcome: 'run', owner };

      const row = await this.read(scope);
      if (!row) continue; // released or swept in between: try to insert again
      if (row.expired) {
        // A forgotten key: the new request takes it over as if it were new.
        if (await this.takeOver(scope, request, owner, `expires_at < now()`))
          return { outcome: 'run', owner };
        continue;
      }
      if (row.request_digest !== request.digest) {
        return { outcome: 'mismatch', first: { method: row.method, path: row.path } };
      }
      if (row.state === 'answered' && row.response_status !== null) {
        return {
          outcome: 'replay',
          answer: {
            status: row.response_status,
            headers: row.response_headers ?? {},
            body: row.response_body,
          },
        };
      }
      if (row.state === 'unanswered' || row.lease_expired) {
        const condition = `(state = 'unanswered' OR locked_until < now())`;
        if (await this.takeOver(scope, request, owner, condition)) return { outcome: 'run', owner };
        continue;
      }
      // An identical request is running (here or on another instance): wait for its answer.
      if (Date.now() >= deadline) return { outcome: 'busy' };
      await sleep(pause);
      pause = Math.min(pause * 2, 500);
    }
  }

  /** Stores the 2xx answer for replay. */
  async answer(scope: IdempotencyScope, owner: string, answer: StoredAnswer): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${IDEMPOTENCY_KEY_TABLE}
          SET state = 'answered', owner = NULL, locked_until = NULL,
              response_status = $5, response_headers = $6, response_body = $7
        WHERE caller_agency = $1 AND caller_id = $2 AND key = $3 AND owner = $4`,
      [
        ...keyOf(scope),
        owner,
        answer.status,
        JSON.stringify(answer.headers),
        JSON.stringify(answer.body ?? null),
      ],
    );
  }

  /** The request was refused (4xx): nothing happened, so the key is free again. */
  async release(scope: IdempotencyScope, owner: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM ${IDEMPOTENCY_KEY_TABLE}
        WHERE caller_agency = $1 AND caller_id = $2 AND key = $3 AND owner = $4`,
      [...keyOf(scope), owner],
    );
  }

  /** The request failed (5xx): its effect is unknown, so the key stays bound and a retry runs again. */
  async abandon(scope: IdempotencyScope, owner: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${IDEMPOTENCY_KEY_TABLE} SET state = 'unanswered', owner = NULL, locked_until = NULL
        WHERE caller_agency = $1 AND caller_id = $2 AND key = $3 AND owner = $4`,
      [...keyOf(scope), owner],
    );
  }

  /** Deletes expired keys; returns how many. */
  async sweep(): Promise<number> {
    return affected(
      await this.dataSource.query(`DELETE FROM ${IDEMPOTENCY_KEY_TABLE} WHERE expires_at < now()`),
    );
  }

  private sweepNowAndThen(): void {
    if (Date.now() - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = Date.now();
    // Housekeeping only: a failure here must not fail the request.
    this.sweep().catch(() => undefined);
  }

  private async read(scope: IdempotencyScope): Promise<Row | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT request_digest, method, path, state, response_status, response_headers, response_body,
              locked_until < now() AS lease_expired, expires_at < now() AS expired
         FROM ${IDEMPOTENCY_KEY_TABLE}
        WHERE caller_agency = $1 AND caller_id = $2 AND key = $3`,
      keyOf(scope),
    )) as Row[];
    return rows[0];
  }

  private async takeOver(
    scope: IdempotencyScope,
    request: RequestFingerprint,
    owner: string,
    condition: string,
  ): Promise<boolean> {
    const result: unknown = await this.dataSource.query(
      `UPDATE ${IDEMPOTENCY_KEY_TABLE}
          SET request_digest = $4, method = $5, path = $6, state = 'running', owner = $7,
              locked_until = now() + make_interval(secs => $8),
              response_status = NULL, response_headers = NULL, response_body = NULL,
              expires_at = CASE WHEN expires_at < now() THEN now() + make_interval(hours => $9)
                                ELSE expires_at END
        WHERE caller_agency = $1 AND caller_id = $2 AND key = $3 AND ${condition}`,
      claimParams(scope, request, owner),
    );
    return affected(result) > 0;
  }
}

/** TypeORM answers UPDATE and DELETE with `[rows, rowCount]`. */
function affected(result: unknown): number {
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}

/** $1 to $9 of a claim (the INSERT of a new key and the UPDATE that takes an old one over). */
function claimParams(scope: IdempotencyScope, request: RequestFingerprint, owner: string): unknown[] {
  return [
    ...keyOf(scope),
    request.digest,
    request.method,
    request.path,
    owner,
    IDEMPOTENCY_LEASE_MS / 1000,
    IDEMPOTENCY_KEY_RETENTION_HOURS,
  ];
}

function keyOf(scope: IdempotencyScope): [string, string, string] {
  return [scope.agency, scope.callerId, scope.key];
}
