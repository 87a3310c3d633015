/**
 * The request's identity, available anywhere below a handler without passing it around: request id,
 * correlation id and (once authenticated) the caller. Command handlers copy these into the events'
 * metadata so that an auditor can follow one HTTP request through Temporal into the event store.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { AuthenticatedUser } from '../auth/roles';

export interface RequestContextData {
  /** Unique per HTTP request (`X-Request-Id`, accepted from the caller or generated). */
  readonly requestId: string;
  /** Shared by every request of one business operation (`X-Correlation-Id`, default = request id). */
  readonly correlationId: string;
  /** Set by the authentication guard. */
  user?: AuthenticatedUser;
}

const storage = new AsyncLocalStorage<RequestContextData>();

export const RequestContext = {
  /** The current request's context, or undefined outside a request (e.g. in a Temporal activity). */
  current(): RequestContextData | undefined {
    return storage.getStore();
  },
  /** Like `current()`, but throws when called outside a request. */
  require(): RequestContextData {
    const ctx = storage.getStore();
    if (!ctx) throw new Error('RequestContext.require() called outside an HTTP request');
    return ctx;
  },
  run<T>(ctx: RequestContextData, fn: () => T): T {
    return storage.run(ctx, fn);
  },
};

export const REQUEST_ID_HEADER = 'x-request-id';
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/** Caller-supplied ids end up in logs and events: accept only short, plain tokens (no log injection). */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function acceptedId(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v !== undefined && SAFE_ID.test(v) ? v : undefined;
}

export function newRequestId(): string {
  return randomUUID();
}
