/**
 * Idempotency-Key on the command endpoints (after the guards, so the caller is known): the same request
 * again replays the first answer with `Idempotent-Replayed: true`; another request with the same key (other
 * body, other case, other endpoint) is refused with 422 IDEMPOTENCY_KEY_REUSED and changes nothing.
 * See IdempotencyStore for the states and their atomicity.
 */
import {
  type BeforeApplicationShutdown,
  type CallHandler,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  type NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DATA_SOURCE } from '../../infrastructure';
import { DomainProblem, PLATFORM_LOGGER, ProblemException } from '../../platform';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { IDEMPOTENCY_KEY } from '../http';
import {
  type Claim,
  fingerprint,
  IdempotencyStore,
  type IdempotencyScope,
  type RequestFingerprint,
  type StoredAnswer,
} from './idempotency.store';

export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
/** Response headers that belong to the answer and are replayed with it. */
const REPLAYED_HEADERS = ['ETag', 'Location'];

const AWAITS_CLAIM = 'netral:idempotency-awaits-claim';

/**
 * Marks handlers that wait for `CommandOptions.claimed` before their first effect (CaseCommandService does):
 * only for them does the claim's round trip overlap the handler's preparation. Every other handler behind
 * the interceptor runs after the claim is won, so a new endpoint cannot act on a key it did not win.
 */
export const AwaitsIdempotencyClaim = () => SetMetadata(AWAITS_CLAIM, true);

declare module 'http' {
  interface IncomingMessage {
    /** The request's fingerprint when it carries an Idempotency-Key (see IdempotencyInterceptor). */
    idempotency?: RequestFingerprint;
    /** Settles with the key's claim: resolved when the request may run (CommandOptions.claimed). */
    idempotencyClaimed?: Promise<void>;
  }
}

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor, BeforeApplicationShutdown {
  private readonly store: IdempotencyStore;
  /** Answers being stored after their response (storeAnswer). */
  private readonly storing = new Set<Promise<void>>();

  constructor(
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {
    this.store = new IdempotencyStore(dataSource);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const header = req.headers['idempotency-key'];
    // Without a (well-formed) key there is nothing to remember; a malformed key is refused by the
    // handler's header check.
    if (typeof header !== 'string' || !IDEMPOTENCY_KEY.test(header) || !req.user) return next.handle();
    const scope: IdempotencyScope = { agency: req.user.agency, callerId: req.user.id, key: header };
    const request = fingerprint(req.method, req.originalUrl.split('?')[0], req.body);
    req.idempotency = request;
    // For handlers that await it (AwaitsIdempotencyClaim), the claim's round trip runs while the pipes and
    // the handler prepare the command; the handler waits for it before anything reaches the workflow.
    const overlap =
      this.reflector.getAllAndOverride<boolean | undefined>(AWAITS_CLAIM, [
        context.getHandler(),
        context.getClass(),
      ]) === true;
    const claiming = this.store.claim(scope, request);
    const claimed = claiming.then((claim) => {
      if (claim.outcome !== 'run') throw new ClaimNotWon();
    });
    // A handler that fails before it waits never reads the rejection: it is handled here.
    claimed.catch(() => undefined);
    req.idempotencyClaimed = claimed;
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      (req.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
    return from(this.run(scope, claiming, overlap, status, res, next));
  }

  private async run(
    scope: IdempotencyScope,
    claiming: Promise<Claim>,
    overlap: boolean,
    status: number,
    res: Response,
    next: CallHandler,
  ): Promise<unknown> {
    const handle = () =>
      lastValueFrom(next.handle(), { defaultValue: undefined }).then(
        (body: unknown) => ({ body }),
        (error: unknown) => ({ error }),
      );
    let handled: Promise<{ body: unknown } | { error: unknown }> | undefined;
    if (overlap) {
      // The claim's INSERT goes out first (the pool hands a free connection over in ticks, before this
      // turn ends); started at once, the pipes' and the handler's synchronous work delayed it by ~0.5-1 ms.
      await new Promise<void>((resolve) => setImmediate(resolve));
      handled = handle();
    }
    let claim: Claim;
    try {
      claim = await claiming;
    } catch (error) {
      // The handler stops at the claim (its rejection); nothing reached the workflow.
      await handled;
      throw error;
    }
    if (claim.outcome !== 'run') {
      // Whatever the handler did stayed before the claim (validation, reads): its outcome is dropped.
      await handled;
    }
    switch (claim.outcome) {
      case 'mismatch':
        throw keyReused(claim.first);
      case 'busy':
        throw new ProblemException({
          status: 409,
          code: 'IDEMPOTENT_REQUEST_IN_PROGRESS',
          detail: 'A request with this Idempotency-Key is still running; retry shortly.',
          detailId: 'Permintaan dengan Idempotency-Key ini masih berjalan; ulangi sebentar lagi.',
          headers: { 'Retry-After': '2' },
        });
      case 'replay':
        for (const [name, value] of Object.entries(claim.answer.headers)) res.setHeader(name, value);
        res.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
        res.status(claim.answer.status);
        return claim.answer.body;
      case 'run':
        break;
    }
    const outcome = await (handled ?? handle());
    if ('error' in outcome) {
      await this.settleFailure(scope, claim.owner, outcome.error);
      throw outcome.error;
    }
    const body = outcome.body;
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = res.getHeader(name);
      if (typeof value === 'string') headers[name] = value;
    }
    this.storeAnswer(scope, claim.owner, { status, headers, body });
    return body;
  }

  /**
   * Stores the answer while the response is being sent, instead of before it (one PostgreSQL round trip
   * less on every keyed command's path). Exact all the same: until the UPDATE commits the claim is
   * `running` under this owner, so a retry waits for it and then replays, and another body is refused by
   * the digest the claim already holds. If this process dies first, the claim lapses with its lease and a
   * retry runs the command again: the workflow's update id makes that return the same outcome (as when
   * the process dies just before answering).
   */
  private storeAnswer(scope: IdempotencyScope, owner: string, answer: StoredAnswer): void {
    const stored = this.store
      .answer(scope, owner, answer)
      .catch((error: unknown) => {
        // The command is done; only the replay copy is missing (see above).
        this.logger.error({ err: error, key: scope.key }, 'could not store the idempotent answer');
      })
      .finally(() => this.storing.delete(stored));
    this.storing.add(stored);
  }

  /** Answers still being stored are written before the connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.storing]);
  }

  private async settleFailure(scope: IdempotencyScope, owner: string, error: unknown): Promise<void> {
    const status = error instanceof HttpException ? error.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
    try {
      if (status < 500) await this.store.release(scope, owner);
      else await this.store.abandon(scope, owner);
    } catch (storeError) {
      // The claim then lapses with its lease, after which a retry takes over.
      this.logger.error({ err: storeError, key: scope.key }, 'could not settle the idempotency key');
    }
  }
}

/** The claim did not give this request the key: the handler must not send its command. */
class ClaimNotWon extends Error {
  constructor() {
    super('the Idempotency-Key was not claimed for this request');
  }
}

function keyReused(first: { method: string; path: string }): DomainProblem {
  return new DomainProblem({
    status: 422,
    code: 'IDEMPOTENCY_KEY_REUSED',
    detail:
      `This Idempotency-Key was first used for another request (${first.method} ${first.path} with ` +
      'another body); use a new key for a new request.',
    detailId:
      `Idempotency-Key ini sudah dipakai untuk permintaan lain (${first.method} ${first.path} dengan isi ` +
      'berbeda); gunakan key baru untuk permintaan baru.',
  });
}
