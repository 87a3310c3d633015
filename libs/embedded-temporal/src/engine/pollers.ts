/**
 * Who polls which task queue, for DescribeTaskQueue: identity, last access time and rate per queue and task
 * type, as the Go server's matching keeps them (`service/matching/poller_history.go`): in memory, an entry
 * forgotten 5 minutes after its last poll (`matching.pollerHistoryTTL`).
 */
import type { Clock } from '../clock';

/** Go matching's default dispatch rate, reported for pollers that set none. */
export const DEFAULT_POLLER_RATE_PER_SECOND = 100_000;
export const POLLER_HISTORY_TTL_MS = 5 * 60_000;

export type PollerTaskType = 'workflow' | 'activity';

export interface PollerInfo {
  identity: string;
  lastAccessTimeMs: number;
  ratePerSecond: number;
}

export class PollerRegistry {
  private readonly queues = new Map<string, Map<string, PollerInfo>>();

  constructor(private readonly clock: Clock) {}

  private key(namespace: string, taskQueue: string, type: PollerTaskType): string {
    return `${namespace}\u0000${type}\u0000${taskQueue}`;
  }

  /** A poll arrived (and again when it ends, so a long poll counts as access for its whole duration). */
  record(
    namespace: string,
    taskQueue: string,
    type: PollerTaskType,
    identity: string,
    ratePerSecond?: number,
  ): void {
    const key = this.key(namespace, taskQueue, type);
    let pollers = this.queues.get(key);
    if (!pollers) this.queues.set(key, (pollers = new Map()));
    pollers.set(identity, {
      identity,
      lastAccessTimeMs: this.clock.now(),
      ratePerSecond: ratePerSecond && ratePerSecond > 0 ? ratePerSecond : DEFAULT_POLLER_RATE_PER_SECOND,
    });
  }

  /** The queue's pollers seen within the TTL, most recent first. */
  list(namespace: string, taskQueue: string, type: PollerTaskType): PollerInfo[] {
    const pollers = this.queues.get(this.key(namespace, taskQueue, type));
    if (!pollers) return [];
    const horizon = this.clock.now() - POLLER_HISTORY_TTL_MS;
    for (const [identity, info] of pollers) if (info.lastAccessTimeMs < horizon) pollers.delete(identity);
    return [...pollers.values()].sort((a, b) => b.lastAccessTimeMs - a.lastAccessTimeMs);
  }
}
