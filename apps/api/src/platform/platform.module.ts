/**
 * The platform: authentication, authorization, validation, problem documents, rate limiting, health,
 * readiness and metrics. Global, so feature modules can inject `MetricsService`, `ReadinessRegistry`,
 * `TokenVerifier`, `PLATFORM_CONFIG` and `PLATFORM_LOGGER` without importing it.
 */
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Logger } from 'pino';
import { AuthenticationGuard, AuthorizationGuard } from './auth/guards';
import { TokenVerifier } from './auth/token-verifier';
import type { PlatformConfig } from './config';
import { RateLimitGuard } from './http/rate-limit.guard';
import { createPinoLogger } from './logging/logger';
import { HealthController } from './ops/health.controller';
import { MetricsAccessGuard, MetricsController } from './ops/metrics.controller';
import { MetricsService } from './ops/metrics.service';
import { ReadinessRegistry, type ReadinessCheck } from './ops/readiness';
import { ProblemFilter } from './problems/problem.filter';
import { createValidationPipe } from './problems/validation';
import { PLATFORM_CONFIG, PLATFORM_LOGGER } from './tokens';

export interface PlatformOptions {
  config: PlatformConfig;
  /** Defaults to a pino logger at `config.logLevel` writing JSON to stdout. */
  logger?: Logger;
  /** Checks known when the module is built; modules owning connections may `register` more later. */
  readinessChecks?: ReadinessCheck[];
}

@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const { config } = options;
    const logger = options.logger ?? createPinoLogger(config.logLevel);
    return {
      module: PlatformModule,
      global: true,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: config.rateLimit.windowMs, limit: config.rateLimit.limit }],
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: PLATFORM_CONFIG, useValue: config },
        { provide: PLATFORM_LOGGER, useValue: logger },
        { provide: TokenVerifier, useFactory: () => new TokenVerifier(config.auth) },
        MetricsService,
        {
          provide: ReadinessRegistry,
          useFactory: () => {
            const registry = new ReadinessRegistry();
            for (const check of options.readinessChecks ?? []) registry.register(check);
            return registry;
          },
        },
        MetricsAccessGuard,
        // Global guards run in this order: who are you, may you, not too often.
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_GUARD, useClass: AuthorizationGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useFactory: () => new ProblemFilter(logger) },
      ],
      exports: [PLATFORM_CONFIG, PLATFORM_LOGGER, TokenVerifier, MetricsService, ReadinessRegistry],
    };
  }
}
