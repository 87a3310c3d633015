/**
 * Keeps the `netral_deadlines_due` / `netral_deadlines_overdue` gauges current: one cheap count on the
 * partial index of open deadlines, every REFRESH_MS and shortly after each accepted command. Deadlines pass
 * with time alone, so the timer matters even when nobody sends commands.
 */
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { MetricsService, PLATFORM_LOGGER } from '../../platform';
import { CaseQueryService } from './case-query.service';

const REFRESH_MS = 15_000;
/** Commands in a burst share one refresh. */
const AFTER_COMMAND_MS = 500;

@Injectable()
export class DeadlineMetrics implements OnModuleInit, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private pending?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(CaseQueryService) private readonly queries: CaseQueryService,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.timer.unref();
    void this.refresh();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    clearTimeout(this.pending);
  }

  /** Schedules a refresh soon (after a command changed deadlines). */
  refreshSoon(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      void this.refresh();
    }, AFTER_COMMAND_MS);
    this.pending.unref();
  }

  /** Counts now; concurrent calls share one query. */
  refresh(): Promise<void> {
    this.running ??= this.queries
      .deadlineCounts()
      .then((counts) => this.metrics.setDeadlines(counts))
      .catch((error: unknown) => this.logger.warn({ err: error }, 'deadline metrics not refreshed'))
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
