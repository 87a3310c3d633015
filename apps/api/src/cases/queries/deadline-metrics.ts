/**
 * Feeds the `netral_deadlines_due` / `netral_deadlines_overdue` gauges: one cheap count on the partial index
 * of open deadlines, made when Prometheus scrapes /metrics.
 */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { MetricsService, PLATFORM_LOGGER } from '../../platform';
import { CaseQueryService } from './case-query.service';

@Injectable()
export class DeadlineMetrics implements OnModuleInit {
  constructor(
    @Inject(CaseQueryService) private readonly queries: CaseQueryService,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.metrics.countDeadlinesWith(() =>
      this.queries.deadlineCounts().catch((error: unknown) => {
        this.logger.warn({ err: error }, 'deadline metrics not refreshed');
        return undefined;
      }),
    );
  }
}
