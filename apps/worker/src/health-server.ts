// Liveness and readiness over HTTP for orchestrators (Kubernetes probes, compose healthchecks): the worker
// serves no other HTTP. /health: the process is up; /ready: the Temporal worker is polling (state RUNNING).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WorkerHealthServer {
  port: number;
  close(): Promise<void>;
}

export async function startWorkerHealthServer(
  port: number,
  host: string,
  workerState: () => string,
): Promise<WorkerHealthServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const reply = (code: number, body: object) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return reply(405, { status: 'method not allowed' });
    if (path === '/health') return reply(200, { status: 'ok' });
    if (path === '/ready') {
      const state = workerState();
      return reply(state === 'RUNNING' ? 200 : 503, {
        status: state === 'RUNNING' ? 'ready' : 'not ready',
        state,
      });
    }
    return reply(404, { status: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
