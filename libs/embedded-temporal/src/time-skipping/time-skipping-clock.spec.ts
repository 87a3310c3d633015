import { TimeSkippingClock, TimeSkippingError } from './time-skipping-clock';

const DAY = 24 * 60 * 60 * 1000;

/** A clock whose "outstanding tasks" are a flag the test sets. */
function clockWith(options: { startLocked?: boolean; initialTimeMs?: number } = {}) {
  const clock = new TimeSkippingClock(options);
  const engine = { busy: false, probes: 0 };
  clock.watch(async () => {
    engine.probes++;
    return !engine.busy;
  });
  return { clock, engine };
}

function wakeUp(clock: TimeSkippingClock, atMs: number): { fired: Promise<number>; hasFired: () => boolean } {
  let done = false;
  const fired = new Promise<number>((resolve) =>
    clock.wakeAt(atMs, () => {
      done = true;
      resolve(clock.now());
    }),
  );
  return { fired, hasFired: () => done };
}

describe('TimeSkippingClock', () => {
  let clock: TimeSkippingClock;
  afterEach(async () => {
    await clock?.stop();
  });

  it('starts locked at wall time (or the given time) and runs at wall speed while locked', async () => {
    ({ clock } = clockWith());
    expect(clock.locks).toBe(1);
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(50);
    const far = wakeUp(clock, clock.now() + DAY);
    // A near wake-up in wall time: the far one must not have been skipped to meanwhile.
    await clock.sleep(30);
    expect(far.hasFired()).toBe(false);
    await clock.stop();

    ({ clock } = clockWith({ initialTimeMs: Date.UTC(2025, 0, 6) }));
    expect(clock.now() - Date.UTC(2025, 0, 6)).toBeLessThan(50);
  });

  it('unlocked and quiet, jumps to the earliest wake-up, then to the next', async () => {
    ({ clock } = clockWith());
    const start = clock.now();
    const second = wakeUp(clock, start + 2 * DAY);
    const first = wakeUp(clock, start + DAY);
    clock.unlock();
    const firstAt = await first.fired;
    const secondAt = await second.fired;
    expect(firstAt - start).toBeGreaterThanOrEqual(DAY);
    expect(firstAt - start).toBeLessThan(DAY + 1000);
    expect(secondAt - start).toBeGreaterThanOrEqual(2 * DAY);
    expect(secondAt - start).toBeLessThan(2 * DAY + 1000);
  });

  it('does not skip while a task is outstanding or a hold is taken; looks again when they end', async () => {
    const setup = clockWith({ startLocked: false });
    clock = setup.clock;
    setup.engine.busy = true;
    const release = clock.hold('deadline scheduler');
    const target = wakeUp(clock, clock.now() + DAY);
    const near = clock.sleep(30);
    await near;
    expect(target.hasFired()).toBe(false);
    // The hold goes; the engine still has an outstanding task.
    release();
    await clock.sleep(30);
    expect(target.hasFired()).toBe(false);
    expect(setup.engine.probes).toBeGreaterThan(0);
    // The task finishes (the engine's transaction releases its hold): time skips.
    setup.engine.busy = false;
    clock.hold('database work')();
    await target.fired;
  });

  it('counts locks like the Java test server and refuses an unbalanced unlock', () => {
    ({ clock } = clockWith());
    clock.lock();
    expect(clock.locks).toBe(2);
    clock.unlock();
    clock.unlock();
    expect(clock.locks).toBe(0);
    expect(() => clock.unlock()).toThrow(TimeSkippingError);
    expect(() => clock.unlockWithSleep(1000)).toThrow(/unbalanced/);
  });

  it('unlockWithSleep advances time by the duration and locks again at that moment', async () => {
    ({ clock } = clockWith());
    const start = clock.now();
    const later = wakeUp(clock, start + 3 * DAY);
    await clock.unlockWithSleep(2 * DAY);
    expect(clock.locks).toBe(1);
    expect(clock.now() - start).toBeGreaterThanOrEqual(2 * DAY);
    expect(clock.now() - start).toBeLessThan(2 * DAY + 1000);
    await clock.sleep(30);
    expect(later.hasFired()).toBe(false);
  });

  it('an abandoned unlockWithSleep takes its lock back', async () => {
    const setup = clockWith();
    clock = setup.clock;
    setup.engine.busy = true;
    const abort = new AbortController();
    const sleeping = clock.unlockWithSleep(DAY, abort.signal);
    expect(clock.locks).toBe(0);
    abort.abort();
    await sleeping;
    expect(clock.locks).toBe(1);
  });
});
