/** The API platform's public surface: import from here (`./platform`), not from the files inside. */
export { PlatformModule, type PlatformOptions } from './platform.module';
export { createApiApp, configureApp } from './create-app';
export {
  platformConfigFromEnv,
  platformConfig,
  ConfigError,
  type PlatformConfig,
  type AuthConfig,
  LOCAL_TOKEN_ISSUER,
  LOCAL_TOKEN_AUDIENCE,
} from './config';
export { PLATFORM_CONFIG, PLATFORM_LOGGER } from './tokens';
export { Public, Roles, ReadOperation, CurrentUser } from './auth/decorators';
export { AuthenticationGuard, AuthorizationGuard } from './auth/guards';
export { TokenVerifier, userFromClaims } from './auth/token-verifier';
export { assertAgencyAccess, canAccessAgency, agencyScope } from './auth/agency';
export {
  ROLES,
  ALL_AGENCIES,
  AGENCY_PATTERN,
  isRole,
  canSeeReporterIdentity,
  reporterIdentityFor,
  type Role,
  type AuthenticatedUser,
} from './auth/roles';
export { loadOrCreateLocalSecret, type LocalSecret } from './auth/local-secret';
export { mintLocalToken, parseTtl } from './auth/local-token';
export {
  ProblemException,
  DomainProblem,
  notFoundProblem,
  forbiddenProblem,
  PROBLEM_CONTENT_TYPE,
  type ProblemDocument,
  type ProblemInit,
  type FieldError,
  type DomainProblemStatus,
} from './problems/problem';
export { RequestContext, type RequestContextData } from './http/request-context';
export { acceptMultipartOn } from './http/multipart';
export { MetricsService, type CommandOutcome, type DeadlineCounts } from './ops/metrics.service';
export {
  ReadinessRegistry,
  sqlReadinessCheck,
  temporalReadinessCheck,
  type ReadinessCheck,
  type ReadinessReport,
} from './ops/readiness';
export { setupOpenApi, buildOpenApiDocument } from './openapi/openapi';
export { createPinoLogger, PinoNestLogger } from './logging/logger';
