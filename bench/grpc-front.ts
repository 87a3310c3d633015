/**
 * `npx tsx bench/grpc-front.ts`: server-side CPU per unary call of grpc-js's `Server` against a minimal
 * unary gRPC server on `node:http2` (the prototype of a leaner front), each in a child process so its CPU is
 * the server's alone, called by one grpc-js client in the parent (channelz off at both ends, as the embedded
 * server and the API run), or with GRPC_FRONT_CLIENT=native by the SDK worker's NativeConnection (Rust core,
 * tonic/hyper), which makes most of the worker's RPCs. The servers move bytes (no protobuf on their side:
 * the codecs would cost both the same). Rounds alternate (grpc-js, http2, grpc-js, ...), so the machine's
 * load hits both alike; the figure is the child's `process.cpuUsage()` over the measured calls.
 * GRPC_FRONT_CALLS (default 4000) calls per run, GRPC_FRONT_ROUNDS (default 4) rounds of both,
 * GRPC_FRONT_INFLIGHT (default 1) calls in flight, GRPC_FRONT_REQUEST_BYTES / GRPC_FRONT_ANSWER_BYTES
 * (default 1500 / 3000) the messages' sizes. Beside the CPU: the server's read/write syscalls and bytes per
 * call (/proc/self/io), which do not depend on load.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as http2 from 'node:http2';
import * as os from 'node:os';
import * as grpc from '@grpc/grpc-js';
import { temporal } from '@temporalio/proto';
import { NativeConnection } from '@temporalio/worker';
import { round } from './support';

const CALLS = Number(process.env.GRPC_FRONT_CALLS ?? 4000);
const ROUNDS = Number(process.env.GRPC_FRONT_ROUNDS ?? 4);
const IN_FLIGHT = Number(process.env.GRPC_FRONT_INFLIGHT ?? 1);
/**
 * The messages: a DescribeNamespace request and answer (so the SDK's native client can send it too), sized
 * by the namespace name and the description; by default about an UpdateWorkflowExecution request and its
 * answer (a case state). The servers answer the same bytes to any call (GetSystemInfo, the native
 * connection's probe, gets an empty answer).
 */
const REQUEST_BYTES = Number(process.env.GRPC_FRONT_REQUEST_BYTES ?? 1500);
const ANSWER_BYTES = Number(process.env.GRPC_FRONT_ANSWER_BYTES ?? 3000);
const wsv1 = temporal.api.workflowservice.v1;
const REQUEST_MESSAGE = { namespace: 'n'.repeat(REQUEST_BYTES) };
const REQUEST = Buffer.from(wsv1.DescribeNamespaceRequest.encode(REQUEST_MESSAGE).finish());
const ANSWER = Buffer.from(
  wsv1.DescribeNamespaceResponse.encode({
    namespaceInfo: { description: 'd'.repeat(ANSWER_BYTES) },
  }).finish(),
);
const SERVICE = '/temporal.api.workflowservice.v1.WorkflowService/';
const PATH = `${SERVICE}DescribeNamespace`;
const EMPTY = Buffer.alloc(0);
const identity = (b: Buffer) => b;
const CLIENT = process.env.GRPC_FRONT_CLIENT === 'native' ? 'native' : 'grpc-js';

type Variant = 'grpc-js' | 'http2';

// ---- the servers (child side) ----

async function serveGrpcJs(): Promise<number> {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': 128 * 1024 * 1024,
    'grpc.max_send_message_length': 128 * 1024 * 1024,
    'grpc.enable_channelz': 0,
  });
  const method = (name: string): grpc.MethodDefinition<Buffer, Buffer> => ({
    path: SERVICE + name,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  });
  server.addService(
    { DescribeNamespace: method('DescribeNamespace'), GetSystemInfo: method('GetSystemInfo') },
    {
      DescribeNamespace: (
        _call: grpc.ServerUnaryCall<Buffer, Buffer>,
        callback: grpc.sendUnaryData<Buffer>,
      ) => callback(null, ANSWER),
      GetSystemInfo: (_call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) =>
        callback(null, EMPTY),
    },
  );
  return new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
}

