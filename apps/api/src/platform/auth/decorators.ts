/**
 * Decorators for controllers. Every route requires a valid bearer token unless marked `@Public()`.
 *
 *   @Roles('officer', 'supervisor')            // only these roles (403 otherwise)
 *   @Post(':id/clarification')
 *   clarify(@CurrentUser() user: AuthenticatedUser, ...) {}
 */
import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthenticatedUser, Role } from './roles';

export const IS_PUBLIC_KEY = 'netral:public';
export const ROLES_KEY = 'netral:roles';
export const READ_OPERATION_KEY = 'netral:read-operation';
/** OpenAPI marker read by `setupOpenApi` to drop the bearer requirement from public operations. */
export const OPENAPI_PUBLIC_EXTENSION = 'x-netral-public';

/** No token needed (health and readiness only; think twice before using it elsewhere). */
export const Public = () =>
  applyDecorators(SetMetadata(IS_PUBLIC_KEY, true), ApiExtension(OPENAPI_PUBLIC_EXTENSION, true));

/** Only callers holding one of these roles may call the route (class or method; method wins). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/**
 * Marks a non-GET route that changes nothing (e.g. `POST /audit/verify-chain`), so auditors, who may
 * only read, can call it.
 */
export const ReadOperation = () => SetMetadata(READ_OPERATION_KEY, true);

/** The authenticated caller: `{ id, role, agency, name }`. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthenticatedUser => {
    const user = ctx.switchToHttp().getRequest<Request>().user;
    if (!user) throw new Error('@CurrentUser() used on a route without authentication (is it @Public()?)');
    return user;
  },
);
