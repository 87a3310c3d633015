/**
 * Global guards, applied in this order to every route: authentication (bearer JWT), then authorization
 * (`@Roles`, auditors read only), then rate limiting (see http/rate-limit.guard.ts).
 */
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { forbiddenProblem } from '../problems/problem';
import { RequestContext } from '../http/request-context';
import { IS_PUBLIC_KEY, READ_OPERATION_KEY, ROLES_KEY } from './decorators';
import type { Role } from './roles';
import { TokenVerifier } from './token-verifier';

function isPublic(reflector: Reflector, context: ExecutionContext): boolean {
  return (
    reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]) === true
  );
}

@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (isPublic(this.reflector, context)) return true;
    const req = context.switchToHttp().getRequest<Request>();
    const user = await this.verifier.authenticate(req.headers.authorization);
    req.user = user;
    const ctx = RequestContext.current();
    if (ctx) ctx.user = user;
    return true;
  }
}

/** Methods that read; auditors are limited to these unless the route is a `@ReadOperation()`. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

@Injectable()
export class AuthorizationGuard implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (isPublic(this.reflector, context)) return true;
    const req = context.switchToHttp().getRequest<Request>();
    const user = req.user;
    if (!user) throw new Error('AuthorizationGuard ran before authentication');
    const targets = [context.getHandler(), context.getClass()];
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (allowed && !allowed.includes(user.role)) {
      throw forbiddenProblem(
        `This action requires one of the roles: ${allowed.join(', ')}.`,
        `Tindakan ini memerlukan salah satu peran: ${allowed.join(', ')}.`,
      );
    }
    const readOperation = this.reflector.getAllAndOverride<boolean>(READ_OPERATION_KEY, targets) === true;
    if (user.role === 'auditor' && !SAFE_METHODS.has(req.method) && !readOperation) {
      throw forbiddenProblem('Auditors may only read.', 'Auditor hanya dapat membaca data.');
    }
    return true;
  }
}
