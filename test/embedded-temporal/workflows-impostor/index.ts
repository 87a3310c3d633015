/**
 * A second worker's code for the same workflow type as workflows/index.ts `counter`, deliberately different
 * (as a worker without the payload codec, or of another version, would be): anything it answers or completes
 * is recognisable, so the sticky suite can tell which worker handled a workflow's tasks and queries.
 */
import { condition, defineQuery, defineSignal, setHandler } from '@temporalio/workflow';

const addSignal = defineSignal<[number]>('add');
const finishSignal = defineSignal('finish');
const totalQuery = defineQuery<number>('total');

export const IMPOSTOR_TOTAL = -1;

export async function counter(): Promise<number> {
  let done = false;
  setHandler(addSignal, () => undefined);
  setHandler(finishSignal, () => void (done = true));
  setHandler(totalQuery, () => IMPOSTOR_TOTAL);
  await condition(() => done);
  return IMPOSTOR_TOTAL;
}
