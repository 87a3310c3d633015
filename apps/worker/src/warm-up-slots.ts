// A workflow task slot supplier that starts a new worker with few slots and opens one more for each workflow
// task it completes, up to its maximum: TCP's slow start for a cold worker (bench/notes/s15-restart.md).
import type {
  CustomSlotSupplier,
  SlotPermit,
  SlotReleaseContext,
  SlotReserveContext,
  WorkflowSlotInfo,
} from '@temporalio/worker';

/**
 * Why: a worker started after a crash is handed every pending task at its first polls (the dead worker's
 * sticky tasks come back on the normal queue, each a full replay). With 40 slots it starts them all at once
 * on its one workflow thread and one event loop, cold (the first activation alone costs ~0.3 s of CPU), so
 * at a machine load of 10 every one of them finishes 4-8 s later, near or past the 10 s task timeout, and a
 * timed-out task's retry starts behind its own overrun attempt. With a few slots the others wait unstarted
 * on the server, where no timeout runs. Once tasks complete the worker is warm and the limit is the
 * maximum, as with the SDK's fixed-size supplier (the local activity inside an officer's command task holds
 * its slot across an append, so steady-state throughput needs the slots).
 */
export class WarmUpSlotSupplier implements CustomSlotSupplier<WorkflowSlotInfo> {
  readonly type = 'custom';
  private held = 0;
  private completed = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly initial: number,
    private readonly maximum: number,
  ) {
    if (!(Number.isInteger(initial) && initial >= 1 && initial <= maximum))
      throw new RangeError(`initial slots must be an integer from 1 to ${maximum}, not ${initial}`);
  }

  /** Slots allowed now: the initial ones, plus one per workflow task completed, at most the maximum. */
  limit(): number {
    return Math.min(this.maximum, this.initial + this.completed);
  }

  reserveSlot(_ctx: SlotReserveContext, abortSignal: AbortSignal): Promise<SlotPermit> {
    if (this.held < this.limit()) {
      this.held++;
      return Promise.resolve({});
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        abortSignal.removeEventListener('abort', abort);
        this.held++;
        resolve({});
      };
      // The SDK aborts a reservation it no longer needs (a poller stopping); it expects the signal's reason.
      const abort = () => {
        const at = this.waiting.indexOf(grant);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(abortSignal.reason);
      };
      this.waiting.push(grant);
      abortSignal.addEventListener('abort', abort, { once: true });
    });
  }

  tryReserveSlot(_ctx: SlotReserveContext): SlotPermit | null {
    if (this.held >= this.limit()) return null;
    this.held++;
    return {};
  }

  markSlotUsed(): void {}

  releaseSlot(ctx: SlotReleaseContext<WorkflowSlotInfo>): void {
    this.held--;
    // A slot released unused (a poll that timed out empty) says nothing about the worker being warm.
    if (ctx.slotInfo && this.completed < this.maximum) this.completed++;
    while (this.waiting.length > 0 && this.held < this.limit()) this.waiting.shift()!();
  }
}
