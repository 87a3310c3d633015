/**
 * `npx tsx bench/grpc-options.ts`: CPU per unary call of grpc-js alone (server and client in this process,
 * raw bytes, no protobuf), channelz on (grpc-js's default) against off (`'grpc.enable_channelz': 0` on both
 * ends, as the embedded server and the API's Temporal connection now set it). Runs alternate, so the
 * machine's load hits both alike; CPU per call (process.cpuUsage) is the figure, not wall time.
 * GRPC_OPTIONS_CALLS (default 4000) calls per run, GRPC_OPTIONS_ROUNDS (default 4) rounds of both.
 */
import * as os from 'node:os';
import * as grpc from '@grpc/grpc-js';
import { round } from './support';

const CALLS = Number(process.env.GRPC_OPTIONS_CALLS ?? 4000);
const ROUNDS = Number(process.env.GRPC_OPTIONS_ROUNDS ?? 4);
/** About an UpdateWorkflowExecution request and its answer (a case state). */
const REQUEST = Buffer.alloc(1500, 1);
const ANSWER = Buffer.alloc(3000, 2);

const identity = (b: Buffer) => b;
const definition: grpc.ServiceDefinition = {
  Call: {
    path: '/bench.Echo/Call',
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
};

async function run(options: grpc.ChannelOptions): Promise<{ cpuUsPerCall: number; wallUsPerCall: number }> {
  const server = new grpc.Server(options);
  server.addService(definition, {
    Call: (_call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) =>
      callback(null, ANSWER),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), options);
  const call = () =>
    new Promise<void>((resolve, reject) =>
      client.makeUnaryRequest('/bench.Echo/Call', identity, identity, REQUEST, (e) =>
        e ? reject(e) : resolve(),
      ),
    );
  for (let i = 0; i < 200; i++) await call();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) await call();
  const wall = Number(process.hrtime.bigint() - start) / 1e3;
  const used = process.cpuUsage(cpu);
  client.close();
  await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
  return { cpuUsPerCall: round((used.user + used.system) / CALLS), wallUsPerCall: round(wall / CALLS) };
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const variants: Record<string, grpc.ChannelOptions> = {
    channelzOn: {},
    channelzOff: { 'grpc.enable_channelz': 0 },
  };
  const results: Record<string, { cpuUsPerCall: number; wallUsPerCall: number }[]> = {};
  // A round of each first, not counted: the first runs pay the JIT.
  for (const options of Object.values(variants)) await run(options);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, options] of Object.entries(variants)) {
      (results[name] ??= []).push(await run(options));
    }
  }
  console.log(`load ${os.loadavg().map(round).join(' ')}`);
  for (const [name, runs] of Object.entries(results)) {
    console.log(
      name,
      'CPU µs per call',
      runs.map((r) => r.cpuUsPerCall).join(', '),
      '| wall µs per call',
      runs.map((r) => r.wallUsPerCall).join(', '),
      '| median CPU µs',
      median(runs.map((r) => r.cpuUsPerCall)),
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
