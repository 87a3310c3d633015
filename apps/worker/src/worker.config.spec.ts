import { WorkerConfigError, workerConfigFromEnv } from './worker.config';

describe('workerConfigFromEnv', () => {
  const base = { DATABASE_URL: 'postgres://netral@localhost/netral' };

  it('leaves gRPC compression to the SDK default (gzip) when TEMPORAL_GRPC_COMPRESSION is unset', () => {
    expect(workerConfigFromEnv(base).temporalGrpcCompression).toBeUndefined();
  });

  it.each(['gzip', 'none'] as const)('takes TEMPORAL_GRPC_COMPRESSION=%s', (value) => {
    expect(workerConfigFromEnv({ ...base, TEMPORAL_GRPC_COMPRESSION: value }).temporalGrpcCompression).toBe(
      value,
    );
  });

  it('refuses another compression with a message naming the variable', () => {
    expect(() => workerConfigFromEnv({ ...base, TEMPORAL_GRPC_COMPRESSION: 'brotli' })).toThrow(
      new WorkerConfigError('TEMPORAL_GRPC_COMPRESSION must be gzip or none, not "brotli"'),
    );
  });

  it('takes WORKER_INITIAL_WORKFLOW_TASK_SLOTS as a positive integer', () => {
    expect(workerConfigFromEnv(base).initialWorkflowTaskSlots).toBeUndefined();
    expect(
      workerConfigFromEnv({ ...base, WORKER_INITIAL_WORKFLOW_TASK_SLOTS: '40' }).initialWorkflowTaskSlots,
    ).toBe(40);
    expect(() => workerConfigFromEnv({ ...base, WORKER_INITIAL_WORKFLOW_TASK_SLOTS: '0' })).toThrow(
      new WorkerConfigError('WORKER_INITIAL_WORKFLOW_TASK_SLOTS must be a positive integer'),
    );
  });

  it('requires DATABASE_URL', () => {
    expect(() => workerConfigFromEnv({})).toThrow(WorkerConfigError);
  });
});
