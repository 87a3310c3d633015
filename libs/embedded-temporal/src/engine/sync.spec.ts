import { Notifier } from './sync';

describe('Notifier.listen', () => {
  it('keeps a notification that comes between listening and waiting (a waiter reading state meanwhile)', async () => {
    const notifier = new Notifier();
    const change = notifier.listen('run:r1');
    notifier.notify('run:r1'); // a commit while the waiter awaited its read
    const started = Date.now();
    await expect(change.wait(60_000)).resolves.toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);
    change.stop();
  });

  it('wakes a waiter notified while it waits, times out otherwise, and forgets a stopped listener', async () => {
    const notifier = new Notifier();
    const change = notifier.listen('run:r1');
    const woken = change.wait(60_000);
    notifier.notify('run:r2');
    notifier.notify('run:r1');
    await expect(woken).resolves.toBe(true);
    change.stop();

    const quiet = notifier.listen('run:r1');
    await expect(quiet.wait(10)).resolves.toBe(false);
    quiet.stop();
    const stopped = notifier.listen('run:r1');
    stopped.stop();
    notifier.notify('run:r1');
    await expect(stopped.wait(10)).resolves.toBe(false);
  });

  it('a plain wait after the notification misses it (why waiters listen first)', async () => {
    const notifier = new Notifier();
    notifier.notify('run:r1');
    await expect(notifier.wait('run:r1', 10)).resolves.toBe(false);
  });
});
