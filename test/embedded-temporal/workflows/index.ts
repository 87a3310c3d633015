/** Workflows the conformance suite runs on the embedded server (plain SDK code, nothing server-specific). */
import {
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  executeChild,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  ParentClosePolicy,
} from '@temporalio/workflow';
import type * as activities from '../activities';

const { echo, failing, flaky } = proxyActivities<typeof activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '50ms', backoffCoefficient: 1, maximumAttempts: 5 },
});

const patient = proxyActivities<typeof activities>({ startToCloseTimeout: '60s' });

const heartbeating = proxyActivities<typeof activities>({
  startToCloseTimeout: '20s',
  heartbeatTimeout: '1s',
  retry: { initialInterval: '50ms', maximumAttempts: 3 },
});

const cancellable = proxyActivities<typeof activities>({
  startToCloseTimeout: '30s',
  heartbeatTimeout: '2s',
  cancellationType: 'WAIT_CANCELLATION_COMPLETED' as never,
});

export const addSignal = defineSignal<[number]>('add');
export const finishSignal = defineSignal('finish');
export const totalQuery = defineQuery<number>('total');
export const setValueUpdate = defineUpdate<string, [string]>('setValue');
export const echoUpdate = defineUpdate<string, [string]>('echoViaActivity');
/** Accepted at once, completed when the test releases its key (an update in flight across a restart). */
export const blockedUpdate = defineUpdate<string, [string]>('blockedUntilReleased');

export async function greet(name: string): Promise<string> {
  return await echo(`Hello, ${name}!`);
}

export async function retryUntilSuccess(failuresBeforeSuccess: number): Promise<string> {
  return await flaky(failuresBeforeSuccess);
}

export async function nonRetryable(): Promise<string> {
  return await failing('boom');
}

export async function heartbeatRetry(): Promise<number> {
  return await heartbeating.slowHeartbeat();
}

export async function timers(ms: number): Promise<string> {
  const start = Date.now();
  await sleep(ms);
  return `slept ${Date.now() - start >= ms ? 'enough' : 'too little'}`;
}

export async function counter(): Promise<number> {
  let total = 0;
  let done = false;
  setHandler(addSignal, (n) => void (total += n));
  setHandler(finishSignal, () => void (done = true));
  setHandler(totalQuery, () => total);
  await condition(() => done);
  return total;
}

export async function updatable(): Promise<string> {
  let value = 'initial';
  let done = false;
  setHandler(
    setValueUpdate,
    (v) => {
      const previous = value;
      value = v;
      return previous;
    },
    {
      validator: (v) => {
        if (v === 'bad') throw new Error('value "bad" is refused');
      },
    },
  );
  setHandler(echoUpdate, async (v) => await echo(v));
  setHandler(blockedUpdate, async (key) => await patient.blockUntilReleased(key));
  setHandler(finishSignal, () => void (done = true));
  setHandler(totalQuery, () => value.length);
  await condition(() => done);
  return value;
}

export async function cancellableWork(): Promise<string> {
  try {
    await cancellable.waitForCancel();
    return 'not cancelled';
  } catch (e) {
    if (isCancellation(e)) {
      await CancellationScope.nonCancellable(() => echo('cleanup'));
      throw e;
    }
    throw e;
  }
}

export async function sleeper(): Promise<void> {
  await sleep('1 day');
}

export async function failingWorkflow(): Promise<void> {
  throw ApplicationFailure.nonRetryable('workflow gave up', 'GiveUp');
}

export async function countdown(n: number): Promise<number> {
  if (n > 0) await continueAsNew<typeof countdown>(n - 1);
  return workflowInfo().continuedFromExecutionRunId ? 100 : 0;
}

export async function child(name: string): Promise<string> {
  return `child says ${name}`;
}

export async function parent(): Promise<string[]> {
  const a = await executeChild(child, { args: ['a'] });
  const b = await executeChild(child, { args: ['b'] });
  return [a, b];
}

export async function parentAbandonsOrTerminates(childId: string): Promise<void> {
  await startChild(sleeper, { workflowId: childId, parentClosePolicy: ParentClosePolicy.TERMINATE });
}

export async function signaller(targetId: string): Promise<void> {
  await getExternalWorkflowHandle(targetId).signal(addSignal, 5);
  await getExternalWorkflowHandle(targetId).signal(finishSignal);
}

export async function patchedWorkflow(): Promise<string> {
  if (patched('new-behaviour')) return 'new';
  return 'old';
}

export async function searchable(): Promise<void> {
  upsertSearchAttributes({ CustomKeywordField: ['updated'], CustomIntField: [42] });
  await condition(() => false, '200ms');
}

export async function activityMix(): Promise<string[]> {
  const results = await Promise.all([echo('x'), echo('y'), sleep(10).then(() => 'timer')]);
  return results;
}

const shortLived = proxyActivities<typeof activities>({
  startToCloseTimeout: '3s',
  retry: { initialInterval: '100ms', maximumAttempts: 5 },
});

export async function waitsForRelease(key: string): Promise<string> {
  const fromActivity = await shortLived.blockUntilReleased(key);
  await sleep(300);
  return `${fromActivity}+timer`;
}

export async function longTimer(ms: number): Promise<string> {
  await sleep(ms);
  return 'timer fired';
}

/** What the server tells a workflow about its history size (WorkflowTaskStarted), after a signal. */
export async function historyInfo(): Promise<{ historySize: number; suggested: boolean; root?: unknown }> {
  let go = false;
  setHandler(finishSignal, () => void (go = true));
  await condition(() => go);
  const info = workflowInfo();
  return { historySize: info.historySize, suggested: info.continueAsNewSuggested, root: info.root };
}
const local = proxyLocalActivities<typeof activities>({ startToCloseTimeout: '30s' });

/** A local activity that outlasts its workflow task's timeout: Core heartbeats the task until it ends. */
export async function slowLocalActivity(ms: number): Promise<number> {
  return local.sleepFor(ms);
}
export * from './metadata';
export * from './reset';
export * from './priority';
export * from './cancel-buffered';
