/**
 * Readiness: can this instance serve traffic? Pluggable checks (PostgreSQL, Temporal, …) registered by
 * the modules that own the connections:
 *
 *   constructor(readiness: ReadinessRegistry, dataSource: DataSource) {
 *     readiness.register(sqlReadinessCheck('postgresql', dataSource));
 *   }
 */
import { Injectable } from '@nestjs/common';

export interface ReadinessCheck {
  /** Short, stable name shown in /ready (`postgresql`, `temporal`). */
  name: string;
  /** Resolves when the dependency is usable; rejects (or hangs past the timeout) when it is not. */
  check(): Promise<void>;
}

export interface ReadinessResult {
  name: string;
  status: 'up' | 'down';
  durationMs: number;
  /** Why it is down, in general terms only (`timeout`, `error`): /ready is public, details go to the log. */
  reason?: 'timeout' | 'error';
}

export interface ReadinessReport {
  status: 'ready' | 'not_ready';
  checks: ReadinessResult[];
}

export const READINESS_TIMEOUT_MS = 3000;

@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(check: ReadinessCheck): void {
    if (this.checks.has(check.name)) throw new Error(`readiness check "${check.name}" is already registered`);
    this.checks.set(check.name, check);
  }

  /** Runs every check concurrently; `onFailure` receives the underlying error for logging. */
  async run(
    timeoutMs = READINESS_TIMEOUT_MS,
    onFailure: (name: string, error: unknown) => void = () => {},
  ): Promise<ReadinessReport> {
    const results = await Promise.all(
      [...this.checks.values()].map((c) => runCheck(c, timeoutMs, (e) => onFailure(c.name, e))),
    );
    return { status: results.every((r) => r.status === 'up') ? 'ready' : 'not_ready', checks: results };
  }
}

class CheckTimeout extends Error {}

async function runCheck(
  check: ReadinessCheck,
  timeoutMs: number,
  onFailure: (e: unknown) => void,
): Promise<ReadinessResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CheckTimeout(`timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    await Promise.race([check.check(), timeout]);
    return { name: check.name, status: 'up', durationMs: Math.round(performance.now() - started) };
  } catch (e) {
    onFailure(e);
    return {
      name: check.name,
      status: 'down',
      durationMs: Math.round(performance.now() - started),
      reason: e instanceof CheckTimeout ? 'timeout' : 'error',
    };
  } finally {
    clearTimeout(timer);
  }
}

/** PostgreSQL (or any SQL source with `query`, e.g. a TypeORM DataSource or a pg Pool): `SELECT 1`. */
export function sqlReadinessCheck(
  name: string,
  source: { query(sql: string): Promise<unknown>; isInitialized?: boolean },
): ReadinessCheck {
  return {
    name,
    async check() {
      if (source.isInitialized === false) throw new Error('data source is not initialized');
      await source.query('SELECT 1');
    },
  };
}

/** Temporal (a real cluster or the embedded server): `GetSystemInfo` over the client's connection. */
export function temporalReadinessCheck(
  connection: { workflowService: { getSystemInfo(request: object): Promise<unknown> } },
  name = 'temporal',
): ReadinessCheck {
  return {
    name,
    async check() {
      await connection.workflowService.getSystemInfo({});
    },
  };
}
