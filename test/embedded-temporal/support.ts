/** Starts the embedded server on a fresh database and connects the real SDK client and worker to it. */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import {
  startTemporalServer,
  type RunningTemporalServer,
  type TemporalServerOptions,
} from '@netral/embedded-temporal';
import { createTestDatabase } from '../support/database';
import { engineTestWorkflowCode } from '../support/workflow-bundles';
import * as activities from './activities';

let runtimeInstalled = false;

export interface TemporalTestEnv {
  server: RunningTemporalServer;
  databaseUrl: string;
  client: Client;
  connection: Connection;
  nativeConnection: NativeConnection;
  taskQueue: string;
  worker: Worker;
  workerRun: Promise<void>;
  stop(): Promise<void>;
}

export async function startEnv(
  label: string,
  opts: { databaseUrl?: string; taskQueue?: string; server?: Partial<TemporalServerOptions> } = {},
): Promise<TemporalTestEnv> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const databaseUrl = opts.databaseUrl ?? (await createTestDatabase(label));
  const server = await startTemporalServer({ ...opts.server, databaseUrl });
  await server.ready;
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const taskQueue = opts.taskQueue ?? `tq-${label}`;
  const worker = await createWorker(nativeConnection, taskQueue);
  const workerRun = worker.run();
  return {
    server,
    databaseUrl,
    client,
    connection,
    nativeConnection,
    taskQueue,
    worker,
    workerRun,
    async stop() {
      worker.shutdown();
      await workerRun;
      await nativeConnection.close();
      await connection.close();
      await server.stop();
    },
  };
}

export function createWorker(connection: NativeConnection, taskQueue: string): Promise<Worker> {
  return Worker.create({
    connection,
    taskQueue,
    ...engineTestWorkflowCode(),
    activities,
    shutdownGraceTime: '1s',
  });
}
