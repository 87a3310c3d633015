import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { CaseActivities } from '@netral/workflows';
import type { DataSource } from 'typeorm';
import { DEFAULT_MAX_CACHED_WORKFLOWS, createCaseWorker } from './case-worker';

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
});
