import type { SlotReserveContext, WorkflowSlotInfo } from '@temporalio/worker';
import { WarmUpSlotSupplier } from './warm-up-slots';

const ctx = { slotType: 'workflow', isSticky: false } as SlotReserveContext;
const used = {
  slotInfo: { type: 'workflow', workflowType: 'sanctionCase', isSticky: false } as WorkflowSlotInfo,
  permit: {},
};
const unused = { permit: {} };

/** Whether a reservation has been granted by now (after pending microtasks). */
async function granted(reservation: Promise<unknown>): Promise<boolean> {
  let done = false;
  void reservation.then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
}

describe('WarmUpSlotSupplier', () => {
  it('grants the initial slots, then one more for each task completed', async () => {
    const slots = new WarmUpSlotSupplier(2, 5);
    const signal = new AbortController().signal;
    expect(await granted(slots.reserveSlot(ctx, signal))).toBe(true);
    expect(await granted(slots.reserveSlot(ctx, signal))).toBe(true);
    const third = slots.reserveSlot(ctx, signal);
    const fourth = slots.reserveSlot(ctx, signal);
    expect(await granted(third)).toBe(false);
    expect(slots.tryReserveSlot(ctx)).toBeNull();

    // A completed task frees its slot and opens one more: both waiters get theirs.
    slots.releaseSlot(used);
    expect(slots.limit()).toBe(3);
    expect(await granted(third)).toBe(true);
    expect(await granted(fourth)).toBe(true);
  });

  it('does not count a slot released unused (an empty poll) as a completed task', async () => {
    const slots = new WarmUpSlotSupplier(1, 5);
    const signal = new AbortController().signal;
    await slots.reserveSlot(ctx, signal);
    const next = slots.reserveSlot(ctx, signal);
    slots.releaseSlot(unused);
    expect(slots.limit()).toBe(1);
    expect(await granted(next)).toBe(true);
    expect(slots.tryReserveSlot(ctx)).toBeNull();
  });

  it('stops at its maximum', () => {
    const slots = new WarmUpSlotSupplier(1, 3);
    for (let i = 0; i < 10; i++) {
      expect(slots.tryReserveSlot(ctx)).not.toBeNull();
      slots.releaseSlot(used);
    }
    expect(slots.limit()).toBe(3);
    expect([1, 2, 3, 4].map(() => slots.tryReserveSlot(ctx))).toEqual([{}, {}, {}, null]);
  });

  it('rejects an aborted reservation with its reason and does not grant it later', async () => {
    const slots = new WarmUpSlotSupplier(1, 1);
    await slots.reserveSlot(ctx, new AbortController().signal);
    const abort = new AbortController();
    const waiting = slots.reserveSlot(ctx, abort.signal);
    const reason = new Error('poller stopped');
    abort.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    slots.releaseSlot(used);
    expect(slots.tryReserveSlot(ctx)).toEqual({});
  });

  it('refuses initial slots outside 1..maximum', () => {
    expect(() => new WarmUpSlotSupplier(0, 4)).toThrow(RangeError);
    expect(() => new WarmUpSlotSupplier(5, 4)).toThrow(RangeError);
  });
});
