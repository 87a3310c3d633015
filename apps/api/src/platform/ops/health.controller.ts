/**
 * Liveness and readiness probes: public (orchestrators and load balancers carry no token), not rate
 * limited, and reveal nothing but up/down.
 */
import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { Public } from '../auth/decorators';
import { PLATFORM_LOGGER } from '../tokens';
import { ReadinessRegistry, type ReadinessReport } from './readiness';

@ApiTags('operations')
@Public()
@SkipThrottle()
@Controller()
export class HealthController {
  constructor(
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  @Get('health')
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: PostgreSQL, Temporal and other dependencies are reachable' })
  @ApiOkResponse({
    schema: { example: { status: 'ready', checks: [{ name: 'postgresql', status: 'up', durationMs: 2 }] } },
  })
  @ApiServiceUnavailableResponse({ description: 'At least one check failed; the body lists each check.' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessReport> {
    const report = await this.readiness.run(undefined, (name, error) =>
      this.logger.warn({ check: name, err: error }, 'readiness check failed'),
    );
    res.status(report.status === 'ready' ? 200 : 503);
    return report;
  }
}
