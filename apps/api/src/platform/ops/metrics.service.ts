/**
 * Prometheus metrics. One registry per application (tests start several apps in one process).
 * Other modules inject `MetricsService` and record through its methods.
 */
import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type CommandOutcome = 'accepted' | 'rejected' | 'failed';

/** What the deadline gauges show: open deadlines due soon, past due, and not tracked at all. */
export interface DeadlineCounts {
  due: number;
  overdue: number;
  untracked: number;
}

@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  /** HTTP latency by method, route template (`/cases/:id`, never the raw URL) and status. */
  readonly httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency in seconds',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** Case commands by name and outcome (accepted, rejected by the domain, failed technically). */
  readonly commands = new Counter({
    name: 'netral_commands_total',
    help: 'Case commands handled, by command and outcome',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly deadlinesDue = new Gauge({
    name: 'netral_deadlines_due',
    help: 'Statutory deadlines that fall due soon (within the reminder window) and are not yet met',
    registers: [this.registry],
  });

  readonly deadlinesOverdue = new Gauge({
    name: 'netral_deadlines_overdue',
    help: 'Statutory deadlines that have passed without the expected action',
    registers: [this.registry],
  });

  /** Open deadlines the workflow could not plan or record (DeadlineNotTracked): nobody counts them. */
  readonly deadlinesUntracked = new Gauge({
    name: 'netral_deadlines_untracked',
    help: 'Open statutory deadlines the system could not compute or record, so that nobody counts them',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'netral_' });
  }

  recordCommand(command: string, outcome: CommandOutcome): void {
    this.commands.inc({ command, outcome });
  }

  private deadlineSource?: () => Promise<DeadlineCounts | undefined>;

  /**
   * Where the deadline gauges come from: asked at each scrape, since deadlines fall due with time alone.
   * A source that answers undefined (e.g. the database is down) leaves the last values.
   */
  countDeadlinesWith(source: () => Promise<DeadlineCounts | undefined>): void {
    this.deadlineSource = source;
  }

  setDeadlines(counts: DeadlineCounts): void {
    this.deadlinesDue.set(counts.due);
    this.deadlinesOverdue.set(counts.overdue);
    this.deadlinesUntracked.set(counts.untracked);
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.httpRequestDuration.observe({ method, route, status: String(status) }, seconds);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    const deadlines = await this.deadlineSource?.();
    if (deadlines) this.setDeadlines(deadlines);
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
