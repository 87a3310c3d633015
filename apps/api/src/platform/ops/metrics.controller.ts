/**
 * `GET /metrics` for Prometheus. Not public: it requires either the static `METRICS_TOKEN` (for the
 * scraper, which cannot log in) or a JWT with role `admin`.
 */
import { timingSafeEqual } from 'node:crypto';
import {
  type CanActivate,
  Controller,
  type ExecutionContext,
  Get,
  Inject,
  Injectable,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { Public } from '../auth/decorators';
import { TokenVerifier } from '../auth/token-verifier';
import type { PlatformConfig } from '../config';
import { forbiddenProblem } from '../problems/problem';
import { PLATFORM_CONFIG } from '../tokens';
import { MetricsService } from './metrics.service';

@Injectable()
export class MetricsAccessGuard implements CanActivate {
  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const header = req.headers.authorization;
    if (this.config.metricsToken && header && sameSecret(header, `Bearer ${this.config.metricsToken}`)) {
      return true;
    }
    const user = await this.verifier.authenticate(header);
    req.user = user;
    if (user.role !== 'admin') {
      throw forbiddenProblem('Metrics require the admin role.', 'Metrik memerlukan peran admin.');
    }
    return true;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

@ApiTags('operations')
// The global authentication guard is bypassed; MetricsAccessGuard does the checking instead.
@Public()
@SkipThrottle()
@UseGuards(MetricsAccessGuard)
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(MetricsService) private readonly metrics: MetricsService) {}

  @Get()
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'Prometheus metrics (METRICS_TOKEN or an admin token)' })
  @ApiOkResponse({ description: 'Prometheus text exposition format' })
  async scrape(@Res() res: Response): Promise<void> {
    const { contentType, body } = await this.metrics.render();
    res.status(200).type(contentType).send(body);
  }
}
