/**
 * `node --require dist/bench/command-trace-hook.js` (bench/command-trace.ts passes it to both service
 * processes): notes, on the machine's monotonic clock (the same in every process, see http-trace.ts), each
 * HTTP request the process serves (by its `X-Request-Id`), each unary gRPC call it makes (grpc-js client:
 * the API's Temporal client) or serves (grpc-js server: the embedded Temporal front) and each pg query it
 * sends, from the call to its answer. Kept in memory and written as one JSON file per process when it exits
 * (`COMMAND_TRACE_DIR/<part>-<pid>.json`), so the measured path pays one array push per note.
 */
import { writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { Client as PgClient } from 'pg';

/** [kind, name, start ms, end ms]: h HTTP request served, c gRPC call made, s gRPC call served, q pg query. */
export type TraceNote = [kind: 'h' | 'c' | 's' | 'q', name: string, start: number, end: number];

const notes: TraceNote[] = [];
const now = () => Number(process.hrtime.bigint()) / 1e6;
const dir = process.env.COMMAND_TRACE_DIR;

type AnyFunction = (...args: unknown[]) => unknown;

/** The same arguments with the last one, when it is a callback, calling `done` first. */
function withDone(args: unknown[], done: () => void): boolean {
  const last = args.length - 1;
  const callback = args[last];
  if (typeof callback !== 'function') return false;
  args[last] = function (this: unknown, ...results: unknown[]) {
    done();
    return (callback as AnyFunction).apply(this, results);
  };
  return true;
}

function install(): void {
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === 'request') {
      const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
      const id = req.headers['x-request-id'];
      if (typeof id === 'string') {
        const start = now();
        res.once('finish', () => notes.push(['h', id, start, now()]));
      }
    }
    return (emit as AnyFunction).apply(this, [event, ...args]);
  } as typeof emit;

  const unary = grpc.Client.prototype.makeUnaryRequest;
  grpc.Client.prototype.makeUnaryRequest = function (this: grpc.Client, method: string, ...rest: unknown[]) {
    const start = now();
    withDone(rest, () => notes.push(['c', method, start, now()]));
    return (unary as AnyFunction).call(this, method, ...rest);
  } as typeof unary;

  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (
    this: grpc.Server,
    service: grpc.ServiceDefinition,
    implementation: grpc.UntypedServiceImplementation,
  ) {
    const wrapped: grpc.UntypedServiceImplementation = {};
    for (const [name, handler] of Object.entries(implementation)) {
      const method = service[name]?.path ?? name;
      wrapped[name] = function (this: unknown, ...args: unknown[]) {
        const start = now();
        withDone(args, () => notes.push(['s', method, start, now()]));
        return (handler as AnyFunction).apply(this, args);
      } as never;
    }
    return addService.call(this, service, wrapped);
  };

  const query = PgClient.prototype.query as AnyFunction;
  PgClient.prototype.query = function (this: PgClient, ...args: unknown[]) {
    const config = args[0] as { submit?: unknown; text?: string; name?: string } | string | undefined;
    // A submittable (the event store's append, pg-cursor) is noted when it has a callback, as query(…, cb).
    const text = typeof config === 'string' ? config : (config?.text ?? config?.name ?? '?');
    const start = now();
    const done = () => notes.push(['q', text.slice(0, 160).replace(/\s+/g, ' '), start, now()]);
    if (withDone(args, done)) return query.apply(this, args);
    const result = query.apply(this, args);
    if (result instanceof Promise) result.then(done, done);
    return result;
  } as never;

  process.on('exit', () => {
    writeFileSync(
      path.join(dir!, `${process.env.BENCH_PART ?? 'process'}-${process.pid}.json`),
      JSON.stringify(notes),
    );
  });
}

if (dir) install();
