/**
 * `temporal.api.testservice.v1.TestService` over the time-skipping clock, with the Java test server's
 * semantics (TestService.java): a lock counter, `Sleep` that waits for server time without touching the
 * locks, `UnlockTimeSkippingWithSleep` that unlocks, waits and locks again, `GetCurrentTime`. Served only
 * when the server runs in time-skipping mode; otherwise these RPCs answer UNIMPLEMENTED as on a real cluster.
 */
import { failedPrecondition, invalidArgument } from '../grpc/errors';
import type { CallContext, Handler } from '../grpc/call-context';
import { type Duration, msFromDur, msFromTs, type Timestamp, tsFromMs } from '../proto';
import { type TimeSkippingClock, TimeSkippingError } from './time-skipping-clock';

function duration(d: Duration | null | undefined): number {
  const ms = msFromDur(d);
  if (ms < 0) throw invalidArgument('duration must not be negative');
  return ms;
}

/** Clock misuse (unbalanced unlock) becomes FAILED_PRECONDITION with the clock's message. */
async function clockCall<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof TimeSkippingError) throw failedPrecondition(e.message);
    throw e;
  }
}

export function testServiceHandlers(clock: TimeSkippingClock): Record<string, Handler> {
  const handlers = {
    LockTimeSkipping: async () => {
      clock.lock();
      return {};
    },
    UnlockTimeSkipping: async () => {
      await clockCall(() => clock.unlock());
      return {};
    },
    Sleep: async (req: { duration?: Duration | null }, ctx: CallContext) => {
      await clock.sleep(duration(req.duration), ctx.signal);
      return {};
    },
    SleepUntil: async (req: { timestamp?: Timestamp | null }, ctx: CallContext) => {
      const at = msFromTs(req.timestamp);
      if (at === undefined) throw invalidArgument('timestamp is required');
      await clock.sleepUntil(at, ctx.signal);
      return {};
    },
    UnlockTimeSkippingWithSleep: async (req: { duration?: Duration | null }, ctx: CallContext) => {
      const ms = duration(req.duration);
      await clockCall(() => clock.unlockWithSleep(ms, ctx.signal));
      return {};
    },
    GetCurrentTime: async () => ({ time: tsFromMs(clock.now()) }),
  };
  return handlers as unknown as Record<string, Handler>;
}
