import { type NativeConnection, type TunerHolder, Worker, type WorkerOptions } from '@temporalio/worker';
import type { CaseActivities } from '@netral/workflows';
import type { DataSource } from 'typeorm';
import {
  DEFAULT_INITIAL_WORKFLOW_TASK_SLOTS,
  DEFAULT_MAX_CACHED_WORKFLOWS,
  DEFAULT_SHUTDOWN_FORCE_TIME,
  createCaseWorker,
} from './case-worker';
import { payloadConverter } from '@netral/workflows/payload-converter';
import { WarmUpSlotSupplier } from './warm-up-slots';

// What createCaseWorker hands the SDK: Worker.create is replaced, so no server or bundle is needed.
describe('createCaseWorker', () => {
  let created: WorkerOptions | undefined;

  beforeEach(() => {
    created = undefined;
    jest.spyOn(Worker, 'create').mockImplementation((options) => {
      created = options;
      return Promise.resolve({} as Worker);
    });
  });

  afterEach(() => jest.restoreAllMocks());

  const base = {
    connection: {} as NativeConnection,
    dataSource: {} as DataSource,
    activities: {} as CaseActivities,
    workflowBundle: { codePath: '/nonexistent/case-workflows.js' },
  };

  it("leaves the SDK's own defaults for the tuning options when none are given", async () => {
    await createCaseWorker(base);
    expect(created).toBeDefined();
    expect(created).not.toHaveProperty('reuseV8Context');
    expect(created).not.toHaveProperty('nonStickyToStickyPollRatio');
    expect(created?.maxCachedWorkflows).toBe(DEFAULT_MAX_CACHED_WORKFLOWS);
  });

  it('passes the tuning options to the SDK worker beside the case settings', async () => {
    await createCaseWorker({
      ...base,
      tuning: { reuseV8Context: false, nonStickyToStickyPollRatio: 1 },
    });
    expect(created).toMatchObject({
      reuseV8Context: false,
      nonStickyToStickyPollRatio: 1,
      maxCachedWorkflows: DEFAULT_MAX_CACHED_WORKFLOWS,
      workflowBundle: base.workflowBundle,
    });
  });

  it('warms the workflow task slots up from a few, the other slots fixed as the SDK sizes them', async () => {
    await createCaseWorker({ ...base, maxConcurrentActivityTaskExecutions: 7 });
    expect(created).not.toHaveProperty('maxConcurrentWorkflowTaskExecutions');
    expect(created).not.toHaveProperty('maxConcurrentActivityTaskExecutions');
    const tuner = created?.tuner as TunerHolder;
    expect(tuner.workflowTaskSlotSupplier).toBeInstanceOf(WarmUpSlotSupplier);
    expect((tuner.workflowTaskSlotSupplier as WarmUpSlotSupplier).limit()).toBe(
      DEFAULT_INITIAL_WORKFLOW_TASK_SLOTS,
    );
    expect(tuner.activityTaskSlotSupplier).toEqual({ type: 'fixed-size', numSlots: 7 });
    expect(tuner.localActivityTaskSlotSupplier).toEqual({ type: 'fixed-size', numSlots: 100 });
  });

  it('converts payloads with the native JSON converter, the codec beside it', async () => {
    await createCaseWorker(base);
    const path = created?.dataConverter?.payloadConverterPath;
    expect(path).toMatch(/libs[/\\]workflows[/\\]src[/\\]payload-converter\.(ts|js)$/);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect((require(path!) as typeof import('@netral/workflows/payload-converter')).payloadConverter).toBe(
      payloadConverter,
    );
    const codec = { encode: (p: never) => Promise.resolve(p), decode: (p: never) => Promise.resolve(p) };
    await createCaseWorker({ ...base, payloadCodec: codec });
    expect(created?.dataConverter).toEqual({ payloadConverterPath: path, payloadCodecs: [codec] });
  });

  it('gives up a stop after a force time, so a task that never ends cannot keep the process alive', async () => {
    await createCaseWorker(base);
    expect(created).toMatchObject({
      shutdownGraceTime: '30s',
      shutdownForceTime: DEFAULT_SHUTDOWN_FORCE_TIME,
    });
    await createCaseWorker({ ...base, shutdownGraceTime: '1s', shutdownForceTime: '2s' });
    expect(created).toMatchObject({ shutdownGraceTime: '1s', shutdownForceTime: '2s' });
  });

  it("keeps the SDK's fixed-size slots when the initial slots are the maximum", async () => {
    await createCaseWorker({
      ...base,
      initialWorkflowTaskSlots: 8,
      maxConcurrentWorkflowTaskExecutions: 8,
      tuning: { maxConcurrentLocalActivityExecutions: 3 },
    });
    expect(created).not.toHaveProperty('tuner');
    expect(created).toMatchObject({
      maxConcurrentWorkflowTaskExecutions: 8,
      maxConcurrentLocalActivityExecutions: 3,
    });
  });
});
