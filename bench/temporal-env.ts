/**
 * The embedded Temporal server, the real SDK worker and a client in one process, as the Temporal benches run
 * them (embedded-temporal.bench.ts for the figures, temporal-cpu.ts for CPU per operation).
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import {
  startTemporalServer,
  type RunningTemporalServer,
  type TemporalServerOptions,
} from '@netral/embedded-temporal';

export interface BenchTemporal {
  server: RunningTemporalServer;
  client: Client;
  /** The worker's connection (a client on it can ask for eager workflow start). */
  nativeConnection: NativeConnection;
  worker: Worker;
  taskQueue: string;
  close(): Promise<void>;
}

export async function startBenchTemporal(
  databaseUrl: string,
  serverOptions: Partial<TemporalServerOptions> = {},
): Promise<BenchTemporal> {
  // Eager activity dispatch on, as Netral's `npm start` runs the embedded server.
  const server = await startTemporalServer({
    ...serverOptions,
    databaseUrl,
    port: 0,
    activityEagerExecution: true,
  });
  await server.ready;
  // No gRPC compression, as Netral's worker connects to the embedded server (apps/api/src/service.ts): gzip of
  // every Core request and its inflation here cost ~1.3 ms of CPU per update round trip, for nothing on
  // loopback. The SDK's default (gzip) stays for an external server.
  const nativeConnection = await NativeConnection.connect({
    address: server.address,
    grpcCompression: { codec: 'none' },
  });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const taskQueue = 'bench';
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('./temporal-workflows'),
    activities: { greet: async (name: string) => `Halo, ${name}` },
    maxConcurrentWorkflowTaskExecutions: 100,
    maxConcurrentActivityTaskExecutions: 100,
  });
  return {
    server,
    client,
    nativeConnection,
    worker,
    taskQueue,
    async close() {
      await connection.close();
      await nativeConnection.close();
      await server.stop();
    },
  };
}