const MAX_MESSAGE = 128 * 1024 * 1024;
const TIMEOUT_UNITS: Record<string, number> = { H: 3.6e6, M: 6e4, S: 1e3, m: 1, u: 1e-3, n: 1e-6 };

/**
 * The prototype: one stream per call, the request gathered, the 5-byte framing, trailers, plus the
 * per-call checks a real front makes on the success path (method, content type, encoding, deadline, size,
 * a listener for the caller's cancellation), so that its cost is close to what a full front would pay.
 */
async function serveHttp2(): Promise<number> {
  const server = http2.createServer({ maxSessionMemory: Number.MAX_SAFE_INTEGER });
  const refuse = (stream: http2.ServerHttp2Stream, status: number) =>
    stream.respond(
      { ':status': 200, 'content-type': 'application/grpc', 'grpc-status': String(status) },
      { endStream: true },
    );
  server.on('stream', (stream, headers) => {
    const path = headers[':path'];
    const contentType = headers['content-type'];
    if (headers[':method'] !== 'POST' || !contentType?.startsWith('application/grpc')) {
      stream.respond({ ':status': 415 }, { endStream: true });
      return;
    }
    const encoding = headers['grpc-encoding'];
    if (encoding !== undefined && encoding !== 'identity') return refuse(stream, 12);
    if (path !== PATH && path !== `${SERVICE}GetSystemInfo`) return refuse(stream, 12);
    const timeout = headers['grpc-timeout'];
    const deadline =
      typeof timeout === 'string'
        ? Date.now() + Number(timeout.slice(0, -1)) * (TIMEOUT_UNITS[timeout.slice(-1)] ?? NaN)
        : Infinity;
    let answered = false;
    let cancelled = false;
    stream.once('close', () => {
      if (!answered) cancelled = true;
    });
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (c: Buffer) => {
      size += c.length;
      chunks.push(c);
    });
    stream.on('end', () => {
      if (cancelled || Date.now() > deadline) return;
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
      const length = body.readUInt32BE(1);
      if (body[0] !== 0 || length > MAX_MESSAGE || length !== size - 5) return refuse(stream, 8);
      const request = body.subarray(5, 5 + length);
      void request;
      const answer = path === PATH ? ANSWER : EMPTY;
      const frame = Buffer.allocUnsafe(5 + answer.length);
      frame[0] = 0;
      frame.writeUInt32BE(answer.length, 1);
      answer.copy(frame, 5);
      answered = true;
      stream.respond(
        {
          ':status': 200,
          'content-type': 'application/grpc',
          'grpc-accept-encoding': 'identity,deflate,gzip',
        },
        { waitForTrailers: true },
      );
      stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(frame);
    });
  });
  return new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

/** The process's read/write syscalls and bytes so far (/proc/self/io: rchar, wchar, syscr, syscw). */
function io(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync('/proc/self/io', 'utf8').split('\n')) {
    const [k, v] = line.split(': ');
    if (v) out[k] = Number(v);
  }
  return out;
}

async function child(variant: Variant): Promise<void> {
  const port = variant === 'grpc-js' ? await serveGrpcJs() : await serveHttp2();
  let mark = process.cpuUsage();
  let ioMark = io();
  process.on('message', (m: string) => {
    if (m === 'start') {
      mark = process.cpuUsage();
      ioMark = io();
      process.send!({ started: true });
    } else if (m === 'stop') {
      const used = process.cpuUsage(mark);
      const now = io();
      process.send!({
        cpuUs: used.user + used.system,
        sysUs: used.system,
        syscalls: now.syscr + now.syscw - ioMark.syscr - ioMark.syscw,
        bytes: now.rchar + now.wchar - ioMark.rchar - ioMark.wchar,
      });
    } else if (m === 'exit') process.exit(0);
  });
  process.send!({ port });
}

// ---- the client (parent side) ----

function ask(proc: ChildProcess, message: string): Promise<Record<string, number>> {
  return new Promise((resolve) => {
    proc.once('message', (m) => resolve(m as Record<string, number>));
    proc.send(message);
  });
}

