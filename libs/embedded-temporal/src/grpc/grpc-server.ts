/**
 * The gRPC front: binds the services, turns handler results and ServiceErrors into gRPC replies, answers
 * UNIMPLEMENTED for RPCs we do not serve, and makes RPCs wait until storage is ready (the server listens
 * at once so that launchers that probe the port see it quickly).
 */
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../logger';
import { ServiceError, unimplemented } from './errors';
import { NOT_SUPPORTED, TIME_SKIPPING_ONLY } from './not-supported';
import { methodNames, serviceDefinition, SERVICES } from './service-definitions';
import type { CallContext, Handler } from './call-context';

/** RPCs that must answer before storage is ready (connection probes). */
const NO_STORAGE_NEEDED = new Set(['GetSystemInfo']);

export interface GrpcFront {
  server: grpc.Server;
  port: number;
  /** Installs the handlers once storage is ready; until then RPCs wait. */
  setHandlers(services: Partial<Record<keyof typeof SERVICES, Record<string, Handler>>>): void;
  /**
   * Runs one RPC as the gRPC front would (waiting for storage, UNIMPLEMENTED naming the method when no
   * handler serves it); the HTTP API calls the same handlers through this.
   */
  invoke(service: keyof typeof SERVICES, method: string, request: unknown, ctx: CallContext): Promise<object>;
  /** Makes waiting and future RPCs fail with this error (storage could not start). */
  fail(error: Error): void;
  shutdown(): Promise<void>;
}

export async function startGrpcFront(host: string, port: number, logger: Logger): Promise<GrpcFront> {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': 128 * 1024 * 1024,
    'grpc.max_send_message_length': 128 * 1024 * 1024,
    'grpc.keepalive_permit_without_calls': 1,
    // grpc-js keeps channelz statistics of every call by default (counters, timestamps, a socket and
    // session registry) for a channelz service this server never exposes: ~60 µs of CPU per unary call
    // measured with both ends off (bench/grpc-options.ts), on every RPC of every command.
    'grpc.enable_channelz': 0,
  });
  let handlers: Partial<Record<keyof typeof SERVICES, Record<string, Handler>>> | undefined;
  let failure: Error | undefined;
  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));

  for (const [key, fullName] of Object.entries(SERVICES) as [keyof typeof SERVICES, string][]) {
    const implementation: grpc.UntypedServiceImplementation = {};
    for (const name of methodNames(fullName)) {
      implementation[name] = (
        call: grpc.ServerUnaryCall<unknown, unknown>,
        callback: grpc.sendUnaryData<unknown>,
      ) => {
        void handle(key, name, call, callback);
      };
    }
    server.addService(serviceDefinition(fullName), implementation);
  }

  async function handle(
    service: keyof typeof SERVICES,
    method: string,
    call: grpc.ServerUnaryCall<unknown, unknown>,
    callback: grpc.sendUnaryData<unknown>,
  ): Promise<void> {
    const requestId = randomUUID();
    const started = Date.now();
    const cancellation = new Cancellation();
    // grpc-js emits 'cancelled' after every call it has answered too (its notifyOnCancel follows the
    // trailers): only a cancellation before the answer is the caller's.
    call.on('cancelled', () => {
      if (cancellation.cancel()) logger.debug('rpc cancelled', { requestId, method });
    });
    const deadline = call.getDeadline();
    const deadlineMs = deadline instanceof Date ? deadline.getTime() : Number(deadline);
    const ctx: CallContext = {
      get signal() {
        return cancellation.signal;
      },
      timeLeftMs: () => (Number.isFinite(deadlineMs) ? deadlineMs - Date.now() : Infinity),
    };
    try {
      const response = await invoke(service, method, call.request, ctx);
      cancellation.answered();
      logger.debug('rpc', { requestId, method, ms: Date.now() - started });
      callback(null, response);
    } catch (e) {
      cancellation.answered();
      if (e instanceof ServiceError) {
        logger.debug('rpc error', { requestId, method, code: e.code, message: e.message });
        callback({ code: e.code, details: e.message, metadata: e.metadata() });
      } else {
        logger.error('rpc failed', { requestId, method, error: e instanceof Error ? e.stack : String(e) });
        callback({ code: grpc.status.INTERNAL, details: e instanceof Error ? e.message : String(e) });
      }
    }
  }

  async function invoke(
    service: keyof typeof SERVICES,
    method: string,
    request: unknown,
    ctx: CallContext,
  ): Promise<object> {
    if (!NO_STORAGE_NEEDED.has(method) || !handlers) {
      if (!handlers && !failure) await ready;
    }
    if (failure) throw new ServiceError(grpc.status.UNAVAILABLE, `storage unavailable: ${failure.message}`);
    const handler = handlers?.[service]?.[method];
    if (!handler)
      throw unimplemented(
        method,
        NOT_SUPPORTED[service][method] ?? (service === 'test' ? TIME_SKIPPING_ONLY : undefined),
      );
    return handler(request as never, ctx);
  }

  const boundPort = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );

  return {
    server,
    port: boundPort,
    invoke,
    setHandlers(h) {
      handlers = h;
      markReady();
    },
    fail(error) {
      failure = error;
      markReady();
    },
    shutdown: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}

/**
 * A call's AbortSignal, made only when a handler asks for it (the long polls and waits do; most RPCs never
 * look), and aborted only for a cancellation that comes before the answer: an abort builds a DOMException
 * with its stack and runs the waits' listeners, which grpc-js's 'cancelled' after every answered call made
 * ~2 % of the main thread's CPU under the update round trip.
 */
class Cancellation {
  private controller?: AbortController;
  private cancelled = false;
  private done = false;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.cancelled) this.controller.abort();
    }
    return this.controller.signal;
  }

  /** True when this is the caller's cancellation (the call was not answered yet). */
  cancel(): boolean {
    if (this.done || this.cancelled) return false;
    this.cancelled = true;
    this.controller?.abort();
    return true;
  }

  answered(): void {
    this.done = true;
  }
}
