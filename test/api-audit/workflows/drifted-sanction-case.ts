// A "sanctionCase" that is not the current code: it starts a timer where the real workflow schedules its
// configuration activity. Its history therefore cannot be replayed by the current workflow code, which is
// what the replay check must report as non-determinism.
import { sleep } from '@temporalio/workflow';

export async function sanctionCase(): Promise<string> {
  await sleep(5);
  return 'kode lama';
}