interface Run {
  serverCpuUs: number;
  serverSysUs: number;
  /** read/write syscalls per call (IPC's two messages per run included, negligible). */
  serverSyscalls: number;
  /** bytes read + written per call. */
  serverBytes: number;
  clientCpuUs: number;
  wallUs: number;
}

async function run(variant: Variant): Promise<Run> {
  const profile = process.env.GRPC_FRONT_PROFILE_DIR;
  const proc = fork(__filename, ['--server', variant], {
    execArgv: ['--import', 'tsx', ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}/${variant}`] : [])],
  });
  const { port } = await new Promise<{ port: number }>((resolve) =>
    proc.once('message', (m) => resolve(m as { port: number })),
  );
  let call: () => Promise<void>;
  let close: () => Promise<void>;
  if (CLIENT === 'native') {
    // The SDK worker's client: Rust core (tonic/hyper) behind the bridge, as the worker's RPCs are made.
    // Uncompressed, as the worker connects to the embedded server (the prototype does not inflate).
    const connection = await NativeConnection.connect({
      address: `127.0.0.1:${port}`,
      grpcCompression: { codec: 'none' },
    });
    call = async () => {
      const answer = await connection.workflowService.describeNamespace(REQUEST_MESSAGE);
      if (answer.namespaceInfo?.description?.length !== ANSWER_BYTES) throw new Error('bad answer');
    };
    close = () => connection.close();
  } else {
    const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      'grpc.enable_channelz': 0,
      'grpc.max_receive_message_length': 128 * 1024 * 1024,
    });
    call = () =>
      new Promise<void>((resolve, reject) =>
        client.makeUnaryRequest(PATH, identity, identity, REQUEST, (e, answer) =>
          e ? reject(e) : answer?.equals(ANSWER) ? resolve() : reject(new Error('bad answer')),
        ),
      );
    close = async () => client.close();
  }
  const calls = async (n: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next++ < n) await call();
      }),
    );
  };
  await calls(1000); // warm both ends' JIT
  await ask(proc, 'start');
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await calls(CALLS);
  const wall = Number(process.hrtime.bigint() - start) / 1e3;
  const used = process.cpuUsage(cpu);
  const { cpuUs, sysUs, syscalls, bytes } = await ask(proc, 'stop');
  await close();
  proc.send('exit');
  await new Promise((resolve) => proc.once('exit', resolve));
  return {
    serverCpuUs: round(cpuUs / CALLS),
    serverSysUs: round(sysUs / CALLS),
    serverSyscalls: round(syscalls / CALLS),
    serverBytes: round(bytes / CALLS),
    clientCpuUs: round((used.user + used.system) / CALLS),
    wallUs: round(wall / CALLS),
  };
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const variants: Variant[] = ['grpc-js', 'http2'];
  const results: Record<string, Run[]> = {};
  const loads = [os.loadavg()[0]];
  for (let r = 0; r < ROUNDS; r++) {
    for (const v of variants) (results[v] ??= []).push(await run(v));
    loads.push(os.loadavg()[0]);
  }
  console.log(
    `load (1 min) per round ${loads.map(round).join(' ')}; ${CALLS} calls, ${IN_FLIGHT} in flight,`,
    `${CLIENT} client, request ${REQUEST.length} B, answer ${ANSWER.length} B`,
  );
  for (const [name, runs] of Object.entries(results)) {
    console.log(
      name.padEnd(8),
      'server CPU µs/call',
      runs.map((r) => r.serverCpuUs).join(', '),
      '| of it system',
      runs.map((r) => r.serverSysUs).join(', '),
      '| syscalls',
      runs.map((r) => r.serverSyscalls).join(', '),
      '| bytes',
      runs.map((r) => r.serverBytes).join(', '),
      '| client CPU µs/call',
      runs.map((r) => r.clientCpuUs).join(', '),
      '| wall µs/call',
      runs.map((r) => r.wallUs).join(', '),
      '| median server',
      median(runs.map((r) => r.serverCpuUs)),
    );
  }
}

if (process.argv[2] === '--server') {
  void child(process.argv[3] as Variant);
} else {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
