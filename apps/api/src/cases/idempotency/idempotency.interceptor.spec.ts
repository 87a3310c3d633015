/**
 * When the key's claim is decided against the handler's start: only handlers marked AwaitsIdempotencyClaim
 * may be prepared while the claim's round trip runs; any other handler behind the interceptor starts after
 * the claim is won, and never when it is lost (the store is a stand-in: this is the interceptor alone).
 */
import { Controller, type CallHandler, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { lastValueFrom, of } from 'rxjs';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { AwaitsIdempotencyClaim, IdempotencyInterceptor } from './idempotency.interceptor';
import type { Claim } from './idempotency.store';

@Controller()
class Unmarked {
  handle(): void {}
}

@Controller()
@AwaitsIdempotencyClaim()
class Marked {
  handle(): void {}
}

function given(controller: typeof Unmarked | typeof Marked) {
  let decide!: (claim: Claim) => void;
  const claim = new Promise<Claim>((resolve) => (decide = resolve));
  const interceptor = new IdempotencyInterceptor({} as DataSource, new Reflector(), {
    error: jest.fn(),
  } as unknown as Logger);
  Object.assign(interceptor, { store: { claim: () => claim, answer: () => Promise.resolve() } });
  const req = {
    headers: { 'idempotency-key': 'key-1234567890abcdef' },
    user: { agency: 'kota-bekasi', id: 'officer-1' },
    method: 'POST',
    originalUrl: '/cases/c-1/assignment',
    body: { officerId: 'officer-2' },
  };
  const res = { getHeader: () => undefined, setHeader: jest.fn(), status: jest.fn() };
  const context = {
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
    getHandler: () => controller.prototype.handle,
    getClass: () => controller,
  } as unknown as ExecutionContext;
  const started = jest.fn();
  const next: CallHandler = {
    handle: () => {
      started();
      return of({ done: true });
    },
  };
  const answer = lastValueFrom(interceptor.intercept(context, next));
  return { decide, answer, started };
}

const turns = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

describe('IdempotencyInterceptor: the handler against the claim', () => {
  it('starts an unmarked handler only after the claim is won', async () => {
    const { decide, answer, started } = given(Unmarked);
    await turns();
    expect(started).not.toHaveBeenCalled();
    decide({ outcome: 'run', owner: 'owner-1' });
    await expect(answer).resolves.toEqual({ done: true });
    expect(started).toHaveBeenCalledTimes(1);
  });

  it('never starts an unmarked handler when the key belongs to another request', async () => {
    const { decide, answer, started } = given(Unmarked);
    decide({ outcome: 'mismatch', first: { method: 'POST', path: '/cases/c-2/assignment' } });
    await expect(answer).rejects.toMatchObject({ status: 422 });
    expect(started).not.toHaveBeenCalled();
  });

  it('prepares a marked handler while the claim runs', async () => {
    const { decide, answer, started } = given(Marked);
    await turns();
    expect(started).toHaveBeenCalledTimes(1);
    decide({ outcome: 'run', owner: 'owner-1' });
    await expect(answer).resolves.toEqual({ done: true });
  });
});
